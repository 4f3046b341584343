var logger = {
  error: function () {
    write('error', arguments);
  },
  get all() {
    return arguments.length;
  }
};

function named(a, b) {
  return arguments.length > 2 ? a : b;
}

function wrongStart(a) {
  return Array.prototype.slice.call(arguments);
}

function strict() {
  'use strict';
  return Array.prototype.slice.call(arguments);
}

function writes() {
  arguments[0] = 1;
  return arguments;
}

var withAccessor = Object.assign({ get x() { return 1; } }, options);
var spreadSources = Object.assign({}, ...sources);
