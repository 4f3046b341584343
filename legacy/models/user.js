/**
 * Users: register, authenticate, look up.
 */
var Promise = require('bluebird');
var db = require('../utils/db');
var ids = require('../utils/ids');
var errors = require('../utils/errors');
var validate = require('../utils/validate');
var password = require('../utils/password');

function toJSON(user) {
  return {
    id: user._id,
    username: user.username,
    createdAt: new Date(user.createdAt).toISOString()
  };
}

function register(username, pass) {
  return Promise.try(function () {
    validate.username(username);
    validate.password(pass);
    return password.hash(pass);
  }).then(function (hash) {
    return db.collection('users').insertAsync({
      _id: ids.next(),
      username: username,
      passwordHash: hash,
      createdAt: Date.now()
    });
  }).catch(errors.isDuplicateKey, function () {
    throw new errors.ConflictError('username ' + username + ' is taken', 'USERNAME_TAKEN');
  });
}

function authenticate(username, pass) {
  var user;
  return Promise.try(function () {
    validate.requireString(username, 'username');
    validate.requireString(pass, 'password');
    return db.collection('users').findOneAsync({ username: username });
  }).then(function (found) {
    user = found;
    if (!user) {
      // still hash, so a missing user takes as long as a wrong password
      return password.verify(pass, 'pbkdf2$10000$00$00').return(false);
    }
    return password.verify(pass, user.passwordHash);
  }).then(function (ok) {
    if (!ok) {
      throw new errors.AuthError('wrong username or password', 'INVALID_CREDENTIALS');
    }
    return user;
  });
}

function findById(id) {
  return Promise.try(function () {
    validate.requireId(id, 'id');
    return db.collection('users').findOneAsync({ _id: id });
  }).then(function (user) {
    if (!user) {
      throw new errors.NotFoundError('no user ' + id, 'USER_NOT_FOUND');
    }
    return user;
  }).catch(errors.ValidationError, function () {
    throw new errors.NotFoundError('no user ' + id, 'USER_NOT_FOUND');
  });
}

function findByIds(userIds) {
  if (!userIds.length) {
    return Promise.resolve([]);
  }
  return db.collection('users').findAsync({ _id: { $in: userIds } });
}

function findByUsernames(names) {
  if (!names.length) {
    return Promise.resolve([]);
  }
  return db.collection('users').findAsync({ username: { $in: names } });
}

module.exports = {
  register: register,
  authenticate: authenticate,
  findById: findById,
  findByIds: findByIds,
  findByUsernames: findByUsernames,
  toJSON: toJSON
};
