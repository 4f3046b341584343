module.exports = exports = function plugin(options) {
  return { name: 'plugin', options: options };
};
exports.version = '1.0';
exports.defaults = { strict: true };
