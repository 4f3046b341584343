/**
 * Socket servers tell the REST servers they are alive, and how busy they are,
 * by writing a short-lived key to redis every few seconds ("the heart").
 * /api/server reads them to pick the least loaded one (services/loadbalancer).
 */
var os = require('os');
var redisUtil = require('../utils/redis');
var logger = require('../utils/logger');
var getConfig = require('../utils/config');

function serverKey(id) {
  return redisUtil.key('heartbeat', id);
}

/**
 * getConnections() -> number of sockets on this server.
 * Returns a stop() function.
 */
function startHeart(port, getConnections) {
  var config = getConfig();
  if (!config.heartbeat.enabled) {
    logger.info('heartbeat disabled (DISABLE_HEARTBEAT)');
    return function () {};
  }
  if (!redisUtil.enabled()) {
    logger.info('heartbeat off: no redis');
    return function () {};
  }
  var host = config.heartbeat.host || os.hostname();
  var id = host + ':' + port;
  var ttlSeconds = Math.max(1, Math.ceil((config.heartbeat.intervalMs * 3) / 1000));
  var client = redisUtil.client();
  var stopped = false;

  function beat() {
    if (stopped) {
      return;
    }
    var info = { id: id, host: host, port: port, connections: getConnections(), ts: Date.now() };
    client.setexAsync(serverKey(id), ttlSeconds, JSON.stringify(info)).catch(function (err) {
      logger.warn('heartbeat failed: %s', err.message);
    });
  }

  beat();
  var timer = setInterval(beat, config.heartbeat.intervalMs);
  logger.info('heartbeat started as %s every %dms', id, config.heartbeat.intervalMs);
  return function stop() {
    stopped = true;
    clearInterval(timer);
    return client.delAsync(serverKey(id)).catch(function () {});
  };
}

module.exports = {
  startHeart: startHeart,
  serverKey: serverKey
};
