import type { Config } from '../config/schema.js';
import { AppError } from '../errors.js';
import { isId, nextId } from '../ids.js';
import type { Plugins } from '../plugins/index.js';
import { onDuplicateKey, type DuplicateKeyError, type MessageDoc, type RoomDoc, type Store, type UserDoc, type UserRef } from '../store/port.js';
import * as v from '../validate.js';
import { hashPassword, verifyPassword, type Tokens } from './auth.js';
import type { Broadcaster } from './broadcaster.js';
import { messageView, roomView, userView, type MessageView, type RoomView, type UserView } from './views.js';

/** A hash to verify against when the user does not exist, so both cases take as long. */
const DUMMY_HASH = 'scrypt$00$00';

// declared with the store's types, which the browser client's type-check may import (this module it may not)
export type { UserRef } from '../store/port.js';

/** What a concurrent call stored first under the unique key; the duplicate error again when that is gone too. */
async function winner<T>(found: Promise<T | null>, err: DuplicateKeyError): Promise<T> {
  const doc = await found;
  if (!doc) throw err;
  return doc;
}

function existingMessage(id: string, message: MessageDoc | null): MessageDoc {
  if (!message) throw new AppError('MESSAGE_NOT_FOUND', `no message ${id}`);
  return message;
}

/** `message` when it exists and belongs to `room`, else MESSAGE_NOT_FOUND. */
function messageIn(room: RoomDoc, id: string, message: MessageDoc | null): MessageDoc {
  const found = existingMessage(id, message);
  if (found.roomId !== room._id) throw new AppError('MESSAGE_NOT_FOUND', `no message ${id} in this room`);
  return found;
}

function textMessage(room: RoomDoc, user: UserRef, text: string, clientId: string | null, dedupeKey: string | undefined): MessageDoc {
  return {
    _id: nextId(),
    roomId: room._id,
    userId: user._id,
    username: user.username,
    text,
    type: 'text',
    clientId,
    mentions: [],
    recalled: false,
    createdAt: Date.now(),
    ...(dedupeKey ? { dedupeKey } : {}),
  };
}

/**
 * Everything parrot does, for REST and socket handlers alike: both paths store
 * and broadcast the same way. Expected failures are AppErrors with a code.
 */
export class Chat {
  constructor(
    private readonly store: Store,
    private readonly config: Config,
    private readonly tokens: Tokens,
    private readonly broadcaster: Broadcaster,
    private readonly plugins: Plugins,
  ) {}

  async register(username: unknown, password: unknown): Promise<UserView> {
    const name = v.username(username);
    const user: UserDoc = { _id: nextId(), username: name, passwordHash: await hashPassword(v.password(password)), createdAt: Date.now() };
    await onDuplicateKey(this.store.insertUser(user), () => Promise.reject(new AppError('USERNAME_TAKEN', `username ${name} is taken`)));
    return userView(user);
  }

  async login(username: unknown, password: unknown): Promise<{ token: string; user: UserView }> {
    const name = v.requireString(username, 'username');
    const pass = v.requireString(password, 'password');
    const user = await this.store.findUserByName(name);
    const ok = await verifyPassword(pass, user ? user.passwordHash : DUMMY_HASH);
    if (!user || !ok) throw new AppError('INVALID_CREDENTIALS', 'wrong username or password');
    return { token: await this.tokens.issue(user._id), user: userView(user) };
  }

  /** token → user, or UNAUTHORIZED */
  async authenticate(token: unknown): Promise<UserDoc> {
    const userId = await this.tokens.verify(token);
    const user = await this.store.findUser(userId);
    if (!user) throw new AppError('UNAUTHORIZED', 'user of this token is gone');
    return user;
  }

  /** A malformed id is USER_NOT_FOUND too, as the seed answered. */
  private async existingUser(id: unknown): Promise<UserDoc> {
    const user = isId(id) ? await this.store.findUser(id) : null;
    if (!user) throw new AppError('USER_NOT_FOUND', `no user ${String(id)}`);
    return user;
  }

  async user(id: unknown): Promise<UserView> {
    return userView(await this.existingUser(id));
  }

