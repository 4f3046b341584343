/**
 * Loads config.js (copied by hand from misc/config-<env>.js) and merges the
 * environment variables that rancher sets on the services.
 *
 * PARROT_CONFIG_FILE points at another config file (the test harness uses it
 * so it never has to write config.js into the tree).
 */
var fs = require('fs');
var path = require('path');
var _ = require('lodash');

var ROOT = path.join(__dirname, '..');
var RUNTIME_MODES = ['rest', 'socket', 'all'];
var DB_ENGINES = ['nedb', 'mongo', 'redis'];

var cached = null;

function fail(key, reason) {
  var err = new Error('config: ' + key + ': ' + reason);
  err.code = 'CONFIG_INVALID';
  throw err;
}

function parsePort(key, value) {
  var port = Number(value);
  if (!/^\d+$/.test(String(value)) || port < 0 || port > 65535) {
    fail(key, 'expected a port number 0-65535, got "' + value + '"');
  }
  return port;
}

function parseBool(key, value) {
  var v = String(value).toLowerCase();
  if (v === 'true' || v === '1' || v === 'yes') {
    return true;
  }
  if (v === 'false' || v === '0' || v === 'no' || v === '') {
    return false;
  }
  fail(key, 'expected true/false, got "' + value + '"');
}

function configFile() {
  if (process.env.PARROT_CONFIG_FILE) {
    return path.resolve(process.env.PARROT_CONFIG_FILE);
  }
  return path.join(ROOT, 'config.js');
}

function loadFile() {
  var file = configFile();
  if (!fs.existsSync(file)) {
    fail('config.js', 'not found at ' + file + ' - copy one of misc/config-*.js (e.g. `cp misc/config-dev.js config.js`)');
  }
  return _.cloneDeep(require(file));
}

function mergeEnv(config, env) {
  if (env.RUNTIME_MODE) {
    if (RUNTIME_MODES.indexOf(env.RUNTIME_MODE) === -1) {
      fail('RUNTIME_MODE', 'expected one of ' + RUNTIME_MODES.join(', ') + ', got "' + env.RUNTIME_MODE + '"');
    }
    config.runtimeMode = env.RUNTIME_MODE;
  }
  if (env.HTTP_PORT !== undefined && env.HTTP_PORT !== '') {
    config.http.port = parsePort('HTTP_PORT', env.HTTP_PORT);
  }
  if (env.PUBLIC_URL) {
    config.publicUrl = env.PUBLIC_URL;
  }
  if (env.DISABLE_HEARTBEAT !== undefined) {
    config.heartbeat.enabled = !parseBool('DISABLE_HEARTBEAT', env.DISABLE_HEARTBEAT);
  }
  if (env.HEARTBEAT_HOST) {
    config.heartbeat.host = env.HEARTBEAT_HOST;
  }
  if (env.REDIS_HOST !== undefined) {
    config.redis.host = env.REDIS_HOST || null;
  }
  if (env.REDIS_PORT) {
    config.redis.port = parsePort('REDIS_PORT', env.REDIS_PORT);
  }
  if (env.MONGO_DB_CONNECTION_STRING) {
    config.db.engine = 'mongo';
    config.db.mongoUrl = env.MONGO_DB_CONNECTION_STRING;
  }
  if (env.DB_ENGINE) {
    config.db.engine = env.DB_ENGINE;
  }
  if (env.DATA_DIR) {
    config.db.dataDir = env.DATA_DIR;
  }
  if (env.LOG_LEVEL) {
    config.log.level = env.LOG_LEVEL;
  }
  return config;
}

function check(config) {
  if (DB_ENGINES.indexOf(config.db.engine) === -1) {
    fail('db.engine', 'expected one of ' + DB_ENGINES.join(', ') + ', got "' + config.db.engine + '"');
  }
  if (config.db.engine === 'mongo' && !config.db.mongoUrl) {
    fail('MONGO_DB_CONNECTION_STRING', 'db.engine is mongo but no connection string is set');
  }
  if (config.db.engine === 'redis' && !config.redis.host) {
    fail('REDIS_HOST', 'db.engine is redis but REDIS_HOST is not set');
  }
  if (config.runtimeMode === 'rest' && !config.redis.host) {
    // without redis the REST role cannot reach socket servers; only a warning,
    // dev boxes run it like that all the time
    config.redis.host = null;
  }
  if (!(config.chat.recallWindowMs >= 0)) {
    fail('chat.recallWindowMs', 'expected a number of milliseconds');
  }
  if (!(config.rateLimit.count > 0) || !(config.rateLimit.windowMs > 0)) {
    fail('rateLimit', 'count and windowMs must be positive numbers');
  }
  if (!path.isAbsolute(config.db.dataDir)) {
    config.db.dataDir = path.join(ROOT, config.db.dataDir);
  }
  return config;
}

function load(env) {
  return check(mergeEnv(loadFile(), env || process.env));
}

module.exports = function getConfig() {
  if (!cached) {
    cached = load(process.env);
  }
  return cached;
};

module.exports.load = load;
module.exports.reset = function () {
  cached = null;
};
