/**
 * @username mentions: resolved against the room's members, stored on the
 * message so clients can highlight them and push can notify.
 */
var _ = require('lodash');
var User = require('../models/user');

var MENTION_RE = /(^|[^A-Za-z0-9_.-])@([A-Za-z0-9_.-]{3,32})/g;

function extract(text) {
  var names = [];
  var m;
  MENTION_RE.lastIndex = 0;
  while ((m = MENTION_RE.exec(text)) !== null) {
    names.push(m[2]);
  }
  return _.uniq(names);
}

module.exports = {
  name: 'mentions',
  extract: extract,
  beforeSave: function (ctx) {
    var names = extract(ctx.message.text);
    if (!names.length) {
      ctx.message.mentions = [];
      return;
    }
    return User.findByUsernames(names).then(function (users) {
      var byName = _.keyBy(users, 'username');
      // in the order they appear in the text, whatever order the store returned
      ctx.message.mentions = names.filter(function (name) {
        return byName[name] && ctx.room.members.indexOf(byName[name]._id) !== -1;
      }).map(function (name) {
        return byName[name]._id;
      });
    });
  }
};
