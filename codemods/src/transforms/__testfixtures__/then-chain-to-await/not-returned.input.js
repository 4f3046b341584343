var Promise = require('bluebird');
var db = require('./db');

// fire-and-forget, passed along, or finished with a bluebird-only method: left alone
function route(req, res, next) {
  db.findAsync(req.params.id).then(function (doc) {
    res.json(doc);
  }).catch(next);
}

function later(cb) {
  setTimeout(cb, 10, db.countAsync().then(function (n) {
    return n + 1;
  }));
}

function node(id, cb) {
  return db.findAsync(id).then(function (doc) {
    return doc.name;
  }).asCallback(cb);
}

module.exports = { route: route, later: later, node: node };
