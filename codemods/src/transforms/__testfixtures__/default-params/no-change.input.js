function add(a, b) {
  return a + b;
}

function copy(options) {
  var opts = options || {};
  return opts;
}
add(1, 2);
copy();
