var express = require('express');
var count = 0;
var router = express.Router(), limit = 10;

function bump(step) {
  var next = count + step;
  count = next;
  return next;
}

for (var i = 0; i < limit; i++) {
  var doubled = i * 2;
  bump(doubled);
}

for (var key in router) {
  console.log(key);
}

module.exports = router;
