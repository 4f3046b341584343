/**
 * Rooms: group rooms anyone can join, direct rooms of exactly two users.
 */
var Promise = require('bluebird');
var _ = require('lodash');
var db = require('../utils/db');
var ids = require('../utils/ids');
var errors = require('../utils/errors');
var validate = require('../utils/validate');
var User = require('./user');

function toJSON(room) {
  return {
    id: room._id,
    name: room.name,
    type: room.type,
    members: room.members,
    createdBy: room.createdBy,
    createdAt: new Date(room.createdAt).toISOString()
  };
}

function isMember(room, userId) {
  return room.members.indexOf(userId) !== -1;
}

function findById(id) {
  return Promise.try(function () {
    validate.requireId(id, 'roomId');
    return db.collection('rooms').findOneAsync({ _id: id });
  }).then(function (room) {
    if (!room) {
      throw new errors.NotFoundError('no room ' + id, 'ROOM_NOT_FOUND');
    }
    return room;
  });
}

/**
 * the room, when userId is a member; NOT_MEMBER otherwise
 */
function findForMember(id, userId) {
  return findById(id).then(function (room) {
    if (!isMember(room, userId)) {
      throw new errors.ForbiddenError('not a member of room ' + id, 'NOT_MEMBER');
    }
    return room;
  });
}

function listForUser(userId) {
  return db.collection('rooms').findSortedAsync({ members: userId }, { _id: 1 });
}

function create(owner, name, memberIds, maxNameLength) {
  var members;
  return Promise.try(function () {
    name = validate.roomName(name, maxNameLength);
    members = _.uniq([owner._id].concat(validate.idList(memberIds, 'members')));
    return User.findByIds(members);
  }).then(function (users) {
    if (users.length !== members.length) {
      var found = _.map(users, '_id');
      var missing = _.difference(members, found);
      throw new errors.NotFoundError('no user ' + missing.join(', '), 'USER_NOT_FOUND');
    }
    return db.collection('rooms').insertAsync({
      _id: ids.next(),
      name: name,
      type: 'group',
      members: members,
      createdBy: owner._id,
      createdAt: Date.now()
    });
  });
}

function join(room, userId) {
  if (room.type === 'direct' && !isMember(room, userId)) {
    return Promise.reject(new errors.ForbiddenError('direct rooms cannot be joined', 'FORBIDDEN'));
  }
  if (isMember(room, userId)) {
    return Promise.resolve(room);
  }
  return db.collection('rooms').updateAsync({ _id: room._id }, { $addToSet: { members: userId } }, {}).then(function () {
    return findById(room._id);
  });
}

function leave(room, userId) {
  if (!isMember(room, userId)) {
    return Promise.reject(new errors.ForbiddenError('not a member of room ' + room._id, 'NOT_MEMBER'));
  }
  if (room.type === 'direct') {
    return Promise.reject(new errors.ForbiddenError('direct rooms cannot be left', 'FORBIDDEN'));
  }
  return db.collection('rooms').updateAsync({ _id: room._id }, { $pull: { members: userId } }, {});
}

/**
 * The one direct room of two users; created on first use. Two concurrent
 * calls race on the unique directKey, the loser reads the winner's room.
 */
function direct(user, otherId) {
  var key;
  return Promise.try(function () {
    if (otherId === user._id) {
      throw new errors.ValidationError('cannot open a direct room with yourself');
    }
    return User.findById(otherId);
  }).then(function (other) {
    key = [user._id, other._id].sort().join(':');
    return db.collection('rooms').findOneAsync({ directKey: key }).then(function (existing) {
      if (existing) {
        return existing;
      }
      return db.collection('rooms').insertAsync({
        _id: ids.next(),
        name: user.username + ' & ' + other.username,
        type: 'direct',
        directKey: key,
        members: [user._id, other._id].sort(),
        createdBy: user._id,
        createdAt: Date.now()
      });
    });
  }).catch(errors.isDuplicateKey, function () {
    return db.collection('rooms').findOneAsync({ directKey: key });
  });
}

module.exports = {
  toJSON: toJSON,
  isMember: isMember,
  findById: findById,
  findForMember: findForMember,
  listForUser: listForUser,
  create: create,
  join: join,
  leave: leave,
  direct: direct
};
