/**
 * "Poor man's mongo": documents as JSON in redis hashes, queried with nedb's own
 * matcher. Used for staging boxes and the multi-process tests, where several
 * parrot processes must share one store and there is no mongo.
 *
 * Every find is a full scan of the collection: fine for staging, not for prod.
 */
var Promise = require('bluebird');
var model = require('nedb/lib/model');
var redisUtil = require('../utils/redis');

function DuplicateKeyError(field, value) {
  var err = new Error('duplicate key ' + field + '=' + value);
  err.errorType = 'uniqueViolated';
  err.key = value;
  return err;
}

function Collection(client, name, indexes) {
  this.client = client;
  this.name = name;
  this.key = redisUtil.key('db', name);
  this.unique = indexes.filter(function (i) {
    return i.unique;
  }).map(function (i) {
    return i.fieldName;
  });
}

Collection.prototype.uniqueKey = function (field) {
  return this.key + ':u:' + field;
};

Collection.prototype.all = function () {
  return this.client.hvalsAsync(this.key).then(function (values) {
    return values.map(function (v) {
      return model.deserialize(v);
    });
  });
};

Collection.prototype.findAsync = function (query) {
  return this.all().then(function (docs) {
    return docs.filter(function (d) {
      return model.match(d, query);
    });
  });
};

Collection.prototype.findOneAsync = function (query) {
  var self = this;
  if (query && typeof query._id === 'string' && Object.keys(query).length === 1) {
    return self.client.hgetAsync(self.key, query._id).then(function (v) {
      return v ? model.deserialize(v) : null;
    });
  }
  return self.findAsync(query).then(function (docs) {
    return docs.length ? docs[0] : null;
  });
};

Collection.prototype.findSortedAsync = function (query, sort, limit) {
  return this.findAsync(query).then(function (docs) {
    var fields = Object.keys(sort);
    docs.sort(function (a, b) {
      for (var i = 0; i < fields.length; i++) {
        var c = model.compareThings(model.getDotValue(a, fields[i]), model.getDotValue(b, fields[i]));
        if (c !== 0) {
          return c * sort[fields[i]];
        }
      }
      return 0;
    });
    return limit ? docs.slice(0, limit) : docs;
  });
};

Collection.prototype.countAsync = function (query) {
  return this.findAsync(query).then(function (docs) {
    return docs.length;
  });
};

Collection.prototype.insertAsync = function (doc) {
  var self = this;
  var claimed = [];
  return Promise.each(self.unique, function (field) {
    var value = doc[field];
    if (value === undefined || value === null) {
      return null;
    }
    return self.client.hsetnxAsync(self.uniqueKey(field), String(value), doc._id).then(function (ok) {
      if (!ok) {
        throw DuplicateKeyError(field, value);
      }
      claimed.push(field);
    });
  }).then(function () {
    return self.client.hsetAsync(self.key, doc._id, model.serialize(doc));
  }).then(function () {
    return model.deepCopy(doc);
  }).catch(function (err) {
    // give back the unique values we took before failing
    return Promise.each(claimed, function (field) {
      return self.client.hdelAsync(self.uniqueKey(field), String(doc[field]));
    }).then(function () {
      throw err;
    });
  });
};

Collection.prototype.updateAsync = function (query, update, options) {
  var self = this;
  var opts = options || {};
  return self.findAsync(query).then(function (docs) {
    if (!opts.multi) {
      docs = docs.slice(0, 1);
    }
    if (docs.length === 0 && opts.upsert) {
      var base = {};
      Object.keys(query).forEach(function (k) {
        if (typeof query[k] !== 'object') {
          base[k] = query[k];
        }
      });
      base._id = base._id || require('../utils/ids').next();
      return self.insertAsync(model.modify(base, update)).then(function () {
        return 1;
      });
    }
    return Promise.map(docs, function (doc) {
      var modified = model.modify(doc, update);
      return self.client.hsetAsync(self.key, doc._id, model.serialize(modified));
    }).then(function () {
      return docs.length;
    });
  });
};

Collection.prototype.removeAsync = function (query, options) {
  var self = this;
  return self.findAsync(query).then(function (docs) {
    if (!(options && options.multi)) {
      docs = docs.slice(0, 1);
    }
    return Promise.map(docs, function (doc) {
      var multi = self.client.multi().hdel(self.key, doc._id);
      self.unique.forEach(function (field) {
        if (doc[field] !== undefined && doc[field] !== null) {
          multi.hdel(self.uniqueKey(field), String(doc[field]));
        }
      });
      return multi.execAsync();
    }).then(function () {
      return docs.length;
    });
  });
};

function open(config, collections) {
  var client = redisUtil.client();
  var db = {};
  Object.keys(collections).forEach(function (name) {
    db[name] = new Collection(client, name, collections[name]);
  });
  db.close = function () {
    return Promise.resolve();
  };
  return client.pingAsync().then(function () {
    return db;
  });
}

module.exports = { open: open };
