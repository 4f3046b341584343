var Promise = require('bluebird');
var db = require('./db');
var bus = require('./bus');

// an early return in the middle of the chain: what follows moves into the else branch
async function post(doc) {
  const existing = await db.findByKeyAsync(doc.key);
  let result;

  if (existing) {
    // seen before: same answer, no new event
    result = existing;
  } else {
    doc.createdAt = Date.now();
    const stored = await db.insertAsync(doc);
    await bus.emit('created', stored);
    result = stored;
  }

  return { id: result._id };
}

module.exports = { post: post };
