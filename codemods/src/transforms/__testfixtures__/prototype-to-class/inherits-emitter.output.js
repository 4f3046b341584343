var util = require('util');
var EventEmitter = require('events').EventEmitter;

class Ticker extends EventEmitter {
  constructor(interval) {
    super();
    this.interval = interval;
  }

  tick() {
    this.emit('tick', util.format('every %dms', this.interval));
  }
}

module.exports = Ticker;
