import { Redis, type ChainableCommander } from 'ioredis';
import { DuplicateKeyError, type MessageDoc, type ReceiptDoc, type RoomDoc, type Store, type UserDoc } from './port.js';
import * as lua from './redis-scripts.js';

export interface RedisStoreOptions {
  host: string;
  port: number;
  /** the configured redis prefix ("parrot:"); the store keeps its keys under `<prefix>store:` */
  prefix: string;
}

type Script = (keys: string[], args: (string | number)[]) => Promise<unknown>;

/** A Lua script sent by EVALSHA, reloaded by ioredis when the server has lost it. */
function defineScript(client: Redis, name: string, source: string): Script {
  client.defineCommand(name, { lua: source });
  // defineCommand adds the method at run time, so ioredis's typings cannot know it
  const command = (client as unknown as Record<string, (...args: (string | number)[]) => Promise<unknown>>)[name]!;
  return (keys, args) => command.call(client, keys.length, ...keys, ...args);
}

/** The replies of a MULTI, throwing the first command error. */
async function replies(multi: ChainableCommander): Promise<unknown[]> {
  return ((await multi.exec()) ?? []).map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}

/** Throws DuplicateKeyError when an insert script names the unique field it found taken. */
function rejectTaken(taken: unknown): void {
  if (typeof taken === 'string') throw new DuplicateKeyError(taken);
}

/**
 * Redis as a shared store, so several parrot processes can run without MongoDB.
 * Documents are JSON in hashes; what changes after insert (room members, the
 * recalled mark, receipts) lives in its own key so that a Lua script can change
 * it in one step without re-encoding JSON.
 */
/** A failed first connect disconnects, so ioredis does not keep reconnecting in the background. */
async function connected(client: Redis): Promise<Redis> {
  try {
    await client.connect();
  } catch (err) {
    client.disconnect();
    throw err;
  }
  return client;
}

