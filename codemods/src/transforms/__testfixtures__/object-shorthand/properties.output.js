module.exports = {
  connected,
  disconnected,
  count: total,
  /** resolves once the store is open */
  open(options) {
    this.options = options;
    return this.connect(arguments.length);
  },
  'close-all'() {},
  start(port) {
    return listen(port);
  },
  *ready() {
    yield 1;
  },
  __proto__: __proto__,
  handler: () => 1,
};

var api = { get(url) { return fetch(url); }, url };
