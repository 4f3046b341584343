/**
 * Tiny leveled logger (winston was too heavy for the socket boxes).
 */
var util = require('util');

var LEVELS = { error: 0, warn: 1, info: 2, debug: 3 };
var level = LEVELS.info;
var tag = 'parrot';

function write(name, args) {
  if (LEVELS[name] > level) {
    return;
  }
  var line = new Date().toISOString() + ' [' + tag + '] ' + name.toUpperCase() + ' ' + util.format.apply(util, args);
  if (LEVELS[name] <= LEVELS.warn) {
    process.stderr.write(line + '\n');
  } else {
    process.stdout.write(line + '\n');
  }
}

module.exports = {
  setLevel: function (name) {
    if (LEVELS[name] !== undefined) {
      level = LEVELS[name];
    }
  },
  setTag: function (name) {
    tag = name;
  },
  error: function () {
    write('error', arguments);
  },
  warn: function () {
    write('warn', arguments);
  },
  info: function () {
    write('info', arguments);
  },
  debug: function () {
    write('debug', arguments);
  }
};
