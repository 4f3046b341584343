import assert from 'node:assert/strict';
import { describeContract } from './support.js';

describeContract('rooms: create, list, join, leave, direct', {}, (c) => {
  it('creates a group room with its creator and listed members', async () => {
    const [a, b] = await Promise.all([c.user('ra'), c.user('rb')]);
    const room = await c.api.post('/api/rooms', { name: '  general  ', members: [b.id] }, a.token);
    assert.equal(room.status, 201);
    assert.equal(room.body.name, 'general');
    assert.equal(room.body.type, 'group');
    assert.equal(room.body.createdBy, a.id);
    assert.deepEqual([...room.body.members].sort(), [a.id, b.id].sort());
    const listB = await c.api.get('/api/rooms', b.token);
    assert.deepEqual(listB.body.map((r: any) => r.id), [room.body.id]);
  });

  it('lists only the caller\'s rooms, oldest first', async () => {
    const [a, b] = await Promise.all([c.user('la'), c.user('lb')]);
    const r1 = await c.api.post('/api/rooms', { name: 'one' }, a.token);
    const r2 = await c.api.post('/api/rooms', { name: 'two' }, a.token);
    await c.api.post('/api/rooms', { name: 'not-a' }, b.token);
    const list = await c.api.get('/api/rooms', a.token);
    assert.deepEqual(list.body.map((r: any) => r.id), [r1.body.id, r2.body.id]);
  });

  it('refuses bad room input with coded errors', async () => {
    const a = await c.user('rv');
    const cases: [unknown, number, string][] = [
      [{}, 400, 'VALIDATION_ERROR'],
      [{ name: '   ' }, 400, 'VALIDATION_ERROR'],
      [{ name: 'x'.repeat(101) }, 400, 'VALIDATION_ERROR'],
      [{ name: 42 }, 400, 'VALIDATION_ERROR'],
      [{ name: 'ok', members: 'nope' }, 400, 'VALIDATION_ERROR'],
      [{ name: 'ok', members: ['zzzzzzzzzzzzzzzz'] }, 404, 'USER_NOT_FOUND'],
    ];
    for (const [body, status, code] of cases) {
      const reply = await c.api.post('/api/rooms', body, a.token);
      assert.equal(reply.status, status, JSON.stringify(body));
      assert.equal(reply.body.error.code, code, JSON.stringify(body));
    }
    const max = await c.api.post('/api/rooms', { name: 'x'.repeat(100) }, a.token);
    assert.equal(max.status, 201);
  });

  it('joins a group room (idempotent) and leaves it', async () => {
    const [a, b] = await Promise.all([c.user('ja'), c.user('jb')]);
    const room = (await c.api.post('/api/rooms', { name: 'joinable' }, a.token)).body;
    const first = await c.api.post(`/api/rooms/${room.id}/join`, {}, b.token);
    const second = await c.api.post(`/api/rooms/${room.id}/join`, {}, b.token);
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    assert.deepEqual(second.body.members.filter((m: string) => m === b.id), [b.id]);
    const left = await c.api.post(`/api/rooms/${room.id}/leave`, {}, b.token);
    assert.deepEqual([left.status, left.body], [200, { ok: true }]);
    const again = await c.api.post(`/api/rooms/${room.id}/leave`, {}, b.token);
    assert.deepEqual([again.status, again.body.error.code], [403, 'NOT_MEMBER']);
    const unknown = await c.api.post('/api/rooms/zzzzzzzzzzzzzzzz/join', {}, b.token);
    assert.deepEqual([unknown.status, unknown.body.error.code], [404, 'ROOM_NOT_FOUND']);
  });

  it('gives two users one direct room, whoever asks and however often', async () => {
    const [a, b, x] = await Promise.all([c.user('da'), c.user('db'), c.user('dx')]);
    const ab = await c.api.post(`/api/direct/${b.id}`, {}, a.token);
    const ba = await c.api.post(`/api/direct/${a.id}`, {}, b.token);
    const concurrent = await Promise.all([1, 2, 3].map(() => c.api.post(`/api/direct/${b.id}`, {}, a.token)));
    assert.equal(ab.status, 200);
    assert.equal(ab.body.type, 'direct');
    assert.deepEqual([...ab.body.members].sort(), [a.id, b.id].sort());
    for (const reply of [ba, ...concurrent]) assert.equal(reply.body.id, ab.body.id);
    const intruder = await c.api.post(`/api/rooms/${ab.body.id}/join`, {}, x.token);
    assert.deepEqual([intruder.status, intruder.body.error.code], [403, 'FORBIDDEN']);
    const leave = await c.api.post(`/api/rooms/${ab.body.id}/leave`, {}, a.token);
    assert.deepEqual([leave.status, leave.body.error.code], [403, 'FORBIDDEN']);
    const self = await c.api.post(`/api/direct/${a.id}`, {}, a.token);
    assert.deepEqual([self.status, self.body.error.code], [400, 'VALIDATION_ERROR']);
    const nobody = await c.api.post('/api/direct/zzzzzzzzzzzzzzzz', {}, a.token);
    assert.deepEqual([nobody.status, nobody.body.error.code], [404, 'USER_NOT_FOUND']);
  });

  it('requires a token on every room route', async () => {
    const routes: [string, string][] = [
      ['GET', '/api/rooms'],
      ['POST', '/api/rooms'],
      ['POST', '/api/rooms/zzzzzzzzzzzzzzzz/join'],
      ['POST', '/api/rooms/zzzzzzzzzzzzzzzz/leave'],
      ['GET', '/api/rooms/zzzzzzzzzzzzzzzz/messages'],
      ['POST', '/api/rooms/zzzzzzzzzzzzzzzz/messages'],
      ['POST', '/api/direct/zzzzzzzzzzzzzzzz'],
      ['GET', '/api/unread'],
      ['GET', '/api/users/me'],
      ['GET', '/api/users/zzzzzzzzzzzzzzzz'],
    ];
    for (const [method, route] of routes) {
      const reply = await c.api.request(method, route, method === 'POST' ? { json: {} } : {});
      assert.equal(reply.status, 401, `${method} ${route}`);
      assert.equal(reply.body.error.code, 'UNAUTHORIZED', `${method} ${route}`);
    }
  });
});
