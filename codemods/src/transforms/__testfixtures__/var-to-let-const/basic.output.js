const express = require('express');
let count = 0;
const router = express.Router(), limit = 10;

function bump(step) {
  const next = count + step;
  count = next;
  return next;
}

for (let i = 0; i < limit; i++) {
  const doubled = i * 2;
  bump(doubled);
}

for (const key in router) {
  console.log(key);
}

module.exports = router;
