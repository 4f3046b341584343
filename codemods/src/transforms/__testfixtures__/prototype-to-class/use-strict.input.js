'use strict';

function Timer(ms) {
  this.ms = ms;
}

Timer.prototype.start = function () {
  var self = this;
  setTimeout(function () {
    self.fired = this === undefined;
  }, this.ms);
};

module.exports = Timer;
