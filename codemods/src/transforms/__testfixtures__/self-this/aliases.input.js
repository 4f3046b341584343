Server.prototype.start = function (port) {
  const self = this;
  self.io.on('connection', (socket) => {
    self.onConnection(socket);
  });
  return bus.subscribe((envelope) => self.onEnvelope(envelope)).then(() => {
    self.stopHeart = heartbeat.start(port, () => self.count());
  });
};

Store.prototype.find = function (query) {
  // callbacks below need the store
  var that = this, limit = 10;
  return that.all().then((docs) => ({ that, docs: docs.slice(0, limit) }));
};

function Unused() {
  var me = this;
  return 1;
}
