/**
 * npm run serve: parrot on the dev config, one process, both roles, no redis,
 * without needing config.js (uses misc/config-dev.js unless PARROT_CONFIG_FILE is set).
 */
var path = require('path');

if (!process.env.PARROT_CONFIG_FILE) {
  process.env.PARROT_CONFIG_FILE = path.join(__dirname, '..', 'misc', 'config-dev.js');
}
if (!process.env.RUNTIME_MODE) {
  process.env.RUNTIME_MODE = 'all';
}
require('../app').start().catch(function (err) {
  console.error(err.message);
  process.exit(1);
});
