import { asClientError, ClientError } from './api.js';
import { clearTypers, drawPresence, noteUser } from './people.js';
import { refreshUnread, roomLabel } from './rooms.js';
import { chatSocket } from './socket.js';
import { roomById, state } from './state.js';
import { inputById } from './views/dom.js';
import * as pane from './views/messages.js';
import * as render from './views/render.js';

/** The open room: its history, the composer, read receipts and recalls. */

const HISTORY_PAGE = 50;
const TYPING_THROTTLE_MS = 2000;

const showError = (err: unknown): void => render.showChatError(asClientError(err));

let clientCounter = 0;

/** the key that makes a resent message count once */
function makeClientId(): string {
  clientCounter += 1;
  return `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}-${clientCounter}`;
}

export function closeRoom(): void {
  state.currentRoomId = null;
  state.historySeq += 1;
  clearTypers();
  pane.clearMessages();
  render.setActiveRoom(null, '');
  render.renderPresence([]);
}

export function selectRoom(roomId: string): void {
  const room = roomById(roomId);
  if (!room) return;
  render.clearChatError();
  if (state.currentRoomId !== roomId) {
    clearTypers();
    pane.clearMessages();
    state.lastTypingSent = 0;
  }
  state.currentRoomId = roomId;
  state.hasMore = false;
  state.loadingOlder = false;
  render.setActiveRoom(roomId, roomLabel(room));
  drawPresence();
  void loadHistory();
  inputById('message-input').focus();
}

/** the newest page of the open room; also catches up after a reconnect */
export async function loadHistory(): Promise<void> {
  const roomId = state.currentRoomId;
  if (!roomId) return;
  const seq = ++state.historySeq;
  try {
    const res = await chatSocket.request('history', { roomId, limit: HISTORY_PAGE });
    if (seq !== state.historySeq || roomId !== state.currentRoomId) return; // the user moved on
    for (const m of res.messages) noteUser(m.userId, m.username);
    pane.renderHistory(res.messages, state.me);
    state.hasMore = res.hasMore;
    pane.setLoadOlder(state.hasMore, false);
    markRead();
  } catch (err) {
    if (seq === state.historySeq) showError(err);
  }
}

export async function loadOlder(): Promise<void> {
  const roomId = state.currentRoomId;
  const before = pane.oldestMessageId();
  const seq = state.historySeq;
  if (!roomId || !before || state.loadingOlder) return;
  state.loadingOlder = true;
  pane.setLoadOlder(true, true);
  try {
    const res = await chatSocket.request('history', { roomId, before, limit: HISTORY_PAGE });
    if (seq !== state.historySeq || roomId !== state.currentRoomId) return;
    pane.renderOlder(res.messages, state.me);
    state.hasMore = res.hasMore;
  } catch (err) {
    showError(err);
  } finally {
    if (roomId === state.currentRoomId) {
      state.loadingOlder = false;
      pane.setLoadOlder(state.hasMore, false);
    }
  }
}

/** a receipt for the newest message on screen, once per message */
export function markRead(): void {
  const roomId = state.currentRoomId;
  const newest = pane.newestMessageId();
  if (!roomId || !newest) return;
  const last = state.lastRead.get(roomId);
  if (last && last >= newest) return;
  state.lastRead.set(roomId, newest);
  chatSocket.request('read', { roomId, messageId: newest }).then(
    () => refreshUnread(),
    (err: unknown) => {
      if (state.lastRead.get(roomId) === newest) state.lastRead.delete(roomId);
      showError(err);
    },
  );
}

export async function sendMessage(): Promise<void> {
  const roomId = state.currentRoomId;
  const input = inputById('message-input');
  const text = input.value;
  if (!roomId) return render.showChatError(new ClientError('VALIDATION_ERROR', 'Pick a room first'));
  if (!text.trim()) return;
  input.value = '';
  // the message ends this user's typing on the other pages: the next keystroke announces again
  state.lastTypingSent = 0;
  try {
    const { message } = await chatSocket.request('message', { roomId, text, clientId: makeClientId() });
    if (message.roomId !== state.currentRoomId) return;
    pane.appendMessage(message, state.me);
    markRead();
  } catch (err) {
    if (!input.value) input.value = text; // nothing typed meanwhile: give the text back
    showError(err);
  }
}

export async function recallMessage(messageId: string): Promise<void> {
  try {
    await chatSocket.request('recall', { messageId });
    pane.markRecalled(messageId);
  } catch (err) {
    showError(err);
  }
}

/** tells the room this user is typing (the composer's text changed), at most every TYPING_THROTTLE_MS */
export function noteTyping(): void {
  if (!state.currentRoomId) return;
  const now = Date.now();
  if (now - state.lastTypingSent < TYPING_THROTTLE_MS) return;
  state.lastTypingSent = now;
  chatSocket.request('typing', { roomId: state.currentRoomId }).catch(() => {}); // not worth a banner
}
