import assert from 'node:assert/strict';
import { io, type Socket } from 'socket.io-client-v4';
import { Api, newUser, type TestUser } from '../../harness/src/client.js';
import { have } from '../src/exec.js';
import { startStack, type Node, type Stack } from '../src/stack.js';

/**
 * The compose topology as processes on loopback: redis, 2 socket + 2 REST nodes of migrated,
 * both HAProxy LBs from deploy/haproxy/*.cfg. Clients go through HAProxy as a browser would:
 * polling first (the parrot-sticky cookie is set there), then the websocket upgrade.
 */

interface Client {
  user: TestUser;
  socket: Socket;
  /** messages received, by id */
  received: Set<string>;
  disconnects: number;
  retries: number;
}

interface Ack {
  ok: boolean;
  message?: { id: string; clientId: string };
  error?: { code: string };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`${what}: not within ${timeoutMs} ms`);
    await sleep(50);
  }
}

function connect(stack: Stack, user: TestUser, retries = 0): Promise<Client> {
  const socket = io(stack.socketUrl, {
    // with retries, socket.io-client resends an unacked event (after a reconnect, to another node); clientId dedupes
    ...(retries > 0 ? { retries, ackTimeout: 4000 } : {}),
    auth: { token: user.token },
    transports: ['polling', 'websocket'],
    // Node keeps HAProxy's cookie only with a cookie jar, which engine.io-client keeps with credentials on
    withCredentials: true,
    forceNew: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    timeout: 5000,
  });
  const client: Client = { user, socket, received: new Set(), disconnects: 0, retries };
  socket.on('message', (m: { id: string }) => client.received.add(m.id));
  socket.on('disconnect', () => {
    client.disconnects += 1;
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', reject);
  });
}

function send(client: Client, roomId: string, text: string, clientId: string, timeoutMs = 15_000): Promise<Ack> {
  // a retrying socket waits for its ack as long as it takes (ackTimeout × retries); the others time out
  const socket = client.retries > 0 ? client.socket : client.socket.timeout(timeoutMs);
  return socket.emitWithAck('message', { roomId, text, clientId }) as Promise<Ack>;
}

async function upgraded(client: Client): Promise<void> {
  await until('websocket upgrade', () => client.socket.io.engine.transport.name === 'websocket', 10_000);
}

