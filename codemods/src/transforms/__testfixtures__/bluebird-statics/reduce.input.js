import Promise from 'bluebird';
import { count, start } from './lib.js';

export async function total(rooms) {
  const sum = await Promise.reduce(rooms, (acc, room) => count(room).then((n) => acc + n), 0);
  return sum * 2;
}

export async function names(rooms) {
  return Promise.reduce(rooms, async function (acc, room) {
    return acc.concat(await count(room));
  }, []);
}

export async function fromStart(rooms) {
  return Promise.reduce(rooms, (acc, room) => acc + room, start());
}

export async function kept(rooms) {
  await Promise.reduce(rooms, (acc, room, i) => acc + i, 0);
  return Promise.reduce(rooms, (acc, room) => acc + room);
}
