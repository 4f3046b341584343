import Promise from 'bluebird';
import { findUser, findRoom, counts } from './lib.js';

export async function overview(userId, roomId) {
  const { user, room } = await Promise.all(
    Object.entries({ user: findUser(userId), room: findRoom(roomId) }).map(async ([key, value]) => [key, await value])
  ).then(Object.fromEntries);
  return { user, room };
}

export async function totals(id) {
  return Promise.all(
    Object.entries({ id, unread: counts(id), [`at${id}`]: Date.now() }).map(async ([key, value]) => [key, await value])
  ).then(Object.fromEntries);
}

export async function maybeMap(source) {
  return Promise.props(source);
}

export async function withGetter(id) {
  return Promise.props({ get user() { return findUser(id); } });
}

export function notAsync(id) {
  return Promise.props({ user: findUser(id) }).then((r) => r.user);
}
