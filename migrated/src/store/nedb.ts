import fs from 'node:fs';
import path from 'node:path';
import NedbModule from '@seald-io/nedb';
import { DuplicateKeyError, type MessageDoc, type ReceiptDoc, type RoomDoc, type Store, type UserDoc } from './port.js';

// the package is CommonJS (module.exports = Datastore) but its typings declare an ES default export:
// at run time the default import is the class itself, in the types it is `.default`
type DatastoreClass = typeof NedbModule.default;
const Datastore: DatastoreClass = ((NedbModule as unknown as { default?: DatastoreClass }).default ?? NedbModule) as DatastoreClass;
type IndexOptions = Parameters<InstanceType<DatastoreClass>['ensureIndexAsync']>[0];

/** nedb reports a unique-index violation with this errorType. */
function rethrowDuplicate(err: unknown, field: string): never {
  if ((err as { errorType?: string }).errorType === 'uniqueViolated') throw new DuplicateKeyError(field);
  throw err;
}

/** The embedded store: one nedb datafile per collection under dataDir. One process only. */
export async function openNedbStore(dataDir: string): Promise<Store> {
  fs.mkdirSync(dataDir, { recursive: true });
  const open = async <T extends Record<string, unknown>>(name: string, indexes: IndexOptions[]) => {
    const ds = new Datastore<T>({ filename: path.join(dataDir, `${name}.db`) });
    await ds.loadDatabaseAsync();
    for (const index of indexes) await ds.ensureIndexAsync(index);
    return ds;
  };
  const users = await open<UserDoc & Record<string, unknown>>('users', [{ fieldName: 'username', unique: true }]);
  const rooms = await open<RoomDoc & Record<string, unknown>>('rooms', [{ fieldName: 'members' }, { fieldName: 'directKey', unique: true, sparse: true }]);
  const messages = await open<MessageDoc & Record<string, unknown>>('messages', [{ fieldName: 'roomId' }, { fieldName: 'dedupeKey', unique: true, sparse: true }]);
  const receipts = await open<ReceiptDoc & Record<string, unknown>>('receipts', [{ fieldName: 'key', unique: true }]);
  const strip = <T>(doc: T | null): T | null => doc;

  const advanceReceipt = async (receipt: ReceiptDoc): Promise<boolean> => {
    const existing = await receipts.findOneAsync({ key: receipt.key });
    if (!existing) {
      try {
        await receipts.insertAsync({ ...receipt } as ReceiptDoc & Record<string, unknown>);
        return true;
      } catch (err) {
        if ((err as { errorType?: string }).errorType !== 'uniqueViolated') throw err;
        return advanceReceipt(receipt);
      }
    }
    if (existing.lastReadId >= receipt.lastReadId) return false;
    const { numAffected } = await receipts.updateAsync(
      { key: receipt.key, lastReadId: existing.lastReadId },
      { $set: { lastReadId: receipt.lastReadId, updatedAt: receipt.updatedAt } },
    );
    // somebody moved it in between: try again against the new value
    return numAffected > 0 ? true : advanceReceipt(receipt);
  };

  return {
    kind: 'nedb',
    async insertUser(user) {
      await users.insertAsync(user as UserDoc & Record<string, unknown>).catch((err: unknown) => rethrowDuplicate(err, 'username'));
    },
    findUser: async (id) => strip(await users.findOneAsync({ _id: id })),
    findUserByName: async (username) => strip(await users.findOneAsync({ username })),
    findUsers: (ids) => users.findAsync({ _id: { $in: ids } }),
    findUsersByName: (names) => users.findAsync({ username: { $in: names } }),

    async insertRoom(room) {
      await rooms.insertAsync(room as RoomDoc & Record<string, unknown>).catch((err: unknown) => rethrowDuplicate(err, 'directKey'));
    },
    findRoom: async (id) => strip(await rooms.findOneAsync({ _id: id })),
    findDirectRoom: async (directKey) => strip(await rooms.findOneAsync({ directKey })),
    roomsOf: (userId) => rooms.findAsync({ members: userId }).sort({ _id: 1 }),
    async addMember(roomId, userId) {
      await rooms.updateAsync({ _id: roomId }, { $addToSet: { members: userId } });
    },
    async removeMember(roomId, userId) {
      await rooms.updateAsync({ _id: roomId }, { $pull: { members: userId } });
    },

    async insertMessage(message) {
      const doc = { ...message } as MessageDoc & Record<string, unknown>;
      if (!doc.dedupeKey) delete doc.dedupeKey;
      await messages.insertAsync(doc).catch((err: unknown) => rethrowDuplicate(err, 'dedupeKey'));
    },
    findMessage: async (id) => strip(await messages.findOneAsync({ _id: id })),
    findMessageByDedupeKey: async (key) => strip(await messages.findOneAsync({ dedupeKey: key })),
    messagesBefore: (roomId, before, limit) =>
      messages.findAsync(before ? { roomId, _id: { $lt: before } } : { roomId }).sort({ _id: -1 }).limit(limit),
    async markRecalled(id, at) {
      await messages.updateAsync({ _id: id }, { $set: { recalled: true, text: '', recalledAt: at } });
    },
    countUnread: (roomId, afterId, exceptUserId) =>
      messages.countAsync({ roomId, userId: { $ne: exceptUserId }, recalled: { $ne: true }, ...(afterId ? { _id: { $gt: afterId } } : {}) }),

    findReceipt: async (key) => strip(await receipts.findOneAsync({ key })),
    advanceReceipt,

    async ping() {
      await users.countAsync({});
    },
    async close() {
      for (const ds of [users, rooms, messages, receipts]) ds.stopAutocompaction();
    },
  };
}
