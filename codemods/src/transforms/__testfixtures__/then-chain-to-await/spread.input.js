var Promise = require('bluebird');
var db = require('./db');

// Promise.join settles every element: the spread needs no Promise.all
function pair(a, b) {
  return Promise.try(function () {
    return Promise.join(db.get(a), db.get(b));
  }).spread(function (first, second) {
    return first.size + second.size;
  });
}

// insertAsync may resolve to an array holding promises: bluebird's spread awaited them
function insert(doc) {
  return Promise.try(function () {
    return db.insertAsync(doc);
  }).spread(function (stored, created) {
    if (!created) {
      return [stored, false];
    }
    return [stored, true];
  }).spread(function (stored2, created2) {
    return created2 ? stored2 : null;
  });
}

module.exports = { pair: pair, insert: insert };
