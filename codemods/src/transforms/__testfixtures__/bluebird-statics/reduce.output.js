import Promise from 'bluebird';
import { count, start } from './lib.js';

export async function total(rooms) {
  const reducer = (acc, room) => count(room).then((n) => acc + n);
  let sum = 0;

  for (const item of await rooms) {
    sum = await reducer(sum, await item);
  }

  return sum * 2;
}

export async function names(rooms) {
  const reducer = async function (acc, room) {
    return acc.concat(await count(room));
  };

  let acc2 = [];

  for (const item of await rooms) {
    acc2 = await reducer(acc2, await item);
  }

  return acc2;
}

export async function fromStart(rooms) {
  return Promise.reduce(rooms, (acc, room) => acc + room, start());
}

export async function kept(rooms) {
  await Promise.reduce(rooms, (acc, room, i) => acc + i, 0);
  return Promise.reduce(rooms, (acc, room) => acc + room);
}
