var util = require('util');

function Base(id) {
  this.id = id;
}

Base.prototype.key = function () {
  return 'base:' + this.id;
};

function Child(id) {
  this.created = Date.now();
  Base.call(this, id);
}
util.inherits(Child, Base);

module.exports = { Base: Base, Child: Child };
