var util = require('util');

this.helper = function () {
  return util.format('%s', 'x');
};
