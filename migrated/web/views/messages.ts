import type { MessageView, UserView } from '../../src/domain/views.js';
import { byId, h, setVisible } from './dom.js';

/** The message pane: kept sorted by id (ids sort in creation order as strings), one element per message. */

const pad2 = (n: number): string => String(n).padStart(2, '0');

function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

function messageClasses(msg: MessageView, me: UserView | null, mine: boolean): string {
  const classes = ['message', `message-${msg.type}`];
  if (mine) classes.push('mine');
  if (msg.recalled) classes.push('recalled');
  if (me && !mine && msg.mentions.includes(me.id)) classes.push('mention');
  return classes.join(' ');
}

function messageAttrs(msg: MessageView, classes: string): Record<string, string> {
  return {
    class: classes,
    'data-message-id': msg.id,
    'data-user-id': msg.userId,
    ...(msg.clientId ? { 'data-client-id': msg.clientId } : {}),
  };
}

function messageElement(msg: MessageView, me: UserView | null): HTMLElement {
  const mine = me !== null && msg.userId === me.id;
  return h(
    'div',
    messageAttrs(msg, messageClasses(msg, me, mine)),
    h('span', { class: 'time' }, formatTime(msg.createdAt)),
    ' ',
    ...(msg.type === 'action' ? [h('span', { class: 'star' }, '*'), ' '] : []),
    h('span', { class: 'author' }, msg.username),
    ' ',
    h('span', { class: 'text' }, msg.recalled ? 'message recalled' : msg.text),
    ...(mine && !msg.recalled
      ? [' ', h('a', { href: '#', class: 'recall', title: 'Recall this message' }, 'recall')]
      : []),
  );
}

const pane = (): HTMLElement => byId('message-pane');
const shown = (): HTMLElement[] => [...byId('messages').querySelectorAll<HTMLElement>(':scope > .message')];
const idOf = (el: HTMLElement): string => el.dataset.messageId ?? '';

function findMessage(messageId: string): HTMLElement | undefined {
  return shown().find((el) => idOf(el) === messageId);
}

/** puts `msg` in its place by id; one already on screen is replaced */
function insertMessage(msg: MessageView, me: UserView | null): void {
  const el = messageElement(msg, me);
  const existing = findMessage(msg.id);
  if (existing) return existing.replaceWith(el);
  // usually the newest: search from the bottom
  const before = shown()
    .reverse()
    .find((other) => idOf(other) < msg.id);
  if (before) before.after(el);
  else byId('messages').prepend(el);
}

export function clearMessages(): void {
  byId('messages').replaceChildren();
  setVisible(byId('load-older'), false);
}

function isNearBottom(): boolean {
  const p = pane();
  return p.scrollHeight - p.scrollTop - p.clientHeight < 80;
}

function scrollToBottom(): void {
  pane().scrollTop = pane().scrollHeight;
}

/** a history page, newest first as the server sends it: oldest ends on top */
export function renderHistory(messages: MessageView[], me: UserView | null): void {
  for (const msg of [...messages].reverse()) insertMessage(msg, me);
  scrollToBottom();
}

/** an older page: what the user was looking at stays in place */
export function renderOlder(messages: MessageView[], me: UserView | null): void {
  const before = pane().scrollHeight;
  for (const msg of messages) insertMessage(msg, me);
  pane().scrollTop += pane().scrollHeight - before;
}

export function appendMessage(msg: MessageView, me: UserView | null): void {
  const stick = isNearBottom() || (me !== null && msg.userId === me.id);
  insertMessage(msg, me);
  if (stick) scrollToBottom();
}

export function markRecalled(messageId: string): void {
  const el = findMessage(messageId);
  if (!el) return;
  el.classList.add('recalled');
  el.classList.remove('mention');
  const text = el.querySelector('.text');
  if (text) text.textContent = 'message recalled';
  el.querySelector('.recall')?.remove();
}

export function setLoadOlder(visible: boolean, busy: boolean): void {
  const button = byId<HTMLButtonElement>('load-older');
  setVisible(button, visible);
  button.disabled = busy;
  button.textContent = busy ? 'Loading...' : 'Load older';
}

export const oldestMessageId = (): string | null => {
  const first = shown()[0];
  return first ? idOf(first) || null : null;
};

export const newestMessageId = (): string | null => {
  const last = shown().at(-1);
  return last ? idOf(last) || null : null;
};
