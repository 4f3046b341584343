import assert from 'node:assert/strict';
import { describeContract } from './support.js';

describeContract('users: register, login, me', {}, (c) => {
  it('registers a user and answers its public shape', async () => {
    const reply = await c.api.post('/api/users/register', { username: 'alice_reg', password: 'secret1' });
    assert.equal(reply.status, 201);
    assert.deepEqual(Object.keys(reply.body).sort(), ['createdAt', 'id', 'username']);
    assert.equal(reply.body.username, 'alice_reg');
    assert.ok(!Number.isNaN(Date.parse(reply.body.createdAt)));
  });

  it('refuses a taken username with 409 USERNAME_TAKEN', async () => {
    await c.api.post('/api/users/register', { username: 'bob_taken', password: 'secret1' });
    const again = await c.api.post('/api/users/register', { username: 'bob_taken', password: 'other12' });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'USERNAME_TAKEN');
  });

  for (const [why, body] of [
    ['a short username', { username: 'ab', password: 'secret1' }],
    ['a username with spaces', { username: 'a b c', password: 'secret1' }],
    ['a short password', { username: 'shortpw', password: '123' }],
    ['a numeric password', { username: 'numpw', password: 123456 }],
    ['no fields', {}],
    ['an array body', ['alice', 'secret1']],
  ] as const) {
    it(`refuses ${why} with 400 VALIDATION_ERROR`, async () => {
      const reply = await c.api.post('/api/users/register', body);
      assert.equal(reply.status, 400);
      assert.equal(reply.body.error.code, 'VALIDATION_ERROR');
      assert.equal(typeof reply.body.error.message, 'string');
    });
  }

  it('logs in and returns a token that /me accepts', async () => {
    await c.api.post('/api/users/register', { username: 'carol', password: 'secret1' });
    const login = await c.api.post('/api/users/login', { username: 'carol', password: 'secret1' });
    assert.equal(login.status, 200);
    assert.equal(typeof login.body.token, 'string');
    assert.equal(login.body.user.username, 'carol');
    const me = await c.api.get('/api/users/me', login.body.token);
    assert.equal(me.status, 200);
    assert.deepEqual(me.body, login.body.user);
  });

  it('refuses a wrong password and an unknown user alike with 401 INVALID_CREDENTIALS', async () => {
    await c.api.post('/api/users/register', { username: 'dave', password: 'secret1' });
    const wrong = await c.api.post('/api/users/login', { username: 'dave', password: 'secret2' });
    const unknown = await c.api.post('/api/users/login', { username: 'nobody_here', password: 'secret1' });
    for (const reply of [wrong, unknown]) {
      assert.equal(reply.status, 401);
      assert.equal(reply.body.error.code, 'INVALID_CREDENTIALS');
    }
  });

  it('answers 401 UNAUTHORIZED without a token, with a bad token and with a malformed header', async () => {
    const none = await c.api.get('/api/users/me');
    const bad = await c.api.get('/api/users/me', 'f'.repeat(48));
    const malformed = await c.api.request('GET', '/api/users/me', { headers: { authorization: 'Token abc' } });
    for (const reply of [none, bad, malformed]) {
      assert.equal(reply.status, 401);
      assert.equal(reply.body.error.code, 'UNAUTHORIZED');
    }
  });

  it('looks users up by id, 404 USER_NOT_FOUND otherwise, never leaking the password', async () => {
    const a = await c.user('look');
    const b = await c.user('look');
    const found = await c.api.get(`/api/users/${b.id}`, a.token);
    assert.equal(found.status, 200);
    assert.equal(found.body.username, b.username);
    assert.ok(!found.text.includes(b.password));
    assert.ok(!/password|hash/i.test(found.text));
    const missing = await c.api.get('/api/users/zzzzzzzzzzzzzzzz', a.token);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'USER_NOT_FOUND');
    const malformed = await c.api.get('/api/users/..%2Fetc', a.token);
    assert.equal(malformed.status, 404);
  });

  it('answers unknown /api routes with 404 NOT_FOUND as JSON', async () => {
    const reply = await c.api.get('/api/nope');
    assert.equal(reply.status, 404);
    assert.equal(reply.body.error.code, 'NOT_FOUND');
  });
});
