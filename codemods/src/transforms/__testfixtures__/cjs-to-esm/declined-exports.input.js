var impl = require('./impl');

if (process.env.FAST) {
  module.exports = impl.fast;
} else {
  module.exports = impl.slow;
}
