var util = require('util');
var EventEmitter = require('events').EventEmitter;

function Limiter(count) {
  EventEmitter.call(this);
  this.count = count;
}
util.inherits(Limiter, EventEmitter);

module.exports = Limiter;
