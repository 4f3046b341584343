import type { RoomView, UserView } from '../src/domain/views.js';
import { api, asClientError, ClientError, getToken, onUnauthorized, setToken } from './api.js';
import {
  loadHistory,
  loadOlder,
  markRead,
  noteTyping,
  recallMessage,
  selectRoom,
  sendMessage,
} from './conversation.js';
import { addMember, clearTypers, noteUser, onPresence, onTyping, seenOnline, stopTyping } from './people.js';
import { bumpUnread, loadRooms, refreshUnread, roomFromInput } from './rooms.js';
import { chatSocket } from './socket.js';
import { resetState, roomById, state } from './state.js';
import { byId, inputById } from './views/dom.js';
import * as pane from './views/messages.js';
import * as render from './views/render.js';

/** The parrot web client: the session, the socket's events, and the page's controls. */

const ROOM_POLL_MS = 30_000;
const SERVER_RETRY_MS = 5000;
const SESSION_EXPIRED = new ClientError('UNAUTHORIZED', 'Your session has expired, please log in again');

let roomPollTimer: number | undefined;
let serverRetryTimer: number | undefined;

const showError = (err: unknown): void => render.showChatError(asClientError(err));

async function connectSocket(): Promise<void> {
  const token = getToken();
  window.clearTimeout(serverRetryTimer);
  if (!token || !state.me) return;
  render.setStatus('connecting');
  try {
    const { url } = await api.server();
    if (state.me) chatSocket.connect(url, token); // else: logged out meanwhile
  } catch (err) {
    render.setStatus('offline');
    showError(err);
    serverRetryTimer = window.setTimeout(() => void connectSocket(), SERVER_RETRY_MS);
  }
}

chatSocket.listen(
  {
    message(msg) {
      noteUser(msg.userId, msg.username);
      seenOnline(msg.userId);
      if (!roomById(msg.roomId)) return void loadRooms(); // a room we did not know about yet
      addMember(msg.roomId, msg.userId);
      if (msg.roomId === state.currentRoomId) {
        stopTyping(msg.userId);
        pane.appendMessage(msg, state.me);
        markRead();
      } else if (!state.me || msg.userId !== state.me.id) {
        bumpUnread(msg.roomId);
      }
    },
    typing: onTyping,
    presence: onPresence,
    recalled(data) {
      pane.markRecalled(data.messageId);
      if (data.roomId !== state.currentRoomId) void refreshUnread();
    },
    read(data) {
      // our own receipt from another tab: the badges changed
      if (state.me && data.userId === state.me.id) void refreshUnread();
    },
  },
  {
    status: render.setStatus,
    connected(reconnect) {
      render.clearChatError();
      if (reconnect) void loadRooms();
      // (re)loads the open room: covers messages missed while away
      void loadHistory();
    },
    reconnectFailed() {
      // our socket server may be gone: ask for another one
      serverRetryTimer = window.setTimeout(() => void connectSocket(), 1000);
    },
    unauthorized: () => logout(SESSION_EXPIRED),
    error: showError,
  },
);

function enterChat(user: UserView): void {
  state.me = user;
  noteUser(user.id, user.username);
  render.showChat(user);
  render.setActiveRoom(null, '');
  void connectSocket();
  void loadRooms();
  window.clearInterval(roomPollTimer);
  roomPollTimer = window.setInterval(() => {
    if (state.me) void loadRooms();
  }, ROOM_POLL_MS);
}

function logout(reason?: ClientError): void {
  window.clearInterval(roomPollTimer);
  window.clearTimeout(serverRetryTimer);
  chatSocket.reset();
  setToken(null);
  clearTypers();
  resetState();
  pane.clearMessages();
  render.clearChatError();
  render.renderRooms([], () => '', {}, null);
  render.renderPresence([]);
  render.setActiveRoom(null, '');
  render.showLogin();
  if (reason) render.showAuthError(reason);
}

onUnauthorized(() => {
  if (state.me || getToken()) logout(SESSION_EXPIRED);
});

function readCredentials(): { username: string; password: string } | null {
  const username = inputById('username').value.trim();
  const password = inputById('password').value;
  if (username && password) return { username, password };
  render.showAuthError({ code: 'VALIDATION_ERROR', message: 'Enter a username and a password' });
  return null;
}

function setAuthBusy(busy: boolean): void {
  for (const id of ['login-btn', 'register-btn']) byId<HTMLButtonElement>(id).disabled = busy;
}

async function signIn(register: boolean): Promise<void> {
  const creds = readCredentials();
  if (!creds) return;
  setAuthBusy(true);
  render.clearAuthError();
  try {
    if (register) await api.register(creds.username, creds.password);
    const { token, user } = await api.login(creds.username, creds.password);
    setToken(token);
    enterChat(user);
  } catch (err) {
    render.showAuthError(asClientError(err));
  } finally {
    setAuthBusy(false);
  }
}

/** a submit handler that keeps the browser from navigating */
function onSubmit(id: string, run: () => unknown): void {
  byId(id).addEventListener('submit', (e) => {
    e.preventDefault();
    void run();
  });
}

function wire(): void {
  onSubmit('login-form', () => signIn(false));
  byId('register-btn').addEventListener('click', (e) => {
    e.preventDefault();
    void signIn(true);
  });
  byId('logout').addEventListener('click', (e) => {
    e.preventDefault();
    logout();
  });
  byId('room-list').addEventListener('click', (e) => {
    const item = (e.target as Element).closest<HTMLElement>('li[data-room-id]');
    if (item?.dataset.roomId) selectRoom(item.dataset.roomId);
  });
  const sideForm = (
    form: string,
    input: string,
    button: string,
    ask: (value: string) => Promise<RoomView>,
    empty: string,
  ) => onSubmit(form, () => roomFromInput(inputById(input), byId<HTMLButtonElement>(button), ask, empty));
  sideForm('new-room-form', 'new-room-name', 'create-room-btn', api.createRoom, 'Give the room a name');
  sideForm('join-room-form', 'join-room-id', 'join-room-btn', api.joinRoom, 'Enter a room id');
  sideForm('direct-form', 'direct-user-id', 'direct-btn', api.direct, 'Enter a user id');
  onSubmit('composer', sendMessage);
  byId('message-input').addEventListener('input', noteTyping);
  byId('load-older').addEventListener('click', (e) => {
    e.preventDefault();
    void loadOlder();
  });
  byId('messages').addEventListener('click', (e) => {
    const link = (e.target as Element).closest('.recall');
    const id = link?.closest<HTMLElement>('.message')?.dataset.messageId;
    if (!id) return;
    e.preventDefault();
    void recallMessage(id);
  });
  byId('chat-error').addEventListener('click', render.clearChatError);
  // back from another tab: catch up on the receipt
  window.addEventListener('focus', () => {
    if (state.currentRoomId) markRead();
  });
}

async function start(): Promise<void> {
  wire();
  if (!getToken()) return render.showLogin();
  try {
    enterChat(await api.me());
  } catch (err) {
    // a bad token was already dropped by onUnauthorized; for any other failure keep it, the user may retry
    render.showLogin();
    const problem = asClientError(err);
    if (problem.code !== 'UNAUTHORIZED') render.showAuthError(problem);
  }
}

void start();
