import assert from 'node:assert/strict';
import { collect, nextEvent, request } from '../src/client.js';
import { clientId, describeContract, type Contract } from './support.js';

/** two members of one fresh room, and an outsider */
async function roomOfTwo(c: Contract) {
  const [a, b, outsider] = await Promise.all([c.user('ma'), c.user('mb'), c.user('mo')]);
  const room = (await c.api.post('/api/rooms', { name: 'chat', members: [b.id] }, a.token)).body;
  return { a, b, outsider, room };
}

describeContract('socket messaging', {}, (c) => {
  it('refuses a connection without a token or with a bad one, with UNAUTHORIZED', async () => {
    for (const token of [undefined, 'nope', 'f'.repeat(48)]) {
      await assert.rejects(c.connect({ token }), (err: any) => {
        assert.equal(err.data?.code, 'UNAUTHORIZED', `token ${token}: ${JSON.stringify(err.data)}`);
        return true;
      });
    }
  });

  it('stores a message before acking it, and broadcasts it to the other member', async () => {
    const { a, b, room } = await roomOfTwo(c);
    const [sa, sb] = await Promise.all([c.connect(a), c.connect(b)]);
    const id = clientId();
    const received = nextEvent(sb, 'message', (m) => m.clientId === id);
    const echo = collect(sa, 'message', 400);
    const ack = await request(sa, 'message', { roomId: room.id, text: 'hello @' + b.username, clientId: id });
    assert.equal(ack.ok, true, JSON.stringify(ack));
    const m = ack.message;
    assert.deepEqual(
      { roomId: m.roomId, userId: m.userId, username: m.username, text: m.text, type: m.type, clientId: m.clientId, recalled: m.recalled },
      { roomId: room.id, userId: a.id, username: a.username, text: 'hello @' + b.username, type: 'text', clientId: id, recalled: false },
    );
    assert.deepEqual(m.mentions, [b.id]);
    const history = await c.api.get(`/api/rooms/${room.id}/messages`, b.token);
    assert.equal(history.body.messages[0].id, m.id, 'acked message is in the store');
    assert.deepEqual(await received, m);
    assert.deepEqual(await echo, [], 'the sender gets the ack, not the broadcast');
  });

  it('keeps non-members out: no history, no sending, no broadcasts', async () => {
    const { a, outsider, room } = await roomOfTwo(c);
    const [sa, so] = await Promise.all([c.connect(a), c.connect(outsider)]);
    const leaked = collect(so, 'message', 500);
    await request(sa, 'message', { roomId: room.id, text: 'members only', clientId: clientId() });
    assert.deepEqual(await leaked, []);
    const hist = await request(so, 'history', { roomId: room.id });
    assert.deepEqual([hist.ok, hist.error?.code], [false, 'NOT_MEMBER']);
    const rest = await c.api.get(`/api/rooms/${room.id}/messages`, outsider.token);
    assert.deepEqual([rest.status, rest.body.error.code], [403, 'NOT_MEMBER']);
    const send = await request(so, 'message', { roomId: room.id, text: 'let me in', clientId: clientId() });
    assert.deepEqual([send.ok, send.error?.code], [false, 'NOT_MEMBER']);
    const typing = await request(so, 'typing', { roomId: room.id });
    assert.deepEqual([typing.ok, typing.error?.code], [false, 'NOT_MEMBER']);
  });

  it('joining over the socket subscribes to the room; leaving stops the broadcasts', async () => {
    const { a, outsider, room } = await roomOfTwo(c);
    const [sa, so] = await Promise.all([c.connect(a), c.connect(outsider)]);
    const join = await request(so, 'join', { roomId: room.id });
    assert.equal(join.ok, true);
    assert.ok(join.room.members.includes(outsider.id));
    const got = nextEvent(so, 'message');
    await request(sa, 'message', { roomId: room.id, text: 'welcome', clientId: clientId() });
    assert.equal((await got).text, 'welcome');
    assert.equal((await request(so, 'leave', { roomId: room.id })).ok, true);
    const after = collect(so, 'message', 400);
    await request(sa, 'message', { roomId: room.id, text: 'gone?', clientId: clientId() });
    assert.deepEqual(await after, []);
  });

  it('a room created over REST reaches a member who is already connected', async () => {
    const [a, b] = await Promise.all([c.user('na'), c.user('nb')]);
    const sb = await c.connect(b);
    const room = (await c.api.post('/api/rooms', { name: 'late', members: [b.id] }, a.token)).body;
    const got = nextEvent(sb, 'message');
    const posted = await c.api.post(`/api/rooms/${room.id}/messages`, { text: 'over rest' }, a.token);
    assert.equal(posted.status, 201);
    assert.equal((await got).id, posted.body.id);
  });

  it('stores a repeated clientId once and acks it with the same message', async () => {
    const { a, b, room } = await roomOfTwo(c);
    const [sa, sb] = await Promise.all([c.connect(a), c.connect(b)]);
    const id = clientId();
    const seen = collect(sb, 'message', 600);
    const first = await request(sa, 'message', { roomId: room.id, text: 'once', clientId: id });
    const second = await request(sa, 'message', { roomId: room.id, text: 'once', clientId: id });
    const viaRest = await c.api.post(`/api/rooms/${room.id}/messages`, { text: 'once', clientId: id }, a.token);
    assert.deepEqual(second.message, first.message);
    assert.equal(viaRest.status, 200);
    assert.equal(viaRest.body.id, first.message.id);
    assert.equal((await seen).length, 1);
    const history = await c.api.get(`/api/rooms/${room.id}/messages`, a.token);
    assert.equal(history.body.messages.length, 1);
  });

  it('relays typing to the other members only', async () => {
    const { a, b, room } = await roomOfTwo(c);
    const [sa, sb] = await Promise.all([c.connect(a), c.connect(b)]);
    const got = nextEvent(sb, 'typing');
    const own = collect(sa, 'typing', 300);
    assert.equal((await request(sa, 'typing', { roomId: room.id })).ok, true);
    assert.deepEqual(await got, { roomId: room.id, userId: a.id, username: a.username });
    assert.deepEqual(await own, []);
  });

  it('tells room members when a user comes online and goes offline', async () => {
    const { a, b } = await roomOfTwo(c);
    const sa = await c.connect(a);
    const online = nextEvent(sa, 'presence', (p) => p.userId === b.id && p.online === true);
    const sb = await c.connect(b);
    await online;
    const offline = nextEvent(sa, 'presence', (p) => p.userId === b.id && p.online === false);
    sb.close();
    await offline;
  });

  it('counts unread messages and clears them with a read receipt that never moves back', async () => {
    const { a, b, room } = await roomOfTwo(c);
    const [sa, sb] = await Promise.all([c.connect(a), c.connect(b)]);
    const sent = [];
    for (const text of ['one', 'two', 'three']) {
      sent.push((await request(sa, 'message', { roomId: room.id, text, clientId: clientId() })).message);
    }
    assert.equal((await c.api.get('/api/unread', b.token)).body[room.id], 3);
    assert.equal((await c.api.get('/api/unread', a.token)).body[room.id], 0, 'own messages are not unread');
    const receipt = nextEvent(sa, 'read');
    assert.equal((await request(sb, 'read', { roomId: room.id, messageId: sent[1].id })).ok, true);
    assert.deepEqual(await receipt, { roomId: room.id, userId: b.id, messageId: sent[1].id });
    assert.equal((await c.api.get('/api/unread', b.token)).body[room.id], 1);
    await request(sb, 'read', { roomId: room.id, messageId: sent[0].id });
    assert.equal((await c.api.get('/api/unread', b.token)).body[room.id], 1, 'receipt moved back');
    const bad = await request(sb, 'read', { roomId: room.id, messageId: 'zzzzzzzzzzzzzzzz' });
    assert.deepEqual([bad.ok, bad.error?.code], [false, 'MESSAGE_NOT_FOUND']);
  });

  it('lets only the author recall, within the window, and tells the room', async () => {
    const { a, b, room } = await roomOfTwo(c);
    const [sa, sb] = await Promise.all([c.connect(a), c.connect(b)]);
    const m = (await request(sa, 'message', { roomId: room.id, text: 'oops', clientId: clientId() })).message;
    const notMine = await request(sb, 'recall', { messageId: m.id });
    assert.deepEqual([notMine.ok, notMine.error?.code], [false, 'NOT_AUTHOR']);
    const told = nextEvent(sb, 'recalled');
    const ok = await request(sa, 'recall', { messageId: m.id });
    assert.deepEqual(ok, { ok: true, messageId: m.id });
    assert.deepEqual(await told, { roomId: room.id, messageId: m.id });
    const stored = (await c.api.get(`/api/rooms/${room.id}/messages`, b.token)).body.messages[0];
    assert.deepEqual([stored.id, stored.recalled, stored.text], [m.id, true, '']);
    assert.equal((await c.api.get('/api/unread', b.token)).body[room.id], 0, 'recalled messages are not unread');
  });

  it('refuses a recall after the window with RECALL_EXPIRED', async function () {
    this.timeout(10_000);
    const { a, room } = await roomOfTwo(c);
    const sa = await c.connect(a);
    const m = (await request(sa, 'message', { roomId: room.id, text: 'too late', clientId: clientId() })).message;
    await new Promise((r) => setTimeout(r, 1700)); // test config: recallWindowMs 1500
    const late = await request(sa, 'recall', { messageId: m.id });
    assert.deepEqual([late.ok, late.error?.code], [false, 'RECALL_EXPIRED']);
  });

  it('rate-limits a socket that sends too fast, storing none of the refused', async () => {
    const { a, room } = await roomOfTwo(c);
    const sa = await c.connect(a);
    const acks = await Promise.all(
      Array.from({ length: 14 }, (_, i) => request(sa, 'message', { roomId: room.id, text: `m${i}`, clientId: clientId() })),
    );
    const limited = acks.filter((x) => !x.ok);
    assert.equal(acks.filter((x) => x.ok).length, 10); // test config: 10 per 2000 ms
    assert.ok(limited.every((x) => x.error?.code === 'RATE_LIMITED'));
    const history = await c.api.get(`/api/rooms/${room.id}/messages`, a.token);
    assert.equal(history.body.messages.length, 10);
  });

  it('runs the plugins: /me, /roll, profanity mask', async () => {
    const { a, room } = await roomOfTwo(c);
    const sa = await c.connect(a);
    const send = async (text: string) => (await request(sa, 'message', { roomId: room.id, text, clientId: clientId() })).message;
    const me = await send('/me waves');
    assert.deepEqual([me.type, me.text], ['action', 'waves']);
    const roll = await send('/roll 20');
    assert.equal(roll.type, 'command');
    const [, n] = /^rolled (\d+) \(1-20\)$/.exec(roll.text) ?? [];
    assert.ok(n && Number(n) >= 1 && Number(n) <= 20, roll.text);
    const masked = await send('well darn it, HECK; darning is fine');
    assert.equal(masked.text, 'well **** it, ****; darning is fine');
    const plain = await send('/unknown stays');
    assert.deepEqual([plain.type, plain.text], ['text', '/unknown stays']);
  });
});
