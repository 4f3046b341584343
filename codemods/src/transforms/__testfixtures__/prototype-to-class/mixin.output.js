function Observable() {
  this.listeners = [];
}

Observable.prototype.on = function (fn) {
  this.listeners.push(fn);
};

// mixed in, not inherited: Observable stays a function and Observable.call stays as it is
class Store {
  constructor() {
    Observable.call(this);
    this.state = {};
  }

  get(key) {
    return this.state[key];
  }
}

Store.prototype.on = Observable.prototype.on;

module.exports = Store;
