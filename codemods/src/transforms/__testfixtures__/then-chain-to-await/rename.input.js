var Promise = require('bluebird');
var db = require('./db');

// both callbacks call their value `row`, and the function has its own `row`
function copy(row) {
  return Promise.try(function () {
    return db.readAsync(row.id);
  }).then(function (row) {
    var copy = { id: row.id + '-copy', data: row.data };
    return db.writeAsync(copy);
  }).then(function (row) {
    return row.id;
  });
}

module.exports = { copy: copy };
