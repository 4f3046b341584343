Server.prototype.start = function (port) {
  this.io.on('connection', (socket) => {
    this.onConnection(socket);
  });
  return bus.subscribe((envelope) => this.onEnvelope(envelope)).then(() => {
    this.stopHeart = heartbeat.start(port, () => this.count());
  });
};

Store.prototype.find = function (query) {
  // callbacks below need the store
  var limit = 10;
  return this.all().then((docs) => ({ that: this, docs: docs.slice(0, limit) }));
};

function Unused() {
  return 1;
}
