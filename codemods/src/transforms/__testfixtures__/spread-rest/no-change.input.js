function plain(a, b) {
  return a + b;
}

var arrow = (...args) => args.length;
var copy = Object.assign(target, source);
var keys = Object.keys(options);
