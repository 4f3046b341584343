import Promise from 'bluebird';
import Datastore from 'nedb';

import { promisify } from 'node:util';

Promise.promisifyAll(Datastore.prototype);

export async function open(file, indexes) {
  const store = new Datastore({ filename: file });
  await promisify(store.loadDatabase).call(store);
  for (const index of indexes) {
    await promisify(store.ensureIndex).call(store, index);
  }
  return store;
}
