import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRedis } from '../../harness/src/redis-server.js';
import { nextId } from '../src/ids.js';
import { openMongoStore } from '../src/store/mongo.js';
import { openNedbStore } from '../src/store/nedb.js';
import { DuplicateKeyError, type MessageDoc, type RoomDoc, type Store, type UserDoc } from '../src/store/port.js';
import { openRedisStore } from '../src/store/redis.js';

interface Opened {
  store: Store;
  /** another connection to the same data, as a second process has; only for stores several processes share */
  peer?: () => Promise<Store>;
  cleanup: () => Promise<void>;
}

/** A store several processes share: `peer` opens one more connection; cleanup closes them all, then runs `after`. */
async function shared(connect: () => Promise<Store>, after: () => Promise<void> = async () => {}): Promise<Opened> {
  const stores = [await connect()];
  const peer = async () => {
    const store = await connect();
    stores.push(store);
    return store;
  };
  const cleanup = async () => {
    await Promise.all(stores.map((s) => s.close()));
    await after();
  };
  return { store: stores[0]!, peer, cleanup };
}

/** One contract for the storage port; every adapter must pass it (as @socket.io/redis-adapter runs one suite per backend). */
const ADAPTERS: { name: string; skip: string | null; open: () => Promise<Opened> }[] = [
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
      return shared(() => openMongoStore(url.toString()));
    },
  },
  {
    name: 'redis',
    skip: null,
    async open() {
      // a private redis-server per run: the keys start empty and nothing outlives the suite
      const redis = await startRedis();
      return shared(() => openRedisStore({ host: redis.host, port: redis.port, prefix: 'parrot:' }), () => redis.stop());
    },
  },
];

const message = (roomId: string, userId: string, extra: Partial<MessageDoc> = {}): MessageDoc => ({
  _id: nextId(), roomId, userId, username: 'u', text: 't', type: 'text', clientId: null, mentions: [], recalled: false, createdAt: Date.now(), ...extra,
});

for (const adapter of ADAPTERS) {
  describe(`migrated storage port: ${adapter.name}`, () => {
    let store: Store;
    let peer: Opened['peer'];
    let cleanup: () => Promise<void>;
    before(async function () {
      if (adapter.skip) {
        console.log(`      ${adapter.name}: skipped: ${adapter.skip}`);
        this.skip();
      }
      ({ store, peer, cleanup } = await adapter.open());
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

    describe('shared by two processes', () => {
      let other: Store;
      const user = (username: string): UserDoc => ({ _id: nextId(), username, passwordHash: 'h', createdAt: 1 });
      const direct = (directKey: string): RoomDoc => ({ _id: nextId(), name: 'd', type: 'direct', members: [], createdBy: 'a', createdAt: 1, directKey });
      const twenty = <T>(make: (i: number) => T): T[] => Array.from({ length: 20 }, (_, i) => make(i));
      /** of each pair of racing inserts exactly one succeeds and the other is a DuplicateKeyError on `field` */
      const oneWins = async (pairs: [Promise<void>, Promise<void>][], field: string) => {
        for (const results of await Promise.all(pairs.map((pair) => Promise.allSettled(pair)))) {
          assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
          const lost = results.find((r) => r.status === 'rejected');
          assert.ok(lost?.reason instanceof DuplicateKeyError, String(lost?.reason));
          assert.equal(lost.reason.field, field);
        }
      };
      before(async function () {
        if (!peer) {
          console.log(`      ${adapter.name}: skipped: one process only`);
          this.skip();
        }
        other = await peer();
      });

      it('lets exactly one of two racing inserts take a username, a direct pair or a dedupe key', async () => {
        await oneWins(twenty((i) => [store.insertUser(user(`race${i}`)), other.insertUser(user(`race${i}`))]), 'username');
        assert.equal((await other.findUsersByName(twenty((i) => `race${i}`))).length, 20);
        await oneWins(twenty((i) => [store.insertRoom(direct(`race:${i}`)), other.insertRoom(direct(`race:${i}`))]), 'directKey');
        const roomId = nextId();
        const send = (s: Store, i: number) => s.insertMessage(message(roomId, 'u', { dedupeKey: `race${roomId}${i}` }));
        await oneWins(twenty((i) => [send(store, i), send(other, i)]), 'dedupeKey');
        assert.equal((await store.messagesBefore(roomId, null, 100)).length, 20);
      });

      it('loses no member when two processes join and leave one room at once', async () => {
        const room: RoomDoc = { _id: nextId(), name: 'busy', type: 'group', members: ['owner'], createdBy: 'owner', createdAt: 1 };
        await store.insertRoom(room);
        const joiners = [...twenty((i) => `m${i}`), ...twenty((i) => `n${i}`)];
        await Promise.all(joiners.map((id, i) => (i % 2 ? store : other).addMember(room._id, id)));
        assert.deepEqual(new Set((await other.findRoom(room._id))?.members), new Set(['owner', ...joiners]));
        await Promise.all(joiners.slice(0, 20).map((id, i) => (i % 2 ? other : store).removeMember(room._id, id)));
        assert.deepEqual(new Set((await store.findRoom(room._id))?.members), new Set(['owner', ...joiners.slice(20)]));
        assert.deepEqual((await other.roomsOf('n5')).map((r) => r._id), [room._id]);
        assert.deepEqual(await store.roomsOf('m5'), []);
      });

      it('moves a receipt forward only, whichever process writes last', async () => {
        const key = `u:${nextId()}`;
        const ids = twenty(() => nextId());
        await Promise.all(ids.map((id, i) => (i % 2 ? store : other).advanceReceipt({ key, userId: 'u', roomId: 'r', lastReadId: id, updatedAt: i })));
        assert.equal((await store.findReceipt(key))?.lastReadId, ids.at(-1));
      });
    });
  });
}
