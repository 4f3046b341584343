/**
 * One function per client event: (socket, payload) -> promise of the ack body.
 * socket/server.js wraps them so every event gets {ok:true,...} or a coded error.
 */
var Room = require('../models/room');
var Message = require('../models/message');
var chat = require('../services/chat');
var validate = require('../utils/validate');
var errors = require('../utils/errors');

function roomKey(roomId) {
  return 'room:' + roomId;
}

module.exports = {
  join: function (socket, payload) {
    validate.requireObject(payload);
    validate.requireId(payload.roomId, 'roomId');
    return chat.joinRoom(socket.user, payload.roomId).then(function (room) {
      socket.join(roomKey(room._id));
      return { room: Room.toJSON(room) };
    });
  },

  leave: function (socket, payload) {
    validate.requireObject(payload);
    validate.requireId(payload.roomId, 'roomId');
    return chat.leaveRoom(socket.user, payload.roomId).then(function () {
      socket.leave(roomKey(payload.roomId));
      return {};
    });
  },

  message: function (socket, payload) {
    validate.requireObject(payload);
    if (!socket.limiter.take()) {
      throw new errors.RateLimitError();
    }
    return chat.postMessage(socket.user, payload.roomId, payload.text, payload.clientId, socket.id).spread(function (message) {
      return { message: Message.toJSON(message) };
    });
  },

  typing: function (socket, payload) {
    validate.requireObject(payload);
    return chat.typing(socket.user, payload.roomId, socket.id).return({});
  },

  read: function (socket, payload) {
    validate.requireObject(payload);
    return chat.markRead(socket.user, payload.roomId, payload.messageId, socket.id).return({});
  },

  recall: function (socket, payload) {
    validate.requireObject(payload);
    return chat.recall(socket.user, payload.messageId, socket.id).then(function (message) {
      return { messageId: message._id };
    });
  },

  history: function (socket, payload) {
    validate.requireObject(payload);
    return chat.history(socket.user, payload.roomId, payload.before, payload.limit);
  }
};

module.exports.roomKey = roomKey;