  async rooms(user: UserRef): Promise<RoomView[]> {
    return (await this.store.roomsOf(user._id)).map(roomView);
  }

  private async room(id: unknown): Promise<RoomDoc> {
    const roomId = v.requireId(id, 'roomId');
    const room = await this.store.findRoom(roomId);
    if (!room) throw new AppError('ROOM_NOT_FOUND', `no room ${roomId}`);
    return room;
  }

  private async memberRoom(id: unknown, user: UserRef): Promise<RoomDoc> {
    const room = await this.room(id);
    if (!room.members.includes(user._id)) throw new AppError('NOT_MEMBER', `not a member of room ${room._id}`);
    return room;
  }

  async createRoom(user: UserRef, name: unknown, memberIds: unknown): Promise<RoomView> {
    const roomName = v.roomName(name, this.config.chat.maxRoomNameLength);
    const members = [...new Set([user._id, ...v.idList(memberIds, 'members')])];
    const found = new Set((await this.store.findUsers(members)).map((u) => u._id));
    const missing = members.filter((id) => !found.has(id));
    if (missing.length) throw new AppError('USER_NOT_FOUND', `no user ${missing.join(', ')}`);
    const room: RoomDoc = { _id: nextId(), name: roomName, type: 'group', members, createdBy: user._id, createdAt: Date.now() };
    await this.store.insertRoom(room);
    this.subscribeMembers(room);
    return roomView(room);
  }

  /** Every member's sockets get the room's broadcasts from now on. */
  private subscribeMembers(room: RoomDoc): void {
    for (const id of room.members) this.broadcaster.joinUser(id, room._id);
  }

  async join(user: UserRef, roomId: unknown): Promise<RoomView> {
    const room = await this.room(roomId);
    if (room.members.includes(user._id)) return roomView(room);
    if (room.type === 'direct') throw new AppError('FORBIDDEN', 'direct rooms cannot be joined');
    await this.store.addMember(room._id, user._id);
    this.broadcaster.joinUser(user._id, room._id);
    return roomView((await this.store.findRoom(room._id)) ?? room);
  }

  async leave(user: UserRef, roomId: unknown): Promise<void> {
    const room = await this.room(roomId);
    if (!room.members.includes(user._id)) throw new AppError('NOT_MEMBER', `not a member of room ${room._id}`);
    if (room.type === 'direct') throw new AppError('FORBIDDEN', 'direct rooms cannot be left');
    await this.store.removeMember(room._id, user._id);
    this.broadcaster.leaveUser(user._id, room._id);
  }

  /** The one direct room of two users; concurrent first calls race on the unique key, the loser reads the winner's. */
  async direct(user: UserRef, otherId: unknown): Promise<RoomView> {
    if (otherId === user._id) throw new AppError('VALIDATION_ERROR', 'cannot open a direct room with yourself');
    const other = await this.existingUser(otherId);
    const key = [user._id, other._id].sort().join(':');
    const room = (await this.store.findDirectRoom(key)) ?? (await this.insertDirectRoom(user, other, key));
    this.subscribeMembers(room);
    return roomView(room);
  }

  private insertDirectRoom(user: UserRef, other: UserDoc, key: string): Promise<RoomDoc> {
    const room: RoomDoc = {
      _id: nextId(),
      name: `${user.username} & ${other.username}`,
      type: 'direct',
      directKey: key,
      members: [user._id, other._id].sort(),
      createdBy: user._id,
      createdAt: Date.now(),
    };
    return onDuplicateKey(
      this.store.insertRoom(room).then(() => room),
      (err) => winner(this.store.findDirectRoom(key), err),
    );
  }

  /** Stores, then broadcasts to the room's other sockets. `created` is false for a repeated clientId. */
  async postMessage(user: UserRef, roomId: unknown, text: unknown, clientId: unknown, socketId?: string): Promise<{ message: MessageView; created: boolean }> {
    const id = v.requireId(roomId, 'roomId');
    const body = v.messageText(text, this.config.chat.maxTextLength);
    const cid = v.clientId(clientId);
    const room = await this.memberRoom(id, user);
    const dedupeKey = cid ? `${user._id}:${cid}` : undefined;
    const earlier = await this.sentBefore(dedupeKey);
    if (earlier) return { message: messageView(earlier), created: false };
    const message = textMessage(room, user, body, cid, dedupeKey);
    const ctx = { message, room, user };
    await this.plugins.beforeSave(ctx);
    const stored = await this.insertMessage(message);
    if (stored !== message) return { message: messageView(stored), created: false };
    const view = messageView(message);
    this.broadcaster.toRoom(room._id, 'message', view, socketId);
    await this.plugins.afterSave(ctx);
    return { message: view, created: true };
  }

