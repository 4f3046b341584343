/**
 * Password hashing with pbkdf2 (sha1 was what we had before 1.2).
 */
var crypto = require('crypto');
var Promise = require('bluebird');

var pbkdf2 = Promise.promisify(crypto.pbkdf2);
var ITERATIONS = 10000;
var KEYLEN = 32;

function hash(password) {
  var salt = crypto.randomBytes(16).toString('hex');
  return pbkdf2(password, salt, ITERATIONS, KEYLEN, 'sha256').then(function (key) {
    return 'pbkdf2$' + ITERATIONS + '$' + salt + '$' + key.toString('hex');
  });
}

function verify(password, stored) {
  var parts = String(stored).split('$');
  if (parts.length !== 4 || parts[0] !== 'pbkdf2') {
    return Promise.resolve(false);
  }
  return pbkdf2(password, parts[2], Number(parts[1]), KEYLEN, 'sha256').then(function (key) {
    var expected = Buffer.from(parts[3], 'hex');
    return expected.length === key.length && crypto.timingSafeEqual(expected, key);
  });
}

module.exports = {
  hash: hash,
  verify: verify
};
