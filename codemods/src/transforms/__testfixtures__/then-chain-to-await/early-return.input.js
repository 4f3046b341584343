var Promise = require('bluebird');
var db = require('./db');
var bus = require('./bus');

// an early return in the middle of the chain: what follows moves into the else branch
function post(doc) {
  return Promise.try(function () {
    return db.findByKeyAsync(doc.key);
  }).then(function (existing) {
    if (existing) {
      // seen before: same answer, no new event
      return existing;
    }
    doc.createdAt = Date.now();
    return db.insertAsync(doc).then(function (stored) {
      return bus.emit('created', stored).return(stored);
    });
  }).then(function (result) {
    return { id: result._id };
  });
}

module.exports = { post: post };
