module.exports = {
  connected: connected,
  disconnected: disconnected,
  count: total,
  /** resolves once the store is open */
  open: function (options) {
    this.options = options;
    return this.connect(arguments.length);
  },
  'close-all': function () {},
  start: function start(port) {
    return listen(port);
  },
  ready: function* () {
    yield 1;
  },
  __proto__: __proto__,
  handler: () => 1,
};

var api = { get: function (url) { return fetch(url); }, url: url };
