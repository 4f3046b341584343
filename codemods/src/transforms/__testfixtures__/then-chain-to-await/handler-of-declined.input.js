var Promise = require('bluebird');
var rooms = require('./rooms');
var bus = require('./bus');

// rooms.find(id) is called synchronously and may throw: the function stays; its
// callback is given to bluebird, which turns throws into rejections, so it becomes async
function join(user, id) {
  return rooms.find(id).then(function (room) {
    var already = room.members.indexOf(user.id) !== -1;
    return rooms.join(room, user.id).tap(function () {
      if (!already) {
        return bus.emit('join', user.id);
      }
    });
  });
}

// the head may throw synchronously and never reached .catch: it is evaluated before the try
function closeAll(clients) {
  return Promise.map(clients, function (c) {
    return c.quitAsync().catch(function () {
      c.end(true);
    });
  });
}

module.exports = { join: join, closeAll: closeAll };
