var helpers = require('./helpers');

function add(a, b) {
  return a + b;
}

function Counter() {
  this.count = 0;
}

module.exports = { add: add, Counter: Counter, helpers: helpers };
