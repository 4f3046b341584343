var Promise = require('bluebird');
var db = require('./db');

// both callbacks call their value `row`, and the function has its own `row`
async function copy(row) {
  const row2 = await db.readAsync(row.id);
  var copy2 = { id: row2.id + '-copy', data: row2.data };
  const row3 = await db.writeAsync(copy2);
  return row3.id;
}

module.exports = { copy: copy };
