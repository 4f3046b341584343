/**
 * The Socket.io role: auth on handshake, one handler per event, room
 * broadcasts through the bus (so they reach every socket server), presence,
 * and the heartbeat that the load balancer reads.
 */
var socketio = require('socket.io');
var Promise = require('bluebird');
var _ = require('lodash');
var Session = require('../models/session');
var Room = require('../models/room');
var presence = require('../services/presence');
var heartbeat = require('../services/heartbeat');
var bus = require('../utils/bus');
var errors = require('../utils/errors');
var logger = require('../utils/logger');
var RateLimiter = require('../utils/rate-limit');
var handlers = require('./handlers');

var EVENTS = ['join', 'leave', 'message', 'typing', 'read', 'recall', 'history'];

function SocketServer(httpServer, config) {
  this.config = config;
  this.io = socketio(httpServer, { serveClient: true, pingInterval: 10000, pingTimeout: 5000 });
  this.socketsByUser = {};
  this.stopHeart = function () {};
}

SocketServer.prototype.start = function (port) {
  var self = this;
  self.io.use(function (socket, next) {
    Session.resolve(socket.handshake.query.token).then(function (user) {
      socket.user = user;
      // load the rooms before the handshake completes, so that the socket is
      // subscribed by the time the client sees 'connect'
      return Room.listForUser(user._id);
    }).then(function (rooms) {
      socket.initialRooms = rooms;
      next();
    }).catch(function (err) {
      var e = new Error(err instanceof errors.AppError ? err.message : 'internal error');
      e.data = err instanceof errors.AppError ? errors.toPayload(err) : { code: 'INTERNAL_ERROR', message: 'internal error' };
      next(e);
    });
  });
  self.io.on('connection', function (socket) {
    self.onConnection(socket);
  });
  return bus.subscribe(function (envelope) {
    self.onEnvelope(envelope);
  }).then(function () {
    self.stopHeart = heartbeat.startHeart(port, function () {
      return self.connectionCount();
    });
  });
};

SocketServer.prototype.connectionCount = function () {
  return Object.keys(this.io.sockets.connected).length;
};

SocketServer.prototype.track = function (socket) {
  var list = this.socketsByUser[socket.user._id] || (this.socketsByUser[socket.user._id] = []);
  list.push(socket);
};

SocketServer.prototype.untrack = function (socket) {
  var list = this.socketsByUser[socket.user._id] || [];
  _.pull(list, socket);
  if (!list.length) {
    delete this.socketsByUser[socket.user._id];
  }
};

SocketServer.prototype.onConnection = function (socket) {
  var self = this;
  var user = socket.user;
  socket.limiter = new RateLimiter(self.config.rateLimit.count, self.config.rateLimit.windowMs);
  self.track(socket);

  EVENTS.forEach(function (event) {
    socket.on(event, function (payload, ack) {
      if (typeof payload === 'function' && ack === undefined) {
        ack = payload;
        payload = undefined;
      }
      self.dispatch(socket, event, payload, typeof ack === 'function' ? ack : function () {});
    });
  });

  // subscribe to the user's rooms, then tell them the user is here
  var rooms = socket.initialRooms;
  rooms.forEach(function (room) {
    socket.join(handlers.roomKey(room._id));
  });
  presence.connected(user._id).then(function (first) {
    if (first) {
      return Promise.each(rooms, function (room) {
        return bus.emitToRoom(room._id, 'presence', { userId: user._id, online: true }, socket.id);
      });
    }
  }).catch(function (err) {
    logger.error('connection setup for %s failed: %s', user.username, err.stack);
  });

  socket.on('disconnect', function () {
    self.untrack(socket);
    presence.disconnected(user._id).then(function (last) {
      if (!last) {
        return null;
      }
      return Room.listForUser(user._id).then(function (list) {
        return Promise.each(list, function (room) {
          return bus.emitToRoom(room._id, 'presence', { userId: user._id, online: false });
        });
      });
    }).catch(function (err) {
      logger.error('disconnect of %s failed: %s', user.username, err.stack);
    });
  });
};

SocketServer.prototype.dispatch = function (socket, event, payload, ack) {
  Promise.try(function () {
    return handlers[event](socket, payload);
  }).then(function (result) {
    ack(_.assign({ ok: true }, result));
  }).catch(function (err) {
    if (!(err instanceof errors.AppError)) {
      logger.error('%s from %s failed: %s', event, socket.user.username, err.stack || err);
    }
    ack({ ok: false, error: errors.toPayload(err) });
  });
};

SocketServer.prototype.onEnvelope = function (envelope) {
  if (!envelope || typeof envelope !== 'object') {
    return;
  }
  var self = this;
  if (envelope.type === 'emit') {
    var room = self.io.sockets.adapter.rooms[handlers.roomKey(envelope.roomId)];
    if (!room) {
      return;
    }
    Object.keys(room.sockets).forEach(function (id) {
      var s = self.io.sockets.connected[id];
      if (s && id !== envelope.except) {
        s.emit(envelope.event, envelope.data);
      }
    });
  } else if (envelope.type === 'member') {
    (self.socketsByUser[envelope.userId] || []).forEach(function (s) {
      if (envelope.action === 'join') {
        s.join(handlers.roomKey(envelope.roomId));
      } else {
        s.leave(handlers.roomKey(envelope.roomId));
      }
    });
  }
};

SocketServer.prototype.stop = function () {
  var self = this;
  return Promise.resolve(self.stopHeart()).then(function () {
    return new Promise(function (resolve) {
      self.io.close(function () {
        resolve();
      });
      // io.close waits for the http server; don't hang on keep-alive sockets
      setTimeout(resolve, 2000).unref();
    });
  });
};

module.exports = SocketServer;
