function Model(attrs) {
  this.attrs = attrs;
}

Model.prototype.get = function (key) {
  return this.attrs[key];
};

Model.prototype = {
  constructor: Model,
  set: function (key, value) {
    this.attrs[key] = value;
  }
};

function Plugin() {}

Plugin.prototype.run = function () {
  return 1;
};

var keys = Object.keys(Plugin.prototype);

module.exports = { Model: Model, Plugin: Plugin, keys: keys };
