var Promise = require('bluebird');
var db = require('./db');

// fail handles db.findAsync's rejection, never an error thrown by ok
function find(id) {
  return Promise.try(function () {
    return db.findAsync(id);
  }).then(function (doc) {
    return doc.value;
  }, function (err) {
    if (err.code === 'ENOENT') {
      return null;
    }
    throw err;
  });
}

module.exports = { find: find };
