/**
 * Who is online: a connection count per user, in redis when several socket
 * servers run, in memory otherwise.
 */
var Promise = require('bluebird');
var redisUtil = require('../utils/redis');

var counts = {};

function key() {
  return redisUtil.key('presence');
}

/** resolves true when this was the user's first connection */
function connected(userId) {
  if (redisUtil.enabled()) {
    return redisUtil.client().hincrbyAsync(key(), userId, 1).then(function (n) {
      return n === 1;
    });
  }
  counts[userId] = (counts[userId] || 0) + 1;
  return Promise.resolve(counts[userId] === 1);
}

/** resolves true when this was the user's last connection */
function disconnected(userId) {
  if (redisUtil.enabled()) {
    var client = redisUtil.client();
    return client.hincrbyAsync(key(), userId, -1).then(function (n) {
      if (n <= 0) {
        return client.hdelAsync(key(), userId).return(true);
      }
      return false;
    });
  }
  counts[userId] = (counts[userId] || 1) - 1;
  if (counts[userId] <= 0) {
    delete counts[userId];
    return Promise.resolve(true);
  }
  return Promise.resolve(false);
}

/** {userId: true|false} */
function onlineMap(userIds) {
  var map = {};
  if (!userIds.length) {
    return Promise.resolve(map);
  }
  if (redisUtil.enabled()) {
    return redisUtil.client().hmgetAsync([key()].concat(userIds)).then(function (values) {
      userIds.forEach(function (id, i) {
        map[id] = Number(values[i]) > 0;
      });
      return map;
    });
  }
  userIds.forEach(function (id) {
    map[id] = (counts[id] || 0) > 0;
  });
  return Promise.resolve(map);
}

module.exports = {
  connected: connected,
  disconnected: disconnected,
  onlineMap: onlineMap
};
