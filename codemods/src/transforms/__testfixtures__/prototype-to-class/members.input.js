var inherits = require('util').inherits;
var Readable = require('stream').Readable;

function Source(items) {
  Readable.call(this, { objectMode: true });
  this.items = items;
}
inherits(Source, Readable);
Source.prototype.constructor = Source;

Source.prototype._read = function () {
  this.push(this.items.length ? this.items.shift() : null);
};

Source.prototype.each = function* () {
  yield* this.items;
};

Source.prototype.first = async function () {
  return this.items[0];
};

// a named function expression that calls itself stays an assignment
Source.prototype.count = function count(n) {
  return n > 0 ? 1 + count(n - 1) : 0;
};

Source.prototype[0] = function () {
  return 'zero';
};

Source.of = function () {
  return new Source(Array.prototype.slice.call(arguments));
};

module.exports = Source;
