var Promise = require('bluebird');
var db = require('./db');
var errors = require('./errors');

// the sync part is already inside Promise.try: throws were rejections before, and still are
function findUser(id) {
  return Promise.try(function () {
    check(id);
    return db.users.findOneAsync({ _id: id });
  }).then(function (user) {
    if (!user) {
      throw new errors.NotFoundError('no user ' + id);
    }
    return user;
  });
}

function check(id) {
  if (!id) {
    throw new Error('id required');
  }
}

module.exports = { findUser: findUser };
