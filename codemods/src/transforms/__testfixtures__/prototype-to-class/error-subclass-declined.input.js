var util = require('util');

// no message of its own: Error.call(this, message) did not set it
function Quiet(message) {
  Error.call(this, message);
  Error.captureStackTrace(this, Quiet);
  this.name = 'Quiet';
}
util.inherits(Quiet, Error);

Quiet.prototype.isQuiet = function () {
  return true;
};

// no captured stack: super() would add one
function Stackless(message) {
  Error.call(this);
  this.message = message;
}
util.inherits(Stackless, Error);

Stackless.prototype.isQuiet = function () {
  return false;
};

module.exports = { Quiet: Quiet, Stackless: Stackless };
