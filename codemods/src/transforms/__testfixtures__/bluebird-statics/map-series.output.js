import Promise from 'bluebird';
import { save } from './lib.js';

import pMap from 'p-map';

export async function saveAll(rooms) {
  const saved = await pMap(await rooms, (room, i) => save(room, i), {
    concurrency: 1
  });
  return saved.length;
}

export async function withLength(rooms) {
  return Promise.mapSeries(rooms, (room, i, length) => save(room, length));
}
