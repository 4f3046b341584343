var Promise = require('bluebird');
var cache = require('./cache');
var db = require('./db');

// the catch only covers cache.getAsync; the steps after it run either way
async function lookup(key) {
  let cached;

  try {
    cached = await cache.getAsync(key);
  } catch {
    // bluebird ran this handler in a later tick, even after a synchronous throw
    await null;

    cached = null;
  }

  if (cached) {
    return cached;
  }
  return db.findAsync(key);
}

module.exports = { lookup: lookup };