export async function openRedisStore(options: RedisStoreOptions): Promise<Store> {
  const client = await connected(new Redis({ host: options.host, port: options.port, lazyConnect: true, maxRetriesPerRequest: 3 }));
  const ns = `${options.prefix}store:`;
  const key = {
    users: `${ns}users`,
    userByName: `${ns}users:by-name`,
    rooms: `${ns}rooms`,
    roomByDirectKey: `${ns}rooms:by-direct-key`,
    members: (roomId: string) => `${ns}room:${roomId}:members`,
    roomsOf: (userId: string) => `${ns}user:${userId}:rooms`,
    messages: `${ns}messages`,
    messageByDedupeKey: `${ns}messages:by-dedupe-key`,
    roomMessages: (roomId: string) => `${ns}room:${roomId}:messages`,
    authors: `${ns}messages:author`,
    recalled: `${ns}messages:recalled`,
    receipt: (receiptKey: string) => `${ns}receipt:${receiptKey}`,
  };
  const script = {
    insertUser: defineScript(client, 'parrotInsertUser', lua.INSERT_USER),
    insertRoom: defineScript(client, 'parrotInsertRoom', lua.INSERT_ROOM),
    addMember: defineScript(client, 'parrotAddMember', lua.ADD_MEMBER),
    insertMessage: defineScript(client, 'parrotInsertMessage', lua.INSERT_MESSAGE),
    markRecalled: defineScript(client, 'parrotMarkRecalled', lua.MARK_RECALLED),
    countUnread: defineScript(client, 'parrotCountUnread', lua.COUNT_UNREAD),
    advanceReceipt: defineScript(client, 'parrotAdvanceReceipt', lua.ADVANCE_RECEIPT),
  };

  const parseAll = <T>(values: (string | null)[]): T[] => values.flatMap((v) => (v === null ? [] : [JSON.parse(v) as T]));

  const findUsers = async (ids: string[]): Promise<UserDoc[]> => (ids.length ? parseAll<UserDoc>(await client.hmget(key.users, ...ids)) : []);

  /** rooms with their members, read in one MULTI so a room and its members agree */
  const findRooms = async (ids: string[]): Promise<RoomDoc[]> => {
    if (!ids.length) return [];
    const multi = client.multi().hmget(key.rooms, ...ids);
    for (const id of ids) multi.lrange(key.members(id), 0, -1);
    const [docs, ...members] = (await replies(multi)) as [(string | null)[], ...string[][]];
    return docs.flatMap((json, i) => (json === null ? [] : [{ ...(JSON.parse(json) as Omit<RoomDoc, 'members'>), members: members[i] ?? [] }]));
  };

  const findMessages = async (ids: string[]): Promise<MessageDoc[]> => {
    if (!ids.length) return [];
    const [docs, recalled] = (await replies(client.multi().hmget(key.messages, ...ids).hmget(key.recalled, ...ids))) as (string | null)[][];
    return docs!.flatMap((json, i) => {
      if (json === null) return [];
      const doc = JSON.parse(json) as MessageDoc;
      return [recalled![i] === null ? doc : { ...doc, recalled: true, text: '' }];
    });
  };

  const first = <T>(docs: T[]): T | null => docs[0] ?? null;

  return {
    kind: 'redis',
    async insertUser(user) {
      rejectTaken(await script.insertUser([key.users, key.userByName], [user._id, user.username, JSON.stringify(user)]));
    },
    findUser: async (id) => first(await findUsers([id])),
    async findUserByName(username) {
      const id = await client.hget(key.userByName, username);
      return id === null ? null : first(await findUsers([id]));
    },
    findUsers,
    async findUsersByName(usernames) {
      if (!usernames.length) return [];
      const ids = await client.hmget(key.userByName, ...usernames);
      return findUsers(ids.filter((id): id is string => id !== null));
    },

    async insertRoom(room) {
      const { members, ...doc } = room;
      const unique = [...new Set(members)];
      rejectTaken(
        await script.insertRoom(
          [key.rooms, key.roomByDirectKey, key.members(room._id), ...unique.map(key.roomsOf)],
          [room._id, JSON.stringify(doc), room.directKey ?? '', ...unique],
        ),
      );
    },
    findRoom: async (id) => first(await findRooms([id])),
    async findDirectRoom(directKey) {
      const id = await client.hget(key.roomByDirectKey, directKey);
      return id === null ? null : first(await findRooms([id]));
    },
    async roomsOf(userId) {
      // the score is 0 for all, so the set orders by id: by creation. A leave between the two reads drops the room.
      const rooms = await findRooms(await client.zrange(key.roomsOf(userId), 0, -1));
      return rooms.filter((room) => room.members.includes(userId));
    },
    async addMember(roomId, userId) {
      await script.addMember([key.rooms, key.members(roomId), key.roomsOf(userId)], [roomId, userId]);
    },
    async removeMember(roomId, userId) {
      await replies(client.multi().lrem(key.members(roomId), 0, userId).zrem(key.roomsOf(userId), roomId));
    },

    async insertMessage(message) {
      const doc: MessageDoc = { ...message };
      if (!doc.dedupeKey) delete doc.dedupeKey;
      rejectTaken(
        await script.insertMessage(
          [key.messages, key.messageByDedupeKey, key.roomMessages(doc.roomId), key.authors, key.recalled],
          [doc._id, JSON.stringify(doc), doc.dedupeKey ?? '', doc.userId, doc.recalled ? doc.createdAt : ''],
        ),
      );
    },
    findMessage: async (id) => first(await findMessages([id])),
    async findMessageByDedupeKey(dedupeKey) {
      const id = await client.hget(key.messageByDedupeKey, dedupeKey);
      return id === null ? null : first(await findMessages([id]));
    },
    async messagesBefore(roomId, before, limit) {
      // the score is 0 for all, so lex ranges order by id, byte by byte as the other adapters do
      const ids = await client.zrevrangebylex(key.roomMessages(roomId), before ? `(${before}` : '+', '-', 'LIMIT', 0, limit);
      return findMessages(ids);
    },
    async markRecalled(id, at) {
      await script.markRecalled([key.messages, key.recalled], [id, at]);
    },
    async countUnread(roomId, afterId, exceptUserId) {
      return Number(await script.countUnread([key.roomMessages(roomId), key.authors, key.recalled], [afterId ? `(${afterId}` : '-', exceptUserId]));
    },

    async findReceipt(receiptKey) {
      const fields = await client.hgetall(key.receipt(receiptKey));
      if (fields.lastReadId === undefined) return null;
      return { key: receiptKey, userId: fields.userId ?? '', roomId: fields.roomId ?? '', lastReadId: fields.lastReadId, updatedAt: Number(fields.updatedAt) };
    },
    async advanceReceipt(receipt: ReceiptDoc) {
      const moved = await script.advanceReceipt([key.receipt(receipt.key)], [receipt.userId, receipt.roomId, receipt.lastReadId, receipt.updatedAt]);
      return moved === 1;
    },

    async ping() {
      await client.ping();
    },
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
