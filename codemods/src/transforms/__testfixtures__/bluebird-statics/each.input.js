import Promise from 'bluebird';
import { notify, load, members } from './lib.js';

export async function announce(room) {
  await Promise.each(room.members, memberId => notify(memberId, room.id));
  return room;
}

export async function loadAll(names) {
  return Promise.each(names, async name => {
    const data = await load(name);
    data.seen = true;
    return notify(name, data);
  });
}

export async function fromCall(roomId) {
  const list = await Promise.each(members(roomId), function (id) {
    notify(id, roomId);
  });
  return list.length;
}

export async function nested(collections) {
  await Promise.each(Object.keys(collections), name => {
    return Promise.each(collections[name], index => load(name, index));
  });
}
