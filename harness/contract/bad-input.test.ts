import assert from 'node:assert/strict';
import { request, type ChatSocket } from '../src/client.js';
import { clientId, describeContract } from './support.js';

const EVENTS = ['join', 'leave', 'message', 'typing', 'read', 'recall', 'history'];
const MALFORMED: unknown[] = [
  null, undefined, 42, 'text', true, [], ['roomId'], {}, { roomId: 7 }, { roomId: null }, { roomId: {} },
  { roomId: '../../etc' }, { roomId: 'x'.repeat(10_000) }, { messageId: [] }, { roomId: { $gt: '' } },
];

describeContract('bad input gets a coded error and the service keeps serving', {}, (c) => {
  async function stillServing(socket?: ChatSocket): Promise<void> {
    const ping = await fetch(`${c.target.restUrl}/ping`);
    assert.equal(await ping.text(), 'pong');
    if (socket) {
      const hist = await request(socket, 'history', { roomId: 'zzzzzzzzzzzzzzzz' });
      assert.equal(hist.error?.code, 'ROOM_NOT_FOUND');
    }
  }

  it('malformed JSON body → 400 INVALID_JSON', async () => {
    for (const raw of ['{bad', '{"username":', 'null x', '\u0000']) {
      const reply = await c.api.request('POST', '/api/users/login', { raw });
      assert.deepEqual([reply.status, reply.body?.error?.code], [400, 'INVALID_JSON'], JSON.stringify(raw));
    }
    await stillServing();
  });

  it('a body over 64 KiB → 413 PAYLOAD_TOO_LARGE; text over 4000 chars → 400 TEXT_TOO_LONG', async () => {
    const a = await c.user('big');
    const room = (await c.api.post('/api/rooms', { name: 'big' }, a.token)).body;
    const huge = await c.api.post(`/api/rooms/${room.id}/messages`, { text: 'x'.repeat(70 * 1024) }, a.token);
    assert.deepEqual([huge.status, huge.body.error.code], [413, 'PAYLOAD_TOO_LARGE']);
    const long = await c.api.post(`/api/rooms/${room.id}/messages`, { text: 'x'.repeat(4001) }, a.token);
    assert.deepEqual([long.status, long.body.error.code], [400, 'TEXT_TOO_LONG']);
    const max = await c.api.post(`/api/rooms/${room.id}/messages`, { text: 'x'.repeat(4000) }, a.token);
    assert.equal(max.status, 201);
    const s = await c.connect(a);
    const overSocket = await request(s, 'message', { roomId: room.id, text: 'y'.repeat(4001), clientId: clientId() });
    assert.deepEqual([overSocket.ok, overSocket.error?.code], [false, 'TEXT_TOO_LONG']);
    const history = (await c.api.get(`/api/rooms/${room.id}/messages`, a.token)).body;
    assert.equal(history.messages.length, 1, 'nothing refused was stored');
  });

  it('missing or mistyped message fields → 400 VALIDATION_ERROR', async () => {
    const a = await c.user('mf');
    const room = (await c.api.post('/api/rooms', { name: 'mf' }, a.token)).body;
    for (const body of [{}, { text: '' }, { text: '   ' }, { text: 5 }, { text: 'ok', clientId: 5 }, { text: 'ok', clientId: 'c'.repeat(65) }, []]) {
      const reply = await c.api.post(`/api/rooms/${room.id}/messages`, body, a.token);
      assert.deepEqual([reply.status, reply.body.error.code], [400, 'VALIDATION_ERROR'], JSON.stringify(body));
    }
    await stillServing();
  });

  it('every socket event answers malformed payloads with an error ack, never a crash', async () => {
    const a = await c.user('fz');
    const s = await c.connect(a);
    for (const event of EVENTS) {
      for (const payload of MALFORMED) {
        const ack = await request(s, event, payload);
        assert.equal(ack.ok, false, `${event} ${JSON.stringify(payload)} was accepted`);
        assert.match(ack.error?.code ?? '', /^(VALIDATION_ERROR|ROOM_NOT_FOUND|MESSAGE_NOT_FOUND)$/, `${event} ${JSON.stringify(payload)}`);
      }
    }
    await stillServing(s);
  });

  it('events without an ack callback, or with unknown names, are survived', async () => {
    const a = await c.user('na');
    const s = await c.connect(a);
    for (const event of EVENTS) s.emit(event, { roomId: 'zzzzzzzzzzzzzzzz' });
    s.emit('message');
    s.emit('no-such-event', { x: 1 }, () => {});
    s.emit('history', 'not-an-object', 'not-a-function');
    await stillServing(s);
  });
});
