var cached = null;

function load(env) {
  return { env: env };
}

module.exports = function getConfig() {
  if (!cached) {
    cached = load(process.env);
  }
  return cached;
};

module.exports.load = load;
module.exports.reset = function () {
  cached = null;
};
