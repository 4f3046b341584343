/**
 * Ids that sort in creation order as plain strings: message paging relies on it.
 *   9 chars of base36 milliseconds + 3 chars of per-process sequence + 4 random chars
 */
var crypto = require('crypto');

var lastTs = 0;
var seq = 0;

function pad(str, len) {
  while (str.length < len) {
    str = '0' + str;
  }
  return str;
}

function next() {
  var now = Date.now();
  if (now <= lastTs) {
    now = lastTs;
    seq++;
    if (seq >= 46656) {
      // sequence exhausted in this millisecond: borrow the next one
      now = lastTs + 1;
      seq = 0;
    }
  } else {
    seq = 0;
  }
  lastTs = now;
  return pad(now.toString(36), 9) + pad(seq.toString(36), 3) + crypto.randomBytes(3).toString('hex').slice(0, 4);
}

function token() {
  return crypto.randomBytes(24).toString('hex');
}

function isId(value) {
  return typeof value === 'string' && /^[0-9a-z]{16}$/.test(value);
}

module.exports = {
  next: next,
  token: token,
  isId: isId
};
