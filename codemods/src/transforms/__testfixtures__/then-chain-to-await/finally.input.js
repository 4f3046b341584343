var Promise = require('bluebird');
var db = require('./db');
var log = require('./log');

// a synchronous throw in Promise.try still runs the finally handler in a later tick
function timed(id) {
  var started = Date.now();
  return Promise.try(function () {
    if (!id) {
      throw new Error('id required');
    }
    return db.findAsync(id);
  }).finally(function () {
    log.debug('took %dms', Date.now() - started);
  });
}

module.exports = { timed: timed };
