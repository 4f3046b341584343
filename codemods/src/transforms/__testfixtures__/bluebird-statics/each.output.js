import { notify, load, members } from './lib.js';

export async function announce(room) {
  for (const memberId of await room.members) {
    await notify(memberId, room.id);
  }

  return room;
}

export async function loadAll(names) {
  for (const name of await names) {
    const data = await load(name);
    data.seen = true;
    await notify(name, data);
  }

  return names;
}

export async function fromCall(roomId) {
  const list = await members(roomId);

  for (const id of list) {
    notify(id, roomId);
  }

  return list.length;
}

export async function nested(collections) {
  for (const name of await Object.keys(collections)) {
    for (const index of collections[name]) {
      await load(name, index);
    }
  }
}
