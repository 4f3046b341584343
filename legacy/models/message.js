/**
 * Messages: stored once per (user, clientId), paged newest first by id.
 */
var Promise = require('bluebird');
var db = require('../utils/db');
var errors = require('../utils/errors');
var validate = require('../utils/validate');

function toJSON(message) {
  return {
    id: message._id,
    roomId: message.roomId,
    userId: message.userId,
    username: message.username,
    text: message.recalled ? '' : message.text,
    type: message.type,
    clientId: message.clientId || null,
    mentions: message.mentions || [],
    createdAt: new Date(message.createdAt).toISOString(),
    recalled: !!message.recalled
  };
}

function dedupeKey(userId, clientId) {
  return clientId ? userId + ':' + clientId : undefined;
}

function findByClientId(userId, clientId) {
  if (!clientId) {
    return Promise.resolve(null);
  }
  return db.collection('messages').findOneAsync({ dedupeKey: dedupeKey(userId, clientId) });
}

/**
 * Stores a prepared message. Resolves [message, created]; created is false
 * when the same user already sent this clientId (the stored one is returned).
 */
function insert(doc) {
  doc.dedupeKey = dedupeKey(doc.userId, doc.clientId);
  if (!doc.dedupeKey) {
    delete doc.dedupeKey;
  }
  return db.collection('messages').insertAsync(doc).then(function (stored) {
    return [stored, true];
  }).catch(errors.isDuplicateKey, function () {
    return findByClientId(doc.userId, doc.clientId).then(function (existing) {
      return [existing, false];
    });
  });
}

function findById(id) {
  return Promise.try(function () {
    validate.requireId(id, 'messageId');
    return db.collection('messages').findOneAsync({ _id: id });
  }).then(function (message) {
    if (!message) {
      throw new errors.NotFoundError('no message ' + id, 'MESSAGE_NOT_FOUND');
    }
    return message;
  });
}

/**
 * Newest first; `before` excludes that message and everything newer.
 * Resolves {messages, hasMore}.
 */
function history(roomId, before, limit) {
  var query = { roomId: roomId };
  return Promise.try(function () {
    if (!before) {
      return null;
    }
    return findById(before).then(function (anchor) {
      if (anchor.roomId !== roomId) {
        throw new errors.NotFoundError('no message ' + before + ' in this room', 'MESSAGE_NOT_FOUND');
      }
      query._id = { $lt: before };
    });
  }).then(function () {
    return db.collection('messages').findSortedAsync(query, { _id: -1 }, limit + 1);
  }).then(function (docs) {
    return {
      messages: docs.slice(0, limit),
      hasMore: docs.length > limit
    };
  });
}

function markRecalled(message) {
  return db.collection('messages').updateAsync({ _id: message._id }, { $set: { recalled: true, text: '', recalledAt: Date.now() } }, {});
}

function countNewer(roomId, afterId, exceptUserId) {
  var query = { roomId: roomId, userId: { $ne: exceptUserId }, recalled: { $ne: true } };
  if (afterId) {
    query._id = { $gt: afterId };
  }
  return db.collection('messages').countAsync(query);
}

module.exports = {
  toJSON: toJSON,
  insert: insert,
  findById: findById,
  findByClientId: findByClientId,
  history: history,
  markRecalled: markRecalled,
  countNewer: countNewer
};
