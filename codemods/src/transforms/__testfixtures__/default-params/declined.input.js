function limit(now) {
  now = now || Date.now();
  return now;
}

function optional(opts) {
  if (!opts) opts = {};
  return opts;
}

function handler(err, req, res, next) {
  if (next === undefined) next = function () {};
  next(err);
}
app.use(handler);

function later(a, b) {
  if (a === undefined) a = b;
  return a;
}

function inner(x) {
  if (x === undefined) x = helper();
  function helper() {
    return 1;
  }
  return x;
}

module.exports = function exported(x) {
  if (x === undefined) x = 1;
  return x;
};

limit();
optional();
later();
inner();
