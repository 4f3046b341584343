function Logger(level) {
  this.level = level;
}

Logger.prototype.log = function (msg) {
  return this.level + ': ' + msg;
};

if (process.env.DEBUG) {
  Logger.prototype.debug = function (msg) {
    return this.log('debug ' + msg);
  };
}

function Cache() {
  this.entries = {};
}

function install() {
  Cache.prototype.get = function (key) {
    return this.entries[key];
  };
}
install();

module.exports = { Logger: Logger, Cache: Cache };
