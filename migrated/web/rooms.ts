import type { RoomView } from '../src/domain/views.js';
import { api, asClientError } from './api.js';
import { closeRoom, selectRoom } from './conversation.js';
import { drawPresence, lookupUser } from './people.js';
import { chatSocket } from './socket.js';
import { roomById, state } from './state.js';
import * as render from './views/render.js';

/** The sidebar's room list: labels, unread badges, and the forms that add a room. */

const showError = (err: unknown): void => render.showChatError(asClientError(err));

export function roomLabel(room: RoomView): string {
  return state.labels.get(room.id) || room.name || room.id;
}

function otherMember(room: RoomView): string | undefined {
  return room.members.find((id) => state.me !== null && id !== state.me.id);
}

/** a direct room is shown as "@name" of the other member, once the page knows the name */
function resolveLabel(room: RoomView): void {
  if (room.type !== 'direct') return void state.labels.set(room.id, room.name);
  const other = otherMember(room);
  if (!other) return void state.labels.set(room.id, room.name || 'direct');
  const known = state.users.get(other);
  state.labels.set(room.id, known ? `@${known}` : room.name || 'direct');
  lookupUser(other).then(
    (user) => {
      const label = `@${user.username}`;
      state.labels.set(room.id, label);
      render.setRoomLabel(room.id, label);
      if (state.currentRoomId === room.id) render.setActiveRoom(room.id, label);
    },
    () => {},
  );
}

function addRoom(room: RoomView): void {
  const at = state.rooms.findIndex((r) => r.id === room.id);
  if (at === -1) state.rooms.push(room);
  else state.rooms[at] = room;
  resolveLabel(room);
}

function drawRooms(): void {
  render.renderRooms(state.rooms, roomLabel, state.unread, state.currentRoomId);
}

export async function loadRooms(): Promise<void> {
  let rooms: RoomView[];
  try {
    rooms = await api.rooms();
  } catch (err) {
    return showError(err);
  }
  const firstLoad = !state.roomsLoaded;
  const known = new Set(state.rooms.map((r) => r.id));
  state.rooms = [];
  for (const room of rooms) {
    addRoom(room);
    // somebody put us in a room after our socket connected: subscribe
    if (!firstLoad && !known.has(room.id) && chatSocket.isConnected())
      chatSocket.request('join', { roomId: room.id }).catch(() => {});
  }
  state.roomsLoaded = true;
  if (state.currentRoomId && !roomById(state.currentRoomId)) closeRoom();
  drawRooms();
  void refreshUnread();
  if (state.currentRoomId) drawPresence();
}

export async function refreshUnread(): Promise<void> {
  try {
    state.unread = await api.unread();
  } catch {
    return; // the badges stay as they were; the next refresh may do better
  }
  render.renderUnread(state.unread);
}

export function bumpUnread(roomId: string): void {
  const count = (state.unread[roomId] ?? 0) + 1;
  state.unread[roomId] = count;
  render.setUnread(roomId, count);
}

function enterRoom(room: RoomView): void {
  addRoom(room);
  drawRooms();
  // the server subscribes a socket to its user's rooms only on connect
  chatSocket.request('join', { roomId: room.id }).catch(showError);
  selectRoom(room.id);
}

/** one of the sidebar forms: read the input, ask the server for a room, open it */
export async function roomFromInput(
  input: HTMLInputElement,
  button: HTMLButtonElement,
  ask: (value: string) => Promise<RoomView>,
  emptyMessage: string,
): Promise<void> {
  const value = input.value.trim();
  if (!value) return render.showChatError({ code: 'VALIDATION_ERROR', message: emptyMessage });
  button.disabled = true;
  try {
    const room = await ask(value);
    input.value = '';
    enterRoom(room);
  } catch (err) {
    showError(err);
  } finally {
    button.disabled = false;
  }
}
