import Promise from 'bluebird';
import Datastore from 'nedb';

Promise.promisifyAll(Datastore.prototype);

export async function open(file, indexes) {
  const store = new Datastore({ filename: file });
  await store.loadDatabaseAsync();
  for (const index of indexes) {
    await store.ensureIndexAsync(index);
  }
  return store;
}
