var util = require('util');
var EventEmitter = require('events').EventEmitter;

function Ticker(interval) {
  EventEmitter.call(this);
  this.interval = interval;
}
util.inherits(Ticker, EventEmitter);

Ticker.prototype.tick = function () {
  this.emit('tick', util.format('every %dms', this.interval));
};

module.exports = Ticker;
