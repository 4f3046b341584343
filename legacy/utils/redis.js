/**
 * Redis clients. node_redis is callback based; promisifyAll gives us getAsync,
 * hgetallAsync, ... on every client (see bluebird docs).
 */
var redis = require('redis');
var Promise = require('bluebird');
var logger = require('./logger');
var getConfig = require('./config');

Promise.promisifyAll(redis.RedisClient.prototype);
Promise.promisifyAll(redis.Multi.prototype);

var clients = [];

function createClient(name) {
  var config = getConfig();
  if (!config.redis.host) {
    return null;
  }
  var client = redis.createClient({
    host: config.redis.host,
    port: config.redis.port,
    retry_strategy: function (options) {
      // keep trying forever, but not faster than every 2s
      return Math.min(options.attempt * 100, 2000);
    }
  });
  client.on('error', function (err) {
    logger.warn('redis (%s) error: %s', name, err.message);
  });
  client.on('reconnecting', function () {
    logger.info('redis (%s) reconnecting', name);
  });
  clients.push(client);
  return client;
}

var main = null;

module.exports = {
  enabled: function () {
    return !!getConfig().redis.host;
  },
  // the shared command client
  client: function () {
    if (main === null) {
      main = createClient('main');
    }
    return main;
  },
  // a new connection (pub/sub needs its own)
  createClient: createClient,
  key: function () {
    var parts = Array.prototype.slice.call(arguments);
    return getConfig().redis.prefix + parts.join(':');
  },
  quitAll: function () {
    return Promise.map(clients, function (c) {
      return c.quitAsync().catch(function () {
        c.end(true);
      });
    }).then(function () {
      clients = [];
      main = null;
    });
  }
};