describe('deploy: the local stack (haproxy + redis + 2 socket + 2 rest nodes)', function () {
  this.timeout(180_000);
  let stack: Stack;
  let api: Api;
  const clients: Client[] = [];

  before(async function () {
    for (const tool of ['haproxy', 'redis-server']) {
      if (!(await have(tool))) {
        console.log(`      skipped: ${tool} is not installed (.ci/run installs it)`);
        this.skip();
      }
    }
    stack = await startStack();
    api = new Api(stack.restUrl);
  });

  afterEach(async function () {
    for (const c of clients.splice(0)) c.socket.close();
    if (this.currentTest?.state === 'failed' && stack) console.log(stack.logs());
    // a fault test that failed half-way must not leave the next one with a node down
    for (const node of stack?.nodes ?? []) if (node.process.exited()) await stack.restart(node);
  });

  after(async () => {
    await stack?.stop();
  });

  /** `n` users in one fresh room, each connected through socketio-lb and upgraded to websocket */
  async function room(n: number, retries = 0): Promise<{ roomId: string; members: Client[] }> {
    const users = await Promise.all(Array.from({ length: n }, (_, i) => newUser(api, `s${i}`)));
    const res = await api.post('/api/rooms', { name: `stack-${Date.now()}`, members: users.slice(1).map((u) => u.id) }, users[0]!.token);
    assert.equal(res.status, 201, res.text);
    const members = await Promise.all(users.map((u) => connect(stack, u, retries)));
    clients.push(...members);
    await Promise.all(members.map(upgraded));
    for (const m of members) {
      const ack = (await m.socket.timeout(5000).emitWithAck('join', { roomId: res.body.id })) as Ack;
      assert.equal(ack.ok, true, JSON.stringify(ack));
    }
    return { roomId: res.body.id, members };
  }

  async function storedIds(roomId: string, token: string): Promise<Set<string>> {
    const ids = new Set<string>();
    let before: string | null = null;
    for (;;) {
      const res: { status: number; text: string; body: unknown } = await api.get(`/api/rooms/${roomId}/messages?limit=100${before ? `&before=${before}` : ''}`, token);
      assert.equal(res.status, 200, res.text);
      const { messages, hasMore } = res.body as { messages: { id: string }[]; hasMore: boolean };
      for (const m of messages) ids.add(m.id);
      if (!hasMore) return ids;
      before = messages.at(-1)!.id;
    }
  }

  it('the stats pages answer 401 without credentials and 200 with them', async () => {
    for (const url of [stack.stats.socketio, stack.stats.rest]) {
      assert.equal((await fetch(url)).status, 401);
      const basic = Buffer.from(`${stack.stats.user}:${stack.stats.password}`).toString('base64');
      const res = await fetch(url, { headers: { authorization: `Basic ${basic}` } });
      assert.equal(res.status, 200);
      assert.match(await res.text(), /parrot-(socketio|rest)/);
    }
  });

  it('REST goes through rest-lb to both nodes, and /api/server answers the socketio-lb address', async () => {
    const user = await newUser(api, 'lb');
    for (let i = 0; i < 6; i++) {
      const res = await api.get('/api/server', user.token);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.url, stack.socketUrl);
    }
    const rows = await stack.serverStats('rest');
    assert.equal(rows.length, 2);
    for (const r of rows) assert.ok(r.total > 0, `rest-lb sent nothing to ${r.server}: ${JSON.stringify(rows)}`);
  });

  it('the first polling answer sets the parrot-sticky cookie', async () => {
    const res = await fetch(`${stack.socketUrl}/socket.io/?EIO=4&transport=polling`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('set-cookie') ?? '', /parrot-sticky=/);
  });

  it('clients poll then upgrade through haproxy (stickiness holds), spread over both nodes, and a message crosses nodes', async () => {
    const { roomId, members } = await room(4);
    const rows = await stack.serverStats('socketio');
    assert.deepEqual(rows.map((r) => r.current > 0), [true, true], `both socket nodes hold sessions: ${JSON.stringify(rows)}`);
    const ack = await send(members[0]!, roomId, 'across the nodes', 'x-1');
    assert.equal(ack.ok, true, JSON.stringify(ack));
    await until('every other member got the message', () => members.slice(1).every((m) => m.received.has(ack.message!.id)));
  });

  it('health checks take a killed node out; its clients reconnect to the other and no acked message is lost', async () => {
    const { roomId, members } = await room(6);
    const victim = stack.socketNodes()[0]!;
    const acked: string[] = [];
    const failed: string[] = [];
    const traffic = members.map(async (m, i) => {
      for (let n = 0; n < 25; n++) {
        const ack = await send(m, roomId, `m${i}-${n}`, `k${i}-${n}`).catch((err: Error) => ({ ok: false, error: { code: err.message } }) as Ack);
        if (ack.ok) acked.push(ack.message!.id);
        else failed.push(`${i}-${n}:${ack.error?.code}`);
        // under the per-socket rate limit of the test config (10 in 2 s)
        await sleep(220);
      }
    });
    await until('some traffic before the fault', () => acked.length >= 12);
    await victim.process.kill();
    await until('haproxy marks the killed node DOWN', async () =>
      (await stack.serverStats('socketio')).some((r) => r.server === 'socketio1' && r.status.startsWith('DOWN')),
    );
    await Promise.all(traffic);
    assert.ok(members.some((m) => m.disconnects > 0), 'no client was on the killed node');
    await until('every client connected again', () => members.every((m) => m.socket.connected));
    const stored = await storedIds(roomId, members[0]!.user.token);
    const lost = acked.filter((id) => !stored.has(id));
    assert.deepEqual(lost, [], `acked but not stored: ${lost.length} of ${acked.length}`);
    assert.ok(acked.length >= 100, `most messages acked (${acked.length} acked, failed: ${failed.join(' ')})`);
    await stack.restart(victim);
    await until('haproxy puts the node back UP', async () =>
      (await stack.serverStats('socketio')).every((r) => r.status.startsWith('UP')),
    );
  });

  it('SIGTERM (a rolling restart): the node answers what it was sent, exits by itself, and no send is lost', async () => {
    // clients as a deployed app should run them: an unacked event is sent again, the server dedupes by clientId
    const { roomId, members } = await room(6, 5);
    const node: Node = stack.socketNodes()[1]!;
    const pending = members.flatMap((m, i) => Array.from({ length: 8 }, (_, n) => send(m, roomId, `t${i}-${n}`, `t${i}-${n}`)));
    node.process.child.kill('SIGTERM');
    const acks = await Promise.allSettled(pending);
    const lost = acks.flatMap((a) => (a.status === 'rejected' ? [String(a.reason)] : []));
    assert.deepEqual(lost, [], `${lost.length} of ${pending.length} sends were never acked`);
    const ok = acks.map((a) => (a as PromiseFulfilledResult<Ack>).value);
    assert.ok(ok.every((a) => a.ok), JSON.stringify(ok.filter((a) => !a.ok)));
    const stored = await storedIds(roomId, members[0]!.user.token);
    assert.equal(stored.size, pending.length, 'each send stored once');
    assert.ok(ok.every((a) => stored.has(a.message!.id)));
    await until('the node exited by itself', () => node.process.exited(), 20_000);
    assert.equal(node.process.child.exitCode, 0, 'a clean exit after draining');
  });

  it('a redis restart: broadcasts resume across nodes on the sockets that were connected', async () => {
    const { roomId, members } = await room(4);
    await stack.restartRedis();
    await until('a message sent after the restart reaches every member', async () => {
      const ack = await send(members[0]!, roomId, 'after the restart', `r-${Date.now()}`, 2000).catch(() => null);
      if (!ack?.ok) return false;
      await sleep(300);
      return members.slice(1).every((m) => m.received.has(ack.message!.id));
    }, 30_000);
  });
});
