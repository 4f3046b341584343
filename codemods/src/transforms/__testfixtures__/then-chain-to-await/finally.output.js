var Promise = require('bluebird');
var db = require('./db');
var log = require('./log');

// a synchronous throw in Promise.try still runs the finally handler in a later tick
async function timed(id) {
  var started = Date.now();

  try {
    if (!id) {
      throw new Error('id required');
    }
    return await db.findAsync(id);
  } finally {
    // bluebird ran this handler in a later tick, even after a synchronous throw
    await null;

    log.debug('took %dms', Date.now() - started);
  }
}

module.exports = { timed: timed };
