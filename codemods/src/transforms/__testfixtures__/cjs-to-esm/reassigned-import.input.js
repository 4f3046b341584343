var fs = require('fs');
var wrap = require('./wrap');

fs = wrap(fs);

module.exports = fs;
