/**
 * Embedded store: one nedb datafile per collection in config.db.dataDir.
 * Works for a single process only (nedb keeps everything in memory).
 */
var path = require('path');
var fs = require('fs');
var Promise = require('bluebird');
var Datastore = require('nedb');

Promise.promisifyAll(Datastore.prototype);

// nedb cursors need exec(); give every engine the same sorted-find signature
Datastore.prototype.findSortedAsync = function (query, sort, limit) {
  var cursor = this.find(query).sort(sort);
  if (limit) {
    cursor = cursor.limit(limit);
  }
  return Promise.fromCallback(function (cb) {
    cursor.exec(cb);
  });
};

function open(config, collections) {
  var dir = config.db.dataDir;
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir);
  }
  var db = {};
  return Promise.each(Object.keys(collections), function (name) {
    var store = new Datastore({ filename: path.join(dir, name + '.db') });
    db[name] = store;
    return store.loadDatabaseAsync().then(function () {
      // compact now and then so the append-only files don't grow forever
      store.persistence.setAutocompactionInterval(10 * 60 * 1000);
      return Promise.each(collections[name], function (index) {
        return store.ensureIndexAsync(index);
      });
    });
  }).then(function () {
    db.close = function () {
      return Promise.each(Object.keys(collections), function (name) {
        db[name].persistence.stopAutocompaction();
      });
    };
    return db;
  });
}

module.exports = { open: open };
