import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nextId } from '../src/ids.js';
import { openMongoStore } from '../src/store/mongo.js';
import { openNedbStore } from '../src/store/nedb.js';
import { DuplicateKeyError, type MessageDoc, type Store } from '../src/store/port.js';

/** One contract for the storage port; every adapter must pass it (as @socket.io/redis-adapter runs one suite per backend). */
const ADAPTERS: { name: string; skip: string | null; open: () => Promise<{ store: Store; cleanup: () => Promise<void> }> }[] = [
  {
    name: 'nedb (embedded)',
    skip: null,
    async open() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parrot-store-'));
      const store = await openNedbStore(dir);
      return { store, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'mongo',
    skip: process.env.MONGO_URL ? null : 'MONGO_URL is not set (MongoDB cannot run on this machine)',
    async open() {
      const url = new URL(process.env.MONGO_URL!);
      url.pathname = `/parrot_test_${Date.now()}`;
      const store = await openMongoStore(url.toString());
      return { store, cleanup: () => store.close() };
    },
  },
];

const message = (roomId: string, userId: string, extra: Partial<MessageDoc> = {}): MessageDoc => ({
  _id: nextId(), roomId, userId, username: 'u', text: 't', type: 'text', clientId: null, mentions: [], recalled: false, createdAt: Date.now(), ...extra,
});

for (const adapter of ADAPTERS) {
  describe(`migrated storage port: ${adapter.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    before(async function () {
      if (adapter.skip) {
        console.log(`      ${adapter.name}: skipped: ${adapter.skip}`);
        this.skip();
      }
      ({ store, cleanup } = await adapter.open());
    });
    after(async () => {
      if (cleanup) await cleanup();
    });

    it('stores users with unique names', async () => {
      const id = nextId();
      await store.insertUser({ _id: id, username: 'ann', passwordHash: 'h', createdAt: 1 });
      await assert.rejects(store.insertUser({ _id: nextId(), username: 'ann', passwordHash: 'h', createdAt: 1 }), DuplicateKeyError);
      assert.equal((await store.findUserByName('ann'))?._id, id);
      assert.equal((await store.findUsers([id, 'zzzzzzzzzzzzzzzz'])).length, 1);
      assert.equal(await store.findUser('zzzzzzzzzzzzzzzz'), null);
    });

    it('keeps rooms, members and one direct room per pair', async () => {
      const room = { _id: nextId(), name: 'r', type: 'group' as const, members: ['a'], createdBy: 'a', createdAt: 1 };
      await store.insertRoom(room);
      await store.addMember(room._id, 'b');
      await store.addMember(room._id, 'b');
      assert.deepEqual((await store.findRoom(room._id))?.members, ['a', 'b']);
      await store.removeMember(room._id, 'a');
      assert.deepEqual((await store.roomsOf('a')).map((r) => r._id), []);
      const direct = { _id: nextId(), name: 'd', type: 'direct' as const, members: ['a', 'b'], createdBy: 'a', createdAt: 1, directKey: 'a:b' };
      await store.insertRoom(direct);
      await assert.rejects(store.insertRoom({ ...direct, _id: nextId() }), DuplicateKeyError);
      assert.equal((await store.findDirectRoom('a:b'))?._id, direct._id);
    });

    it('pages messages newest first, de-duplicates client ids, counts unread', async () => {
      const roomId = nextId();
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const m = message(roomId, i % 2 ? 'me' : 'other', { dedupeKey: `k${roomId}${i}` });
        await store.insertMessage(m);
        ids.push(m._id);
      }
      await assert.rejects(store.insertMessage(message(roomId, 'me', { dedupeKey: `k${roomId}1` })), DuplicateKeyError);
      assert.deepEqual((await store.messagesBefore(roomId, null, 2)).map((m) => m._id), [ids[4], ids[3]]);
      assert.deepEqual((await store.messagesBefore(roomId, ids[3]!, 10)).map((m) => m._id), [ids[2], ids[1], ids[0]]);
      assert.equal(await store.countUnread(roomId, null, 'me'), 3);
      assert.equal(await store.countUnread(roomId, ids[2]!, 'me'), 1);
      await store.markRecalled(ids[4]!, 5);
      assert.equal(await store.countUnread(roomId, ids[2]!, 'me'), 0);
      assert.equal((await store.findMessage(ids[4]!))?.text, '');
    });

    it('moves read receipts forward only', async () => {
      const r = { key: `u:${nextId()}`, userId: 'u', roomId: 'r', lastReadId: 'b', updatedAt: 1 };
      assert.equal(await store.advanceReceipt(r), true);
      assert.equal(await store.advanceReceipt({ ...r, lastReadId: 'a' }), false);
      assert.equal(await store.advanceReceipt({ ...r, lastReadId: 'c' }), true);
      assert.equal((await store.findReceipt(r.key))?.lastReadId, 'c');
      await store.ping();
    });
  });
}
