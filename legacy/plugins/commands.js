/**
 * Slash commands: /me and /roll. Anything else that starts with / is plain text.
 */
var crypto = require('crypto');

function roll(sides) {
  // crypto, not Math.random: people bet on these
  var n = crypto.randomBytes(4).readUInt32BE(0);
  return (n % sides) + 1;
}

module.exports = {
  name: 'commands',
  beforeSave: function (ctx) {
    var text = ctx.message.text;
    var match = /^\/(\w+)(?:\s+([\s\S]*))?$/.exec(text.trim());
    if (!match) {
      return;
    }
    var command = match[1].toLowerCase();
    var rest = match[2] || '';
    if (command === 'me' && rest.trim()) {
      ctx.message.type = 'action';
      ctx.message.text = rest.trim();
    } else if (command === 'roll') {
      var sides = 6;
      if (/^\d+$/.test(rest.trim())) {
        sides = Number(rest.trim());
      }
      if (sides < 2 || sides > 1000) {
        sides = 6;
      }
      ctx.message.type = 'command';
      ctx.message.text = 'rolled ' + roll(sides) + ' (1-' + sides + ')';
    }
  }
};
