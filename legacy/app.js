/**
 * parrot - entry point.
 *
 *   cp misc/config-dev.js config.js && node app.js
 *
 * RUNTIME_MODE picks the role: rest (HTTP API + web client), socket
 * (Socket.io), or all (both on one port, the default for dev).
 */
var http = require('http');
var Promise = require('bluebird');
var getConfig = require('./utils/config');
var logger = require('./utils/logger');
var db = require('./utils/db');
var redisUtil = require('./utils/redis');
var restApp = require('./rest/app');
var SocketServer = require('./socket/server');

function start() {
  var config = getConfig();
  logger.setLevel(config.log.level);
  logger.setTag('parrot-' + config.runtimeMode);
  var server = http.createServer();
  var socketServer = null;

  return db.open(config).then(function () {
    var app = config.runtimeMode === 'socket' ? restApp.createSocketOnlyApp() : restApp.createApp(config);
    server.on('request', app);
    return new Promise(function (resolve, reject) {
      server.once('error', reject);
      server.listen(config.http.port, resolve);
    });
  }).then(function () {
    var port = server.address().port;
    if (config.runtimeMode === 'rest') {
      return port;
    }
    socketServer = new SocketServer(server, config);
    return socketServer.start(port).return(port);
  }).then(function (port) {
    // the harness waits for this exact line
    logger.setLevel('info');
    logger.info('parrot %s listening on %d', config.runtimeMode, port);
    logger.setLevel(config.log.level);
    return {
      port: port,
      stop: function () {
        return Promise.resolve(socketServer ? socketServer.stop() : null).then(function () {
          return new Promise(function (resolve) {
            server.close(function () {
              resolve();
            });
            setTimeout(resolve, 2000).unref();
          });
        }).then(function () {
          return db.close();
        }).then(function () {
          return redisUtil.quitAll();
        });
      }
    };
  });
}

if (require.main === module) {
  start().then(function (running) {
    var stopping = false;
    function shutdown(signal) {
      if (stopping) {
        return;
      }
      stopping = true;
      logger.info('%s: shutting down', signal);
      running.stop().then(function () {
        process.exit(0);
      }).catch(function (err) {
        logger.error('shutdown failed: %s', err.stack);
        process.exit(1);
      });
    }
    process.on('SIGTERM', function () {
      shutdown('SIGTERM');
    });
    process.on('SIGINT', function () {
      shutdown('SIGINT');
    });
  }).catch(function (err) {
    logger.error('parrot failed to start: %s', err.code === 'CONFIG_INVALID' ? err.message : err.stack);
    process.exit(1);
  });
}

module.exports = { start: start };
