var Promise = require('bluebird');
var db = require('./db');
var log = require('./log');

function save(doc) {
  return Promise.try(function () {
    return db.insertAsync(doc);
  }).tap(function (stored) {
    log.info('stored %s', stored._id);
  }).tap(function () {
    return db.flushAsync();
  }).then(function (stored) {
    return stored._id;
  });
}

function touch(id) {
  return Promise.try(function () {
    return db.touchAsync(id);
  }).return(true);
}

module.exports = { save: save, touch: touch };
