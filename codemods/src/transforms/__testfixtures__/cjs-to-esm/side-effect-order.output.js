import path from 'path';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);

if (!process.env.CONFIG_FILE) {
  process.env.CONFIG_FILE = path.join(import.meta.dirname, 'config.js');
}
var config = require('./config');

require('../app').start().catch(function (err) {
  console.error(err.message);
  process.exit(1);
});
