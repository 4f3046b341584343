function connect(host, port = 6379, options = { retries: 3, host: host }) {
  return [host, port, options];
}

function page(items, size = 20) {
  return items.slice(0, size);
}

var first = connect('a');
var some = page([1, 2, 3]);
