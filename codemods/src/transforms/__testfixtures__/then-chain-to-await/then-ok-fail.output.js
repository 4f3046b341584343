var Promise = require('bluebird');
var db = require('./db');

// fail handles db.findAsync's rejection, never an error thrown by ok
async function find(id) {
  let doc;

  try {
    doc = await db.findAsync(id);
  } catch (err) {
    // bluebird ran this handler in a later tick, even after a synchronous throw
    await null;

    if (err.code === 'ENOENT') {
      return null;
    }
    throw err;
  }

  return doc.value;
}

module.exports = { find: find };
