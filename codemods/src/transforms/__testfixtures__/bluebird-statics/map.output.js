import Promise from 'bluebird';
import { count, save } from './lib.js';

export async function counts(rooms) {
  const numbers = await Promise.map(rooms, async room => {
    const n = await count(room);
    return n * 2;
  }, { concurrency: 4 });
  return numbers;
}

export async function saveAll(docs) {
  await Promise.all((await docs).map((doc, i) => save(doc, i)));
}

export async function both(a, b) {
  return Promise.all([count(a), count(b)]);
}

export async function later(ms) {
  await Promise.delay(ms);
  return Promise.all(Object.values(ms).map(v => v + 1));
}
