var Promise = require('bluebird');
var util = require('util');
var db = require('./db');
var errors = require('./errors');

function GoneError(message) {
  Error.call(this);
  this.message = message;
}
util.inherits(GoneError, Error);

function retryable(err) {
  return err.code === 'EAGAIN';
}

// GoneError and retryable are declared here: exact, no caveat
async function load(id) {
  try {
    return await db.loadAsync(id);
  } catch (err) {
    // bluebird ran this handler in a later tick, even after a synchronous throw
    await null;

    if (!(err instanceof GoneError || retryable(err))) {
      throw err;
    }

    return db.loadAsync(id, { fallback: err.message });
  }
}

// errors.* is another module: classified by name, with a caveat
async function create(doc) {
  try {
    try {
      return await db.insertAsync(doc);
    } catch (err2) {
      // bluebird ran this handler in a later tick, even after a synchronous throw
      await null;

      if (!(err2 instanceof errors.ConflictError)) {
        throw err2;
      }

      return null;
    }
  } catch (err) {
    throw new errors.AppError(err.message);
  }
}

module.exports = { load: load, create: create };
