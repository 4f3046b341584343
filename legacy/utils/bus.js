/**
 * Cross-process event bus. With redis every process publishes to one channel
 * and every socket server listens; without redis it is an in-process emitter.
 *
 * Envelopes:
 *   {type: 'emit', roomId, event, data, except}   send `event` to a room's sockets
 *   {type: 'member', userId, roomId, action}      (un)subscribe a user's sockets
 */
var EventEmitter = require('events').EventEmitter;
var Promise = require('bluebird');
var redisUtil = require('./redis');
var logger = require('./logger');

var local = new EventEmitter();
local.setMaxListeners(0);
var subscriber = null;

function channel() {
  return redisUtil.key('bus');
}

function publish(envelope) {
  if (redisUtil.enabled()) {
    return redisUtil.client().publishAsync(channel(), JSON.stringify(envelope)).catch(function (err) {
      logger.error('bus publish failed: %s', err.message);
    });
  }
  setImmediate(function () {
    local.emit('envelope', envelope);
  });
  return Promise.resolve();
}

function subscribe(handler) {
  if (!redisUtil.enabled()) {
    local.on('envelope', handler);
    return Promise.resolve();
  }
  subscriber = redisUtil.createClient('bus');
  subscriber.on('message', function (ch, raw) {
    var envelope;
    try {
      envelope = JSON.parse(raw);
    } catch (e) {
      logger.warn('bus: dropped a malformed envelope');
      return;
    }
    handler(envelope);
  });
  return new Promise(function (resolve) {
    subscriber.once('subscribe', function () {
      resolve();
    });
    subscriber.subscribe(channel());
  });
}

function emitToRoom(roomId, event, data, exceptSocketId) {
  return publish({ type: 'emit', roomId: roomId, event: event, data: data, except: exceptSocketId || null });
}

function membership(userId, roomId, action) {
  return publish({ type: 'member', userId: userId, roomId: roomId, action: action });
}

module.exports = {
  publish: publish,
  subscribe: subscribe,
  emitToRoom: emitToRoom,
  membership: membership
};
