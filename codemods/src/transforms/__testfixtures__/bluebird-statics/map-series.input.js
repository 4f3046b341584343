import Promise from 'bluebird';
import { save } from './lib.js';

export async function saveAll(rooms) {
  const saved = await Promise.mapSeries(rooms, (room, i) => save(room, i));
  return saved.length;
}

export async function withLength(rooms) {
  return Promise.mapSeries(rooms, (room, i, length) => save(room, length));
}
