var double = n => n * 2;
var total;
total = list => {
  var sum = 0;
  list.forEach(x => { sum += x; });
  return sum;
};

items.map((item, i) => ({ id: item.id, position: i }));

promise.then(result => {
  // keep this comment
  return result.value;
}).catch(err => {
  logger.error(err);
});

new Promise(resolve => {
  setTimeout(resolve, 10);
});

Widget.prototype.start = function () {
  var self = this;
  self.timer = setInterval(() => {
    self.tick();
  }, 100);
  emitter.on('stop', () => {
    this.stop();
  });
};

run(async a => await a);
