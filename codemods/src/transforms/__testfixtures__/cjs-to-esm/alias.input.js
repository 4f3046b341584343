exports.count = 0;

exports.increment = function () {
  exports.count++;
  return exports.count;
};
