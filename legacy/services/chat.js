/**
 * Chat operations shared by the REST routes and the socket handlers.
 * Everything that changes a room goes through here, so both paths store and
 * broadcast the same way.
 */
var Promise = require('bluebird');
var Room = require('../models/room');
var Message = require('../models/message');
var Receipt = require('../models/receipt');
var plugins = require('../plugins');
var bus = require('../utils/bus');
var ids = require('../utils/ids');
var errors = require('../utils/errors');
var validate = require('../utils/validate');
var logger = require('../utils/logger');
var getConfig = require('../utils/config');

/**
 * Stores a message and broadcasts it. Resolves [message, created].
 * `exceptSocketId` is the sending socket (it gets the ack, not the broadcast).
 */
function postMessage(user, roomId, text, clientId, exceptSocketId) {
  var config = getConfig();
  var started = Date.now();
  var ctx = { user: user };
  return Promise.try(function () {
    validate.requireId(roomId, 'roomId');
    validate.messageText(text, config.chat.maxTextLength);
    validate.clientId(clientId);
    return Room.findForMember(roomId, user._id);
  }).then(function (room) {
    ctx.room = room;
    return Message.findByClientId(user._id, clientId);
  }).then(function (existing) {
    if (existing) {
      // a retry of something we already stored: same answer, no new broadcast
      return [existing, false];
    }
    ctx.message = {
      _id: ids.next(),
      roomId: ctx.room._id,
      userId: user._id,
      username: user.username,
      text: text,
      type: 'text',
      clientId: clientId || null,
      mentions: [],
      recalled: false,
      createdAt: Date.now()
    };
    return plugins.beforeSave(ctx).then(function () {
      return Message.insert(ctx.message);
    }).spread(function (stored, created) {
      if (!created) {
        return [stored, false];
      }
      ctx.message = stored;
      return bus.emitToRoom(stored.roomId, 'message', Message.toJSON(stored), exceptSocketId).then(function () {
        return plugins.afterSave(ctx);
      }).return([stored, true]);
    });
  }).tap(function (result) {
    logger.debug('message %s in %s by %s (%s)', result[0]._id, roomId, user.username, result[1] ? 'new' : 'duplicate');
  }).finally(function () {
    logger.debug('postMessage took %dms', Date.now() - started);
  });
}

function history(user, roomId, before, limit) {
  var config = getConfig();
  return Promise.try(function () {
    validate.requireId(roomId, 'roomId');
    before = validate.optionalId(before, 'before');
    limit = validate.limit(limit, config.chat.historyDefaultLimit, config.chat.historyMaxLimit);
    return Room.findForMember(roomId, user._id);
  }).then(function (room) {
    return Message.history(room._id, before, limit);
  }).then(function (page) {
    return {
      messages: page.messages.map(Message.toJSON),
      hasMore: page.hasMore
    };
  });
}

function joinRoom(user, roomId) {
  return Room.findById(roomId).then(function (room) {
    var already = Room.isMember(room, user._id);
    return Room.join(room, user._id).tap(function () {
      if (!already) {
        return bus.membership(user._id, room._id, 'join');
      }
    });
  });
}

function leaveRoom(user, roomId) {
  return Room.findById(roomId).then(function (room) {
    return Room.leave(room, user._id).then(function () {
      return bus.membership(user._id, room._id, 'leave');
    });
  });
}

function createRoom(user, name, members) {
  return Room.create(user, name, members, getConfig().chat.maxRoomNameLength).tap(function (room) {
    return Promise.each(room.members, function (memberId) {
      return bus.membership(memberId, room._id, 'join');
    });
  });
}

function openDirect(user, otherId) {
  return Room.direct(user, otherId).tap(function (room) {
    return Promise.each(room.members, function (memberId) {
      return bus.membership(memberId, room._id, 'join');
    });
  });
}

function typing(user, roomId, socketId) {
  return Promise.try(function () {
    validate.requireId(roomId, 'roomId');
    return Room.findForMember(roomId, user._id);
  }).then(function (room) {
    return bus.emitToRoom(room._id, 'typing', { roomId: room._id, userId: user._id, username: user.username }, socketId);
  });
}

function markRead(user, roomId, messageId, socketId) {
  return Promise.try(function () {
    validate.requireId(roomId, 'roomId');
    validate.requireId(messageId, 'messageId');
    return Promise.join(Room.findForMember(roomId, user._id), Message.findById(messageId));
  }).spread(function (room, message) {
    if (message.roomId !== room._id) {
      throw new errors.NotFoundError('no message ' + messageId + ' in this room', 'MESSAGE_NOT_FOUND');
    }
    return Receipt.markRead(user._id, room._id, message._id);
  }).then(function (moved) {
    if (moved) {
      return bus.emitToRoom(roomId, 'read', { roomId: roomId, userId: user._id, messageId: messageId }, socketId);
    }
  });
}

function recall(user, messageId, socketId) {
  var windowMs = getConfig().chat.recallWindowMs;
  return Promise.try(function () {
    validate.requireId(messageId, 'messageId');
    return Message.findById(messageId);
  }).then(function (message) {
    if (message.userId !== user._id) {
      throw new errors.ForbiddenError('only the author can recall a message', 'NOT_AUTHOR');
    }
    if (Date.now() - message.createdAt > windowMs) {
      throw new errors.ForbiddenError('messages can only be recalled within ' + Math.round(windowMs / 1000) + 's', 'RECALL_EXPIRED');
    }
    if (message.recalled) {
      return message;
    }
    return Message.markRecalled(message).then(function () {
      return bus.emitToRoom(message.roomId, 'recalled', { roomId: message.roomId, messageId: message._id }, socketId);
    }).return(message);
  });
}

function unread(user) {
  return Room.listForUser(user._id).then(function (rooms) {
    return Receipt.unreadCounts(user._id, rooms);
  });
}

module.exports = {
  postMessage: postMessage,
  history: history,
  joinRoom: joinRoom,
  leaveRoom: leaveRoom,
  createRoom: createRoom,
  openDirect: openDirect,
  typing: typing,
  markRead: markRead,
  recall: recall,
  unread: unread
};
