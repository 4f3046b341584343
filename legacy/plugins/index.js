/**
 * Loads the plugins named in config.plugins, in that order.
 * A plugin has a name and optional beforeSave(ctx) / afterSave(ctx) hooks
 * that may return promises. ctx = {message, room, user}.
 */
var Promise = require('bluebird');
var getConfig = require('../utils/config');

var AVAILABLE = {
  commands: require('./commands'),
  profanity: require('./profanity'),
  mentions: require('./mentions'),
  push: require('./push')
};

function enabled() {
  return (getConfig().plugins || []).map(function (name) {
    if (!AVAILABLE[name]) {
      throw new Error('config: plugins: unknown plugin "' + name + '"');
    }
    return AVAILABLE[name];
  });
}

function run(hook, ctx) {
  return Promise.each(enabled(), function (plugin) {
    if (typeof plugin[hook] === 'function') {
      return plugin[hook](ctx);
    }
  }).return(ctx);
}

module.exports = {
  enabled: enabled,
  beforeSave: function (ctx) {
    return run('beforeSave', ctx);
  },
  afterSave: function (ctx) {
    return run('afterSave', ctx);
  }
};
