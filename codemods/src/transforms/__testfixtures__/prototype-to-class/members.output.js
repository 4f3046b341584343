var Readable = require('stream').Readable;

class Source extends Readable {
  constructor(items) {
    super({ objectMode: true });
    this.items = items;
  }

  _read() {
    this.push(this.items.length ? this.items.shift() : null);
  }

  *each() {
    yield* this.items;
  }

  async first() {
    return this.items[0];
  }

  0() {
    return 'zero';
  }

  static of() {
    return new Source(Array.prototype.slice.call(arguments));
  }
}

// a named function expression that calls itself stays an assignment
Source.prototype.count = function count(n) {
  return n > 0 ? 1 + count(n - 1) : 0;
};

module.exports = Source;
