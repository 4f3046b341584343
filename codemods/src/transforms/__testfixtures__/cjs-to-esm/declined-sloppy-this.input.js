var os = require('os');

function host() {
  return this.HOSTNAME || os.hostname();
}

module.exports = { name: host() };
