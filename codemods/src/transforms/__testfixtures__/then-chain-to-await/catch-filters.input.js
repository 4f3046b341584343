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
function load(id) {
  return Promise.try(function () {
    return db.loadAsync(id);
  }).catch(GoneError, retryable, function (err) {
    return db.loadAsync(id, { fallback: err.message });
  });
}

// errors.* is another module: classified by name, with a caveat
function create(doc) {
  return Promise.try(function () {
    return db.insertAsync(doc);
  }).catch(errors.ConflictError, function () {
    return null;
  }).catch(function (err) {
    throw new errors.AppError(err.message);
  });
}

module.exports = { load: load, create: create };
