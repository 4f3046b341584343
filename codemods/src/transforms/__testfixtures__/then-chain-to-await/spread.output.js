var Promise = require('bluebird');
var db = require('./db');

// Promise.join settles every element: the spread needs no Promise.all
async function pair(a, b) {
  const [first, second] = await Promise.join(db.get(a), db.get(b));
  return first.size + second.size;
}

// insertAsync may resolve to an array holding promises: bluebird's spread awaited them
async function insert(doc) {
  const [stored, created] = await Promise.all(await db.insertAsync(doc));
  let stored2, created2;

  if (!created) {
    [stored2, created2] = [stored, false];
  } else {
    [stored2, created2] = [stored, true];
  }

  return created2 ? stored2 : null;
}

module.exports = { pair: pair, insert: insert };
