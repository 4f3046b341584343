var util = require('util');
var Base = require('./base');

function Early(options) {
  this.options = options;
  Base.call(this, options.name);
}
util.inherits(Early, Base);

Early.prototype.run = function () {
  return this.options;
};

function Maybe(options) {
  if (options) {
    Base.call(this, options.name);
  }
  this.ready = true;
}
util.inherits(Maybe, Base);

Maybe.prototype.run = function () {
  return this.ready;
};

function Never(options) {
  this.options = options;
}
util.inherits(Never, Base);

Never.prototype.run = function () {
  return this.options;
};

module.exports = { Early: Early, Maybe: Maybe, Never: Never };
