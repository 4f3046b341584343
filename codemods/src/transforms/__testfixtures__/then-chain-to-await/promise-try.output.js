var Promise = require('bluebird');
var db = require('./db');
var errors = require('./errors');

// the sync part is already inside Promise.try: throws were rejections before, and still are
async function findUser(id) {
  check(id);
  const user = await db.users.findOneAsync({ _id: id });
  if (!user) {
    throw new errors.NotFoundError('no user ' + id);
  }
  return user;
}

function check(id) {
  if (!id) {
    throw new Error('id required');
  }
}

module.exports = { findUser: findUser };
