'use strict';

class Timer {
  constructor(ms) {
    this.ms = ms;
  }

  start() {
    var self = this;
    setTimeout(function () {
      self.fired = this === undefined;
    }, this.ms);
  }
}

module.exports = Timer;