  /** The message stored under this dedupe key: the same clientId sent again. */
  private async sentBefore(dedupeKey: string | undefined): Promise<MessageDoc | null> {
    return dedupeKey ? this.store.findMessageByDedupeKey(dedupeKey) : null;
  }

  /** Stores `message`, or answers with its twin when a concurrent retry of the same clientId was stored first. */
  private insertMessage(message: MessageDoc): Promise<MessageDoc> {
    return onDuplicateKey(
      this.store.insertMessage(message).then(() => message),
      (err) => winner(this.sentBefore(message.dedupeKey), err),
    );
  }

  async history(user: UserRef, roomId: unknown, before: unknown, limit: unknown): Promise<{ messages: MessageView[]; hasMore: boolean }> {
    const id = v.requireId(roomId, 'roomId');
    const anchor = v.optionalId(before, 'before');
    const n = v.limit(limit, this.config.chat.historyDefaultLimit, this.config.chat.historyMaxLimit);
    const room = await this.memberRoom(id, user);
    if (anchor) messageIn(room, anchor, await this.store.findMessage(anchor));
    const docs = await this.store.messagesBefore(room._id, anchor, n + 1);
    return { messages: docs.slice(0, n).map(messageView), hasMore: docs.length > n };
  }

  async typing(user: UserRef, roomId: unknown, socketId?: string): Promise<void> {
    const room = await this.memberRoom(v.requireId(roomId, 'roomId'), user);
    this.broadcaster.toRoom(room._id, 'typing', { roomId: room._id, userId: user._id, username: user.username }, socketId);
  }

  async markRead(user: UserRef, roomId: unknown, messageId: unknown, socketId?: string): Promise<void> {
    const rid = v.requireId(roomId, 'roomId');
    const mid = v.requireId(messageId, 'messageId');
    const [room, message] = await Promise.all([this.memberRoom(rid, user), this.store.findMessage(mid)]);
    messageIn(room, mid, message);
    const moved = await this.store.advanceReceipt({ key: `${user._id}:${room._id}`, userId: user._id, roomId: room._id, lastReadId: mid, updatedAt: Date.now() });
    if (moved) this.broadcaster.toRoom(room._id, 'read', { roomId: room._id, userId: user._id, messageId: mid }, socketId);
  }

  async recall(user: UserRef, messageId: unknown, socketId?: string): Promise<{ messageId: string }> {
    const id = v.requireId(messageId, 'messageId');
    const message = existingMessage(id, await this.store.findMessage(id));
    if (message.userId !== user._id) throw new AppError('NOT_AUTHOR', 'only the author can recall a message');
    const windowMs = this.config.chat.recallWindowMs;
    if (Date.now() - message.createdAt > windowMs) {
      throw new AppError('RECALL_EXPIRED', `messages can only be recalled within ${Math.round(windowMs / 1000)}s`);
    }
    if (!message.recalled) {
      await this.store.markRecalled(message._id, Date.now());
      this.broadcaster.toRoom(message.roomId, 'recalled', { roomId: message.roomId, messageId: message._id }, socketId);
    }
    return { messageId: message._id };
  }

  /** {roomId: unread count} in room order */
  async unread(user: UserRef): Promise<Record<string, number>> {
    const rooms = await this.store.roomsOf(user._id);
    const counts = await Promise.all(
      rooms.map(async (room) => {
        const receipt = await this.store.findReceipt(`${user._id}:${room._id}`);
        return this.store.countUnread(room._id, receipt ? receipt.lastReadId : null, user._id);
      }),
    );
    return Object.fromEntries(rooms.map((room, i) => [room._id, counts[i] ?? 0]));
  }
}
