var double = function (n) {
  return n * 2;
};
var total;
total = function (list) {
  var sum = 0;
  list.forEach(function (x) { sum += x; });
  return sum;
};

items.map(function (item, i) {
  return { id: item.id, position: i };
});

promise.then(function named(result) {
  // keep this comment
  return result.value;
}).catch(function (err) {
  logger.error(err);
});

new Promise(function (resolve) {
  setTimeout(resolve, 10);
});

Widget.prototype.start = function () {
  var self = this;
  self.timer = setInterval(function () {
    self.tick();
  }.bind(this), 100);
  emitter.on('stop', function () {
    this.stop();
  }.bind(this));
};

run(async function (a) {
  return await a;
});
