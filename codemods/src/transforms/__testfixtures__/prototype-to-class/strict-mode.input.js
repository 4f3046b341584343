function Counter() {
  this.count = 0;
}

Counter.prototype.add = function () {
  total = (typeof total === 'number' ? total : 0) + 1;
  this.count++;
};

function Timer(ms) {
  this.ms = ms;
}

Timer.prototype.start = function () {
  setTimeout(function () {
    this.fired = true;
  }, this.ms);
};

function Args(a) {
  this.a = a;
}

Args.prototype.set = function (a) {
  a = a || 0;
  return arguments[0];
};

function Script(code) {
  this.code = code;
}

Script.prototype.run = function () {
  return eval(this.code);
};

module.exports = { Counter: Counter, Timer: Timer, Args: Args, Script: Script };
