var redis = {
  key: function(...parts) {
    return 'prefix:' + parts.join(':');
  }
};

function tail(first, ...rest) {
  return [first, rest];
}

function forward(...args) {
  return target.apply(this, args);
}

function count(...args) {
  var n = args.length;
  return n ? args[0] : args.slice();
}

function later() {
  var args = 1;
  return function(...args2) {
    return [args, args2.slice(2)];
  };
}

function outer(...args) {
  return list.map(item => args[0] + item);
}

var merged = {
  ...defaults,
  ...options
};
var withBase = {
  retries: 3,
  ...options,
  strict: true
};
