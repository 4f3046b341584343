var path = require('path');
var app = require('./app');

var PUBLIC = path.join(__dirname, 'public');

function start() {
  return app.listen(PUBLIC, __filename);
}

if (require.main === module) {
  start();
}

module.exports = { start: start };
