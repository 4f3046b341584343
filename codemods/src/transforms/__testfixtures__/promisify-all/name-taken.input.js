import Promise from 'bluebird';
import Datastore from 'nedb';

Promise.promisifyAll(Datastore.prototype);

export async function load(file) {
  const db = new Datastore({ filename: file });
  await db.loadDatabaseAsync();
  return db;
}

// a local promisify here: the import must not take its name, or this site would call the local one
export async function loadWrapped(file) {
  const promisify = (value) => ({ value });
  const store = new Datastore({ filename: file });
  await store.loadDatabaseAsync();
  return promisify(store);
}
