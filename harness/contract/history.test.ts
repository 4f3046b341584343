import assert from 'node:assert/strict';
import { request } from '../src/client.js';
import { describeContract } from './support.js';

describeContract('history paging', {}, (c) => {
  let token = '';
  let roomId = '';
  let ids: string[] = []; // oldest first

  before(async function () {
    if (!c.api) return;
    const a = await c.user('ha');
    token = a.token;
    roomId = (await c.api.post('/api/rooms', { name: 'paged' }, token)).body.id;
    ids = [];
    for (let i = 0; i < 25; i++) {
      const reply = await c.api.post(`/api/rooms/${roomId}/messages`, { text: `m${i}` }, token);
      ids.push(reply.body.id);
    }
  });

  it('pages newest first with hasMore, without gaps or overlaps', async () => {
    const seen: string[] = [];
    let before: string | undefined;
    const sizes: number[] = [];
    const more: boolean[] = [];
    for (;;) {
      const q = before ? `?limit=10&before=${before}` : '?limit=10';
      const page = (await c.api.get(`/api/rooms/${roomId}/messages${q}`, token)).body;
      sizes.push(page.messages.length);
      more.push(page.hasMore);
      seen.push(...page.messages.map((m: any) => m.id));
      if (!page.hasMore) break;
      before = page.messages.at(-1).id;
    }
    assert.deepEqual(sizes, [10, 10, 5]);
    assert.deepEqual(more, [true, true, false]);
    assert.deepEqual(seen, [...ids].reverse());
  });

  it('answers the same page over the socket', async () => {
    const a = { token };
    const s = await c.connect(a);
    const viaSocket = await request(s, 'history', { roomId, before: ids[10], limit: 3 });
    const viaRest = (await c.api.get(`/api/rooms/${roomId}/messages?before=${ids[10]}&limit=3`, token)).body;
    assert.equal(viaSocket.ok, true);
    assert.deepEqual(viaSocket.messages, viaRest.messages);
    assert.deepEqual(viaSocket.messages.map((m: any) => m.id), [ids[9], ids[8], ids[7]]);
    assert.equal(viaSocket.hasMore, true);
  });

  it('holds its boundaries: default 50, limit 1 and 100, the oldest page, exact fits', async () => {
    const all = (await c.api.get(`/api/rooms/${roomId}/messages`, token)).body;
    assert.deepEqual([all.messages.length, all.hasMore], [25, false]);
    const one = (await c.api.get(`/api/rooms/${roomId}/messages?limit=1`, token)).body;
    assert.deepEqual([one.messages[0].id, one.hasMore], [ids[24], true]);
    const hundred = (await c.api.get(`/api/rooms/${roomId}/messages?limit=100`, token)).body;
    assert.equal(hundred.messages.length, 25);
    const exact = (await c.api.get(`/api/rooms/${roomId}/messages?limit=25`, token)).body;
    assert.deepEqual([exact.messages.length, exact.hasMore], [25, false]);
    const oldest = (await c.api.get(`/api/rooms/${roomId}/messages?before=${ids[0]}`, token)).body;
    assert.deepEqual([oldest.messages, oldest.hasMore], [[], false]);
    const second = (await c.api.get(`/api/rooms/${roomId}/messages?before=${ids[1]}`, token)).body;
    assert.deepEqual(second.messages.map((m: any) => m.id), [ids[0]]);
  });

  it('refuses limits outside 1..100 and unknown anchors with coded errors', async () => {
    for (const limit of ['0', '101', '-1', '2.5', 'ten']) {
      const reply = await c.api.get(`/api/rooms/${roomId}/messages?limit=${limit}`, token);
      assert.deepEqual([reply.status, reply.body.error.code], [400, 'VALIDATION_ERROR'], `limit=${limit}`);
    }
    const unknown = await c.api.get(`/api/rooms/${roomId}/messages?before=zzzzzzzzzzzzzzzz`, token);
    assert.deepEqual([unknown.status, unknown.body.error.code], [404, 'MESSAGE_NOT_FOUND']);
    const other = (await c.api.post('/api/rooms', { name: 'other' }, token)).body;
    const foreign = await c.api.get(`/api/rooms/${other.id}/messages?before=${ids[3]}`, token);
    assert.deepEqual([foreign.status, foreign.body.error.code], [404, 'MESSAGE_NOT_FOUND']);
    const noRoom = await c.api.get('/api/rooms/zzzzzzzzzzzzzzzz/messages', token);
    assert.deepEqual([noRoom.status, noRoom.body.error.code], [404, 'ROOM_NOT_FOUND']);
  });
});
