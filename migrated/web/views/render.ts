import type { RoomView, UserView } from '../../src/domain/views.js';
import type { ConnectionStatus } from '../socket.js';
import { byId, h, inputById, setVisible } from './dom.js';

/** Screens, banners and the sidebar. Everything the user supplied goes in as text, never as markup. */

interface Problem {
  code: string;
  message: string;
}

export function showLogin(): void {
  setVisible(byId('chat-screen'), false);
  setVisible(byId('login-screen'), true);
  inputById('password').value = '';
  inputById('username').focus();
}

export function showChat(user: UserView): void {
  setVisible(byId('login-screen'), false);
  setVisible(byId('chat-screen'), true);
  byId('me').textContent = user.username;
  byId('me-id').textContent = user.id;
  clearAuthError();
}

function showProblem(el: HTMLElement, text: string, code: string): void {
  el.textContent = text;
  el.setAttribute('data-code', code);
  setVisible(el, true);
}

function clearProblem(el: HTMLElement): void {
  el.textContent = '';
  el.setAttribute('data-code', '');
  setVisible(el, false);
}

export const showAuthError = (err: Problem): void => showProblem(byId('auth-error'), err.message, err.code);
export const clearAuthError = (): void => clearProblem(byId('auth-error'));

const CHAT_ERROR_MS = 8000;
let chatErrorTimer: number | undefined;

export function showChatError(err: Problem): void {
  showProblem(byId('chat-error'), err.code ? `${err.message} (${err.code})` : err.message, err.code);
  window.clearTimeout(chatErrorTimer);
  chatErrorTimer = window.setTimeout(clearChatError, CHAT_ERROR_MS);
}

export function clearChatError(): void {
  window.clearTimeout(chatErrorTimer);
  clearProblem(byId('chat-error'));
}

const STATUS_LABELS: Record<ConnectionStatus, string> = {
  connecting: 'connecting...',
  connected: 'online',
  disconnected: 'disconnected',
  reconnecting: 'reconnecting...',
  offline: 'offline',
};

export function setStatus(status: ConnectionStatus): void {
  const el = byId('connection-status');
  el.textContent = STATUS_LABELS[status];
  el.className = `status-${status}`;
}

// -------------------------------------------------------------- room list

function roomItem(room: RoomView, label: string, count: number, active: boolean): HTMLElement {
  const badge = h('span', { class: 'badge' });
  const item = h(
    'li',
    { class: `room room-${room.type}${active ? ' active' : ''}`, 'data-room-id': room.id },
    h('span', { class: 'room-name' }, label),
    badge,
  );
  showCount(badge, count);
  return item;
}

export function renderRooms(
  rooms: RoomView[],
  labelOf: (room: RoomView) => string,
  unread: Record<string, number>,
  activeRoomId: string | null,
): void {
  const items = rooms.map((room) => roomItem(room, labelOf(room), unread[room.id] ?? 0, room.id === activeRoomId));
  byId('room-list').replaceChildren(
    ...(items.length ? items : [h('li', { class: 'empty' }, 'No rooms yet. Create one below.')]),
  );
}

function roomItems(): HTMLElement[] {
  return [...byId('room-list').querySelectorAll<HTMLElement>('li[data-room-id]')];
}

const findRoomItem = (roomId: string): HTMLElement | undefined =>
  roomItems().find((li) => li.dataset.roomId === roomId);

export function setRoomLabel(roomId: string, label: string): void {
  const name = findRoomItem(roomId)?.querySelector('.room-name');
  if (name) name.textContent = label;
}

function showCount(badge: HTMLElement, count: number): void {
  badge.textContent = count > 0 ? String(count) : '';
  setVisible(badge, count > 0);
}

export function setUnread(roomId: string, count: number): void {
  const badge = findRoomItem(roomId)?.querySelector<HTMLElement>('.badge');
  if (badge) showCount(badge, count);
}

export function renderUnread(unread: Record<string, number>): void {
  for (const li of roomItems()) {
    const badge = li.querySelector<HTMLElement>('.badge');
    if (badge) showCount(badge, unread[li.dataset.roomId ?? ''] ?? 0);
  }
}

export function setActiveRoom(roomId: string | null, title: string): void {
  for (const li of roomItems()) li.classList.toggle('active', li.dataset.roomId === roomId);
  byId('room-title').textContent = title;
  setVisible(byId('composer'), roomId !== null);
  setVisible(byId('no-room'), roomId === null);
}

// ------------------------------------------------------- typing, presence

export function renderTyping(names: string[]): void {
  let text = '';
  if (names.length === 1) text = `${names[0]} is typing...`;
  else if (names.length === 2) text = `${names[0]} and ${names[1]} are typing...`;
  else if (names.length > 2) text = 'Several people are typing...';
  byId('typing').textContent = text;
}

export type Presence = 'online' | 'offline' | 'unknown';

export function renderPresence(people: { id: string; username: string; status: Presence }[]): void {
  const items = people.map((p) =>
    h(
      'li',
      { class: `person ${p.status}`, 'data-user-id': p.id, title: p.status },
      h('span', { class: 'dot' }),
      ' ',
      h('span', { class: 'name' }, p.username),
    ),
  );
  byId('presence').replaceChildren(...items);
}
