var Promise = require('bluebird');

var AVAILABLE = {
  commands: require('./commands'),
  mentions: require('./plugins/mentions'),
  'push-gateway': require('./push')
};
var debug = require('debug')('parrot');

module.exports = {
  AVAILABLE: AVAILABLE,
  debug: debug,
  all: function () {
    return Promise.resolve(Object.keys(AVAILABLE));
  }
};
