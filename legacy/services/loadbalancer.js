/**
 * Picks the socket server a client should connect to: the live one with the
 * fewest connections, by its heartbeat. Public addresses come from the
 * hard-coded config.hostMap (hostname -> url); unknown hosts get http://host:port.
 */
var _ = require('lodash');
var Promise = require('bluebird');
var redisUtil = require('../utils/redis');
var getConfig = require('../utils/config');
var errors = require('../utils/errors');

function liveServers() {
  var client = redisUtil.client();
  var config = getConfig();
  return client.keysAsync(redisUtil.key('heartbeat', '*')).then(function (keys) {
    if (!keys.length) {
      return [];
    }
    return client.mgetAsync(keys);
  }).then(function (values) {
    var oldest = Date.now() - config.heartbeat.intervalMs * 3;
    return _.compact(values.map(function (raw) {
      try {
        return raw ? JSON.parse(raw) : null;
      } catch (e) {
        return null;
      }
    })).filter(function (s) {
      return s.ts >= oldest;
    });
  });
}

function publicUrl(server) {
  var mapped = getConfig().hostMap[server.host];
  if (mapped) {
    return mapped;
  }
  return 'http://' + server.host + ':' + server.port;
}

/**
 * Resolves {url}. `self` is the url of this process, used when it runs both
 * roles without redis (nothing else to pick from).
 */
function pick(self) {
  var config = getConfig();
  if (!redisUtil.enabled()) {
    if (config.runtimeMode === 'all') {
      return Promise.resolve({ url: self });
    }
    return Promise.reject(new errors.ServiceUnavailableError('no socket server known without redis', 'NO_SERVER_AVAILABLE'));
  }
  return liveServers().then(function (servers) {
    if (!servers.length) {
      throw new errors.ServiceUnavailableError('no live socket server', 'NO_SERVER_AVAILABLE');
    }
    var best = _.minBy(_.sortBy(servers, 'id'), 'connections');
    return { url: publicUrl(best) };
  });
}

module.exports = {
  pick: pick,
  liveServers: liveServers
};
