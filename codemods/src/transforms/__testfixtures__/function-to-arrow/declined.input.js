$('button').on('click', function () {
  $(this).hide();
});

var log = function () {
  console.log.apply(console, arguments);
};

var countdown = function tick(n) {
  return n ? tick(n - 1) : 0;
};

each(list, function* (x) {
  yield x;
});

var Point = function (x, y) {
  return { x: x, y: y };
};

var make = function () {
  return {};
};
var made = new make();

var shape = function () {};
shape.prototype.area = 0;

register(function () {
  if (!new.target) return null;
});

var sum = function () {
  var args = [];
  [1, 2].forEach(() => args.push(arguments[0]));
  return args;
};

setTimeout(function () {
  this.poll();
}.bind(other), 10);
