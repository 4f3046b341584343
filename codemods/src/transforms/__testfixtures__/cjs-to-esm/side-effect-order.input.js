var path = require('path');

if (!process.env.CONFIG_FILE) {
  process.env.CONFIG_FILE = path.join(__dirname, 'config.js');
}
var config = require('./config');

require('../app').start().catch(function (err) {
  console.error(err.message);
  process.exit(1);
});
