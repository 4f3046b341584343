import assert from 'node:assert/strict';
import fc from 'fast-check';
import { request } from '../src/client.js';
import { describeContract } from './support.js';

/**
 * Property checks with random payloads: whatever arrives, the answer is a coded
 * error (never a crash, never a 500), and the service still answers afterwards.
 * Runs are bounded so npm test stays quick; FUZZ_RUNS raises them.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const CODES = /^(VALIDATION_ERROR|INVALID_JSON|TEXT_TOO_LONG|PAYLOAD_TOO_LARGE|UNAUTHORIZED|INVALID_CREDENTIALS|FORBIDDEN|NOT_MEMBER|NOT_AUTHOR|RECALL_EXPIRED|USER_NOT_FOUND|ROOM_NOT_FOUND|MESSAGE_NOT_FOUND|NOT_FOUND|USERNAME_TAKEN|RATE_LIMITED)$/;

const payload = fc.oneof(
  fc.anything(),
  fc.record({ roomId: fc.anything(), text: fc.anything(), clientId: fc.anything(), messageId: fc.anything(), before: fc.anything(), limit: fc.anything() }, { requiredKeys: [] }),
  fc.record({ roomId: fc.string({ minLength: 16, maxLength: 16 }), text: fc.string(), limit: fc.integer() }),
);

describeContract('fuzz: random payloads on every event and endpoint', {}, (c) => {
  it('socket events answer random payloads with coded errors', async function () {
    this.timeout(120_000);
    const a = await c.user('fz');
    const socket = await c.connect(a);
    const events = ['join', 'leave', 'typing', 'read', 'recall', 'history', 'message'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...events), payload, async (event, data) => {
        const ack = await request(socket, event, data);
        if (ack.ok) return; // a random payload may, rarely, be valid
        assert.match(ack.error?.code ?? '', CODES, `${event} ${JSON.stringify(data)} → ${JSON.stringify(ack)}`);
        assert.equal(typeof ack.error?.message, 'string');
      }),
      { numRuns: RUNS * events.length },
    );
    const ping = await fetch(`${c.target.restUrl}/ping`);
    assert.equal(await ping.text(), 'pong');
  });

  it('REST endpoints answer random JSON bodies with 4xx and a coded error', async function () {
    this.timeout(120_000);
    const a = await c.user('fr');
    const room = (await c.api.post('/api/rooms', { name: 'fuzz' }, a.token)).body;
    const routes = [
      '/api/users/register',
      '/api/users/login',
      '/api/rooms',
      `/api/rooms/${room.id}/messages`,
      `/api/rooms/${room.id}/join`,
      `/api/direct/${a.id}`,
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.jsonValue(), async (route, body) => {
        const reply = await c.api.request('POST', route, { json: body, token: a.token });
        if (reply.status < 300) return;
        assert.ok(reply.status >= 400 && reply.status < 500, `${route} ${JSON.stringify(body)} → ${reply.status} ${reply.text}`);
        assert.match(reply.body?.error?.code ?? '', CODES, `${route} → ${reply.text}`);
      }),
      { numRuns: RUNS * routes.length },
    );
    const me = await c.api.get('/api/users/me', a.token);
    assert.equal(me.status, 200);
  });

  it('REST answers random raw bodies and query strings without a 500', async function () {
    this.timeout(60_000);
    const a = await c.user('fq');
    const room = (await c.api.post('/api/rooms', { name: 'fuzzq' }, a.token)).body;
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), fc.string({ maxLength: 40 }), async (raw, query) => {
        const post = await c.api.request('POST', '/api/rooms', { raw, token: a.token });
        assert.ok(post.status < 500, `raw ${JSON.stringify(raw)} → ${post.status}`);
        const get = await c.api.get(`/api/rooms/${room.id}/messages?limit=${encodeURIComponent(query)}&before=${encodeURIComponent(query)}`, a.token);
        assert.ok(get.status < 500, `query ${JSON.stringify(query)} → ${get.status} ${get.text}`);
      }),
      { numRuns: RUNS },
    );
  });
});
