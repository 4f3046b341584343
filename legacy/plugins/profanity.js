/**
 * Masks the words in config.profanity.words with asterisks, whole words only.
 */
var getConfig = require('../utils/config');

var cachedFor = null;
var cachedRe = null;

function escapeRe(word) {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function pattern() {
  var words = getConfig().profanity.words || [];
  if (cachedFor !== words) {
    cachedFor = words;
    cachedRe = words.length ? new RegExp('\\b(' + words.map(escapeRe).join('|') + ')\\b', 'gi') : null;
  }
  return cachedRe;
}

function mask(text) {
  var re = pattern();
  if (!re) {
    return text;
  }
  return text.replace(re, function (word) {
    return new Array(word.length + 1).join('*');
  });
}

module.exports = {
  name: 'profanity',
  mask: mask,
  beforeSave: function (ctx) {
    ctx.message.text = mask(ctx.message.text);
  }
};
