var Promise = require('bluebird');
var db = require('./db');
var validate = require('./validate');

// validate() throws synchronously today; an async function would reject instead
function syncThrow(id) {
  validate.id(id);
  return db.findAsync(id).then(function (doc) {
    return doc.name;
  });
}

// a caller below uses .spread on the result: a native promise has no .spread
function both(a) {
  return Promise.try(function () {
    return [db.findAsync(a), db.findAsync(a + 1)];
  }).then(function (pair) {
    return pair;
  });
}

function useBoth() {
  both(1).spread(function (x, y) {
    console.log(x + y);
  });
}

// a return inside a loop is not at the tail of the callback
function firstMatch(ids) {
  return Promise.try(function () {
    return db.allAsync();
  }).then(function (docs) {
    for (var i = 0; i < docs.length; i++) {
      if (ids.indexOf(docs[i].id) !== -1) {
        return docs[i];
      }
    }
    return null;
  }).then(function (doc) {
    return doc && doc.id;
  });
}

// `this` in a function callback is bluebird's, not the method's
function withThis() {
  return Promise.try(function () {
    return db.allAsync();
  }).then(function (docs) {
    return this.filter(docs);
  });
}

// .then(ok, fail) whose result feeds a later step
function okFail(id) {
  return Promise.try(function () {
    return db.findAsync(id);
  }).then(function (doc) {
    return doc;
  }, function () {
    return null;
  }).then(function (doc) {
    return doc && doc.id;
  });
}

// an object predicate matches properties: no rewrite
function objectPredicate(id) {
  return Promise.try(function () {
    return db.findAsync(id);
  }).catch({ code: 'ENOENT' }, function () {
    return null;
  });
}

// `.return(counter)` reads counter when the chain is built; later it may differ
var counter = 0;
function bump() {
  counter++;
}
function unstable() {
  return Promise.try(function () {
    bump();
    return db.bumpAsync();
  }).return(counter);
}

module.exports = { syncThrow: syncThrow, useBoth: useBoth, firstMatch: firstMatch, withThis: withThis, okFail: okFail, objectPredicate: objectPredicate, unstable: unstable };
