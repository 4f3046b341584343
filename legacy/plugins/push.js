/**
 * Push notifications: members who are offline, and members who were
 * mentioned, get an entry in the redis list the push gateway pops from.
 */
var Promise = require('bluebird');
var redisUtil = require('../utils/redis');
var presence = require('../services/presence');
var logger = require('../utils/logger');

module.exports = {
  name: 'push',
  afterSave: function (ctx) {
    if (!redisUtil.enabled()) {
      return;
    }
    var message = ctx.message;
    var others = ctx.room.members.filter(function (id) {
      return id !== message.userId;
    });
    return presence.onlineMap(others).then(function (online) {
      var entries = [];
      others.forEach(function (userId) {
        var mentioned = (message.mentions || []).indexOf(userId) !== -1;
        if (mentioned || !online[userId]) {
          entries.push(JSON.stringify({
            type: mentioned ? 'mention' : 'message',
            userId: userId,
            roomId: message.roomId,
            messageId: message._id
          }));
        }
      });
      if (!entries.length) {
        return null;
      }
      return redisUtil.client().lpushAsync([redisUtil.key('push')].concat(entries));
    }).catch(function (err) {
      // a lost push is not worth failing the message for
      logger.warn('push plugin: %s', err.message);
    });
  }
};
