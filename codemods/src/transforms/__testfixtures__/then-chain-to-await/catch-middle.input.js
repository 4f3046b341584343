var Promise = require('bluebird');
var cache = require('./cache');
var db = require('./db');

// the catch only covers cache.getAsync; the steps after it run either way
function lookup(key) {
  return Promise.try(function () {
    return cache.getAsync(key);
  }).catch(function () {
    return null;
  }).then(function (cached) {
    if (cached) {
      return cached;
    }
    return db.findAsync(key);
  });
}

module.exports = { lookup: lookup };
