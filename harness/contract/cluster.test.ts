import assert from 'node:assert/strict';
import { connectV2, nextEvent, request } from '../src/client.js';
import { waitFor } from '../src/ports.js';
import { redisCommand } from '../src/redis-server.js';
import { clientId, describeContract } from './support.js';

describeContract('several processes: rest + 2 socket servers + redis', { cluster: true, socketServers: 2 }, (c) => {
  it('a message sent on one socket server reaches a member on the other', async () => {
    const [a, b] = await Promise.all([c.user('xa'), c.user('xb')]);
    const room = (await c.api.post('/api/rooms', { name: 'across', members: [b.id] }, a.token)).body;
    const [sa, sb] = await Promise.all([c.connect(a, 0), c.connect(b, 1)]);
    const got = nextEvent(sb, 'message');
    const ack = await request(sa, 'message', { roomId: room.id, text: 'across servers', clientId: clientId() });
    assert.equal(ack.ok, true, JSON.stringify(ack));
    assert.deepEqual(await got, ack.message);
    const back = nextEvent(sa, 'message');
    const reply = await request(sb, 'message', { roomId: room.id, text: 'and back', clientId: clientId() });
    assert.deepEqual(await back, reply.message);
  });

  it('a message posted to the REST process reaches sockets on both servers', async () => {
    const [a, b, d] = await Promise.all([c.user('ya'), c.user('yb'), c.user('yd')]);
    const room = (await c.api.post('/api/rooms', { name: 'fanout', members: [b.id, d.id] }, a.token)).body;
    const [sb, sd] = await Promise.all([c.connect(b, 0), c.connect(d, 1)]);
    const got = [nextEvent(sb, 'message'), nextEvent(sd, 'message')];
    const posted = await c.api.post(`/api/rooms/${room.id}/messages`, { text: 'to everyone' }, a.token);
    assert.equal(posted.status, 201);
    for (const m of await Promise.all(got)) assert.equal(m.id, posted.body.id);
  });

  it('a room joined over REST subscribes the member\'s sockets on every server', async () => {
    const [a, b] = await Promise.all([c.user('za'), c.user('zb')]);
    const room = (await c.api.post('/api/rooms', { name: 'join-later' }, a.token)).body;
    const sb = await c.connect(b, 1);
    assert.equal((await c.api.post(`/api/rooms/${room.id}/join`, {}, b.token)).status, 200);
    const got = nextEvent(sb, 'message');
    const sa = await c.connect(a, 0);
    await request(sa, 'message', { roomId: room.id, text: 'seen on server 1', clientId: clientId() });
    assert.equal((await got).text, 'seen on server 1');
  });

  it('/api/server answers a socket server a client can use: legacy the less loaded one, migrated its load balancer', async function () {
    this.timeout(30_000);
    const [s0, s1] = c.target.socketUrls;
    const users = await Promise.all([1, 2, 3, 4, 5].map(() => c.user('lb')));
    const answer = async () => (await c.api.get('/api/server')).body.url as string;
    // two clients on server 0, none on server 1, then three more on server 1
    await Promise.all(users.slice(0, 2).map((u) => c.connect(u, 0)));
    if (c.target.name === 'legacy') {
      // the seed's home-made balancer: heartbeats carry each server's connection count
      await waitFor('/api/server to pick server 1', async () => (await answer()) === s1, 10_000);
      await Promise.all(users.slice(2, 5).map((u) => c.connect(u, 1)));
      await waitFor('/api/server to pick server 0', async () => (await answer()) === s0, 10_000);
    } else {
      // HAProxy balances (deploy/): the answer is the configured address whatever the load (DESIGN.md)
      assert.equal(await answer(), s0);
      await Promise.all(users.slice(2, 5).map((u) => c.connect(u, 1)));
      assert.equal(await answer(), s0);
    }
    const extra = await c.user('lb');
    const socket = await connectV2(await answer(), extra.token);
    assert.equal(socket.connected, true);
  });

  it('pushes offline and mentioned members to the redis list parrot:push', async () => {
    const [a, online, offline] = await Promise.all([c.user('pa'), c.user('pon'), c.user('poff')]);
    const room = (await c.api.post('/api/rooms', { name: 'push', members: [online.id, offline.id] }, a.token)).body;
    await c.connect(online, 1);
    const sa = await c.connect(a, 0);
    const port = c.target.redis!.port;
    const before = Number((await redisCommand(port, 'LLEN parrot:push')).slice(1));
    const ack = await request(sa, 'message', { roomId: room.id, text: `hi @${online.username}`, clientId: clientId() });
    await waitFor('two push entries', async () => Number((await redisCommand(port, 'LLEN parrot:push')).slice(1)) === before + 2);
    const entries = [JSON.parse(await redisCommand(port, 'LINDEX parrot:push 0')), JSON.parse(await redisCommand(port, 'LINDEX parrot:push 1'))];
    const byUser = Object.fromEntries(entries.map((e) => [e.userId, e]));
    assert.deepEqual(byUser[offline.id], { type: 'message', userId: offline.id, roomId: room.id, messageId: ack.message.id });
    assert.deepEqual(byUser[online.id], { type: 'mention', userId: online.id, roomId: room.id, messageId: ack.message.id });
  });
});
