var redis = {
  key: function () {
    var parts = Array.prototype.slice.call(arguments);
    return 'prefix:' + parts.join(':');
  }
};

function tail(first) {
  var rest = [].slice.call(arguments, 1);
  return [first, rest];
}

function forward() {
  return target.apply(this, arguments);
}

function count() {
  var n = arguments.length;
  return n ? arguments[0] : Array.from(arguments);
}

function later() {
  var args = 1;
  return function () {
    return [args, Array.prototype.slice.call(arguments, 2)];
  };
}

function outer() {
  return list.map(item => arguments[0] + item);
}

var merged = Object.assign({}, defaults, options);
var withBase = Object.assign({ retries: 3 }, options, { strict: true });
