import logger from './logger.js';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);

function engine(name) {
  if (name === 'mongo') {
    return require('../db/mongo');
  }
  return require('../db/nedb');
}

var optional;
try {
  optional = require('optional-dep');
} catch (err) {
  optional = null;
}

function load(file) {
  delete require.cache[require.resolve(file)];
  return require(file);
}

const lazyRequire = { engine, load, optional: optional };
export default lazyRequire;
export { engine, load, lazyRequire as 'module.exports' };
