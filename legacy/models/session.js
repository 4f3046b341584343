/**
 * Login sessions: an opaque token per login, looked up on every request.
 */
var Promise = require('bluebird');
var db = require('../utils/db');
var ids = require('../utils/ids');
var errors = require('../utils/errors');
var getConfig = require('../utils/config');
var User = require('./user');

function create(user) {
  var now = Date.now();
  var session = {
    _id: ids.next(),
    token: ids.token(),
    userId: user._id,
    createdAt: now,
    expiresAt: now + getConfig().session.ttlHours * 3600 * 1000
  };
  return db.collection('sessions').insertAsync(session);
}

/**
 * token -> user, or AuthError
 */
function resolve(token) {
  return Promise.try(function () {
    if (typeof token !== 'string' || !/^[0-9a-f]{48}$/.test(token)) {
      throw new errors.AuthError('missing or malformed token');
    }
    return db.collection('sessions').findOneAsync({ token: token });
  }).then(function (session) {
    if (!session) {
      throw new errors.AuthError('unknown token');
    }
    if (session.expiresAt < Date.now()) {
      throw new errors.AuthError('token expired');
    }
    return User.findById(session.userId);
  }).catch(errors.NotFoundError, function () {
    throw new errors.AuthError('user of this token is gone');
  });
}

module.exports = {
  create: create,
  resolve: resolve
};
