var logger = require('./logger');

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

module.exports = { engine: engine, load: load, optional: optional };
