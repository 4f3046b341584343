/**
 * MongoDB store (production). Only loaded when MONGO_DB_CONNECTION_STRING is set.
 * Wraps each collection so the models can use the nedb-style *Async methods.
 */
var Promise = require('bluebird');

function wrap(collection) {
  return {
    findOneAsync: function (query) {
      return Promise.resolve(collection.findOne(query));
    },
    findAsync: function (query) {
      return Promise.resolve(collection.find(query).toArray());
    },
    findSortedAsync: function (query, sort, limit) {
      var cursor = collection.find(query).sort(sort);
      if (limit) {
        cursor = cursor.limit(limit);
      }
      return Promise.resolve(cursor.toArray());
    },
    insertAsync: function (doc) {
      return Promise.resolve(collection.insertOne(doc)).then(function () {
        return doc;
      });
    },
    updateAsync: function (query, update, options) {
      var opts = options || {};
      var op = opts.multi ? collection.updateMany(query, update, { upsert: !!opts.upsert }) : collection.updateOne(query, update, { upsert: !!opts.upsert });
      return Promise.resolve(op).then(function (res) {
        return res.matchedCount + (res.upsertedCount || 0);
      });
    },
    countAsync: function (query) {
      return Promise.resolve(collection.count(query));
    },
    removeAsync: function (query, options) {
      var op = options && options.multi ? collection.deleteMany(query) : collection.deleteOne(query);
      return Promise.resolve(op).then(function (res) {
        return res.deletedCount;
      });
    },
    ensureIndexAsync: function (index) {
      var spec = {};
      spec[index.fieldName] = 1;
      return Promise.resolve(collection.createIndex(spec, { unique: !!index.unique, sparse: !!index.sparse }));
    }
  };
}

function open(config, collections) {
  var MongoClient = require('mongodb').MongoClient;
  return Promise.resolve(MongoClient.connect(config.db.mongoUrl)).then(function (conn) {
    var db = {};
    return Promise.each(Object.keys(collections), function (name) {
      db[name] = wrap(conn.collection(name));
      return Promise.each(collections[name], function (index) {
        return db[name].ensureIndexAsync(index);
      });
    }).then(function () {
      db.close = function () {
        return Promise.resolve(conn.close());
      };
      return db;
    });
  });
}

module.exports = { open: open };
