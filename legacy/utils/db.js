/**
 * Picks the storage engine from config and opens every collection.
 *   nedb  - embedded, the default (single process)
 *   mongo - MONGO_DB_CONNECTION_STRING (production)
 *   redis - DB_ENGINE=redis (staging / several processes without mongo)
 */
var Promise = require('bluebird');
var logger = require('./logger');

var COLLECTIONS = {
  users: [{ fieldName: 'username', unique: true }],
  sessions: [{ fieldName: 'token', unique: true }],
  rooms: [{ fieldName: 'members' }, { fieldName: 'directKey', unique: true, sparse: true }],
  messages: [{ fieldName: 'roomId' }, { fieldName: 'dedupeKey', unique: true, sparse: true }],
  receipts: [{ fieldName: 'key', unique: true }]
};

var db = null;
var opening = null;

function engineModule(name) {
  if (name === 'mongo') {
    return require('../db/mongo');
  }
  if (name === 'redis') {
    return require('../db/redis-store');
  }
  return require('../db/nedb');
}

function open(config) {
  if (opening) {
    return opening;
  }
  opening = engineModule(config.db.engine).open(config, COLLECTIONS).then(function (handle) {
    db = handle;
    logger.info('storage ready (%s)', config.db.engine);
    return db;
  });
  return opening;
}

function get() {
  if (!db) {
    throw new Error('db not opened yet');
  }
  return db;
}

function close() {
  if (!db) {
    return Promise.resolve();
  }
  var handle = db;
  db = null;
  opening = null;
  return handle.close();
}

module.exports = {
  open: open,
  get: get,
  close: close,
  collection: function (name) {
    return get()[name];
  }
};
