function connect(host, port, options) {
  if (port === undefined) port = 6379;
  if (typeof options === 'undefined') {
    options = { retries: 3, host: host };
  }
  return [host, port, options];
}

function page(items, size) {
  size = size === undefined ? 20 : size;
  return items.slice(0, size);
}

var first = connect('a');
var some = page([1, 2, 3]);
