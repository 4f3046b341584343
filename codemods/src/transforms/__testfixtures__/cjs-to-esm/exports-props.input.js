var crypto = require('crypto');

var counter = 0;

exports.next = function () {
  counter++;
  return crypto.randomBytes(4).toString('hex') + counter;
};
exports.LENGTH = 8 + 4;
module.exports.random = random;

function random() {
  return Math.random();
}
