import { MongoClient, MongoServerError, type Collection } from 'mongodb';
import { DuplicateKeyError, type MessageDoc, type ReceiptDoc, type RoomDoc, type Store, type UserDoc } from './port.js';

function rethrowDuplicate(err: unknown, field: string): never {
  if (err instanceof MongoServerError && err.code === 11000) throw new DuplicateKeyError(field);
  throw err;
}

/** MongoDB (official driver), when MONGO_DB_CONNECTION_STRING is set. */
export async function openMongoStore(url: string): Promise<Store> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  const db = client.db();
  const users: Collection<UserDoc> = db.collection('users');
  const rooms: Collection<RoomDoc> = db.collection('rooms');
  const messages: Collection<MessageDoc> = db.collection('messages');
  const receipts: Collection<ReceiptDoc> = db.collection('receipts');
  await Promise.all([
    users.createIndex({ username: 1 }, { unique: true }),
    rooms.createIndex({ members: 1 }),
    rooms.createIndex({ directKey: 1 }, { unique: true, sparse: true }),
    messages.createIndex({ roomId: 1, _id: -1 }),
    messages.createIndex({ dedupeKey: 1 }, { unique: true, sparse: true }),
    receipts.createIndex({ key: 1 }, { unique: true }),
  ]);
  const noId = { projection: {} };

  return {
    kind: 'mongo',
    async insertUser(user) {
      await users.insertOne({ ...user }).catch((err) => rethrowDuplicate(err, 'username'));
    },
    findUser: (id) => users.findOne({ _id: id }, noId),
    findUserByName: (username) => users.findOne({ username }),
    findUsers: (ids) => users.find({ _id: { $in: ids } }).toArray(),
    findUsersByName: (names) => users.find({ username: { $in: names } }).toArray(),

    async insertRoom(room) {
      await rooms.insertOne({ ...room }).catch((err) => rethrowDuplicate(err, 'directKey'));
    },
    findRoom: (id) => rooms.findOne({ _id: id }),
    findDirectRoom: (directKey) => rooms.findOne({ directKey }),
    roomsOf: (userId) => rooms.find({ members: userId }).sort({ _id: 1 }).toArray(),
    async addMember(roomId, userId) {
      await rooms.updateOne({ _id: roomId }, { $addToSet: { members: userId } });
    },
    async removeMember(roomId, userId) {
      await rooms.updateOne({ _id: roomId }, { $pull: { members: userId } });
    },

    async insertMessage(message) {
      const doc = { ...message };
      if (!doc.dedupeKey) delete doc.dedupeKey;
      await messages.insertOne(doc).catch((err) => rethrowDuplicate(err, 'dedupeKey'));
    },
    findMessage: (id) => messages.findOne({ _id: id }),
    findMessageByDedupeKey: (key) => messages.findOne({ dedupeKey: key }),
    messagesBefore: (roomId, before, limit) =>
      messages.find(before ? { roomId, _id: { $lt: before } } : { roomId }).sort({ _id: -1 }).limit(limit).toArray(),
    async markRecalled(id, at) {
      await messages.updateOne({ _id: id }, { $set: { recalled: true, text: '', recalledAt: at } });
    },
    countUnread: (roomId, afterId, exceptUserId) =>
      messages.countDocuments({ roomId, userId: { $ne: exceptUserId }, recalled: { $ne: true }, ...(afterId ? { _id: { $gt: afterId } } : {}) }),

    findReceipt: (key) => receipts.findOne({ key }),
    async advanceReceipt(receipt) {
      // one atomic upsert that only ever moves the receipt forward
      try {
        const res = await receipts.updateOne(
          { key: receipt.key, lastReadId: { $lt: receipt.lastReadId } },
          { $set: { lastReadId: receipt.lastReadId, updatedAt: receipt.updatedAt }, $setOnInsert: { userId: receipt.userId, roomId: receipt.roomId } },
          { upsert: true },
        );
        return res.modifiedCount + res.upsertedCount > 0;
      } catch (err) {
        // the upsert collided with a newer receipt (unique key): it did not move
        if (err instanceof MongoServerError && err.code === 11000) return false;
        throw err;
      }
    },

    async ping() {
      await db.command({ ping: 1 });
    },
    close: () => client.close(),
  };
}
