function Observable() {
  this.listeners = [];
}

Observable.prototype.on = function (fn) {
  this.listeners.push(fn);
};

// mixed in, not inherited: Observable stays a function and Observable.call stays as it is
function Store() {
  Observable.call(this);
  this.state = {};
}

Store.prototype.on = Observable.prototype.on;

Store.prototype.get = function (key) {
  return this.state[key];
};

module.exports = Store;
