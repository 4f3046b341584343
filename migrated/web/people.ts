import type { UserView } from '../src/domain/views.js';
import type { ServerToClientEvents } from '../src/socket/events.js';
import { api } from './api.js';
import { roomById, state } from './state.js';
import { renderPresence, renderTyping, type Presence } from './views/render.js';

/** Who is who, who is online in the open room, and who is typing there. */

const TYPING_SHOW_MS = 3000;

type TypingEvent = Parameters<ServerToClientEvents['typing']>[0];
type PresenceEvent = Parameters<ServerToClientEvents['presence']>[0];

export function noteUser(id: string, username: string): void {
  if (id && username) state.users.set(id, username);
}

/** a user's name, asked of the server once however many ask at the same time */
export function lookupUser(id: string): Promise<UserView> {
  const known = state.users.get(id);
  if (known) return Promise.resolve({ id, username: known, createdAt: '' });
  const pending = state.userRequests.get(id);
  if (pending) return pending;
  const asked = api.user(id).then((user) => {
    noteUser(user.id, user.username);
    if (state.currentRoomId) drawPresence();
    return user;
  });
  state.userRequests.set(id, asked);
  const forget = () => void state.userRequests.delete(id);
  asked.then(forget, forget);
  return asked;
}

function presenceOf(userId: string): Presence {
  if (state.me && userId === state.me.id) return 'online';
  const online = state.online.get(userId);
  if (online === undefined) return 'unknown';
  return online ? 'online' : 'offline';
}

export function drawPresence(): void {
  const room = roomById(state.currentRoomId);
  if (!room) return renderPresence([]);
  renderPresence(room.members.map((id) => ({ id, username: state.users.get(id) ?? id, status: presenceOf(id) })));
  for (const id of room.members) {
    // each answer redraws; a failed lookup leaves the id showing
    if (!state.users.has(id)) lookupUser(id).catch(() => {});
  }
}

export function seenOnline(userId: string): void {
  if (state.online.get(userId) === true) return;
  state.online.set(userId, true);
  drawPresence();
}

export function onPresence(data: PresenceEvent): void {
  state.online.set(data.userId, data.online);
  if (!data.online) stopTyping(data.userId);
  drawPresence();
}

/** a message from someone the room list did not have as a member yet */
export function addMember(roomId: string, userId: string): void {
  const room = roomById(roomId);
  if (!room || room.members.includes(userId)) return;
  room.members.push(userId);
  if (roomId === state.currentRoomId) drawPresence();
}

function drawTyping(): void {
  renderTyping([...state.typers.values()].map((t) => t.username));
}

export function stopTyping(userId: string): void {
  const typer = state.typers.get(userId);
  if (!typer) return;
  window.clearTimeout(typer.timer);
  state.typers.delete(userId);
  drawTyping();
}

export function clearTypers(): void {
  for (const typer of state.typers.values()) window.clearTimeout(typer.timer);
  state.typers.clear();
  renderTyping([]);
}

export function onTyping(data: TypingEvent): void {
  const { roomId, userId } = data;
  if (roomId !== state.currentRoomId || (state.me && userId === state.me.id)) return;
  noteUser(userId, data.username);
  seenOnline(userId);
  const earlier = state.typers.get(userId);
  if (earlier) window.clearTimeout(earlier.timer);
  state.typers.set(userId, {
    username: data.username || state.users.get(userId) || 'Someone',
    timer: window.setTimeout(() => stopTyping(userId), TYPING_SHOW_MS),
  });
  drawTyping();
}
