/**
 * Read receipts: the newest message a user has read in a room.
 */
var Promise = require('bluebird');
var db = require('../utils/db');
var Message = require('./message');

function key(userId, roomId) {
  return userId + ':' + roomId;
}

function get(userId, roomId) {
  return db.collection('receipts').findOneAsync({ key: key(userId, roomId) });
}

/**
 * Moves the receipt forward to messageId; never back. Resolves true when it moved.
 */
function markRead(userId, roomId, messageId) {
  return get(userId, roomId).then(function (receipt) {
    if (receipt && receipt.lastReadId >= messageId) {
      return false;
    }
    if (receipt) {
      return db.collection('receipts').updateAsync({ key: receipt.key, lastReadId: receipt.lastReadId }, { $set: { lastReadId: messageId, updatedAt: Date.now() } }, {}).then(function (n) {
        // somebody else moved it in between: try again against the new value
        return n > 0 ? true : markRead(userId, roomId, messageId);
      });
    }
    return db.collection('receipts').insertAsync({
      _id: require('../utils/ids').next(),
      key: key(userId, roomId),
      userId: userId,
      roomId: roomId,
      lastReadId: messageId,
      updatedAt: Date.now()
    }).return(true).catch(require('../utils/errors').isDuplicateKey, function () {
      return markRead(userId, roomId, messageId);
    });
  });
}

/**
 * {roomId: count} for the given rooms
 */
function unreadCounts(userId, rooms) {
  return Promise.map(rooms, function (room) {
    return get(userId, room._id).then(function (receipt) {
      return Message.countNewer(room._id, receipt ? receipt.lastReadId : null, userId);
    });
  }, { concurrency: 4 }).then(function (numbers) {
    // keys in room order, whatever order the counts finished in
    var counts = {};
    rooms.forEach(function (room, i) {
      counts[room._id] = numbers[i];
    });
    return counts;
  });
}

module.exports = {
  get: get,
  markRead: markRead,
  unreadCounts: unreadCounts
};
