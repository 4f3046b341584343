var Promise = require('bluebird');
var db = require('./db');
var log = require('./log');

async function save(doc) {
  const stored2 = await db.insertAsync(doc);
  log.info('stored %s', stored2._id);
  const result = stored2;
  await db.flushAsync();
  const stored = result;
  return stored._id;
}

async function touch(id) {
  await db.touchAsync(id);
  return true;
}

module.exports = { save: save, touch: touch };
