/**
 * The deploy stack of compose.yml as plain processes on loopback: a private redis-server,
 * N parrot-socketio and M parrot-rest processes of migrated/ (sharing redis as adapter and
 * store), and real haproxy for both load balancers from deploy/haproxy/*.cfg, the same
 * files compose mounts, with ports and node addresses from the environment.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, GiveUp, waitFor } from '../../harness/src/ports.js';
import { startProcess, type ManagedProcess } from '../../harness/src/processes.js';
import { startRedis, type RedisHandle } from '../../harness/src/redis-server.js';
import { TARGETS, type Role } from '../../harness/src/targets.js';

export const HAPROXY_DIR = path.resolve(import.meta.dirname, '..', 'haproxy');

export interface StackOptions {
  socketNodes?: number;
  restNodes?: number;
  /** 'cookie' (parrot-sticky, the default) or 'source' (one client IP, one node) */
  balance?: 'cookie' | 'source';
  /** extra environment for every parrot process */
  env?: NodeJS.ProcessEnv;
  /** start every parrot process with a V8 inspector on a free loopback port (Node.inspectPort) */
  inspect?: boolean;
}

export interface Node {
  name: string;
  role: Role;
  port: number;
  url: string;
  process: ManagedProcess;
  /** the V8 inspector's port when the stack was started with `inspect` */
  inspectPort?: number;
}

export interface Stack {
  redis: RedisHandle;
  nodes: Node[];
  /** the socketio-lb frontend, what /api/server answers */
  socketUrl: string;
  /** the rest-lb frontend */
  restUrl: string;
  stats: { socketio: string; rest: string; user: string; password: string };
  dataDir: string;
  haproxy: { socketio: ManagedProcess; rest: ManagedProcess };
  socketNodes(): Node[];
  /** stops redis and starts it again on the same port (fault test) */
  restartRedis(): Promise<void>;
  /** a stopped node started again on its port */
  restart(node: Node): Promise<void>;
  /** per-server rows of a HAProxy stats page (CSV) */
  serverStats(lb: 'socketio' | 'rest'): Promise<ServerStat[]>;
  logs(): string;
  stop(): Promise<void>;
}

export interface ServerStat {
  backend: string;
  server: string;
  status: string;
  /** sessions handled so far */
  total: number;
  current: number;
}

const START_TIMEOUT_MS = 60_000;

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

function startNode(role: Role, port: number, dataDir: string, redis: RedisHandle, env: NodeJS.ProcessEnv, inspectPort?: number): Node {
  const spec = TARGETS.migrated!.processFor({ role, port, dataDir, redis: { host: redis.host, port: redis.port }, socketUrls: [] });
  const name = `parrot-${role === 'socket' ? 'socketio' : role}-${port}`;
  const args = inspectPort ? [`--inspect=127.0.0.1:${inspectPort}`, ...spec.args] : spec.args;
  const proc = startProcess(name, spec.command, args, { cwd: spec.cwd, env: { ...spec.env, ...env } });
  return { name, role, port, url: `http://127.0.0.1:${port}`, process: proc, ...(inspectPort ? { inspectPort } : {}) };
}

async function untilHealthy(node: Node): Promise<void> {
  await waitFor(`${node.name} /healthz`, async () => {
    if (node.process.exited()) throw new GiveUp(`${node.name} exited:\n${node.process.output().slice(-2000)}`);
    return healthy(node.url);
  }, START_TIMEOUT_MS);
}

function startHaproxy(name: 'socketio' | 'rest', env: NodeJS.ProcessEnv): ManagedProcess {
  const cfg = path.join(HAPROXY_DIR, `${name}-lb.cfg`);
  // -db: stay in the foreground, log to stdout; -W: master-worker, as the official image runs it
  return startProcess(`${name}-lb`, 'haproxy', ['-W', '-db', '-f', cfg], { env: { PATH: process.env.PATH, ...env } });
}

function parseStats(csv: string): ServerStat[] {
  const [header = '', ...rows] = csv.trim().split('\n');
  const cols = header.replace(/^# /, '').split(',');
  const at = (name: string) => cols.indexOf(name);
  return rows
    .map((row) => row.split(','))
    .filter((f) => f[at('svname')] !== 'FRONTEND' && f[at('svname')] !== 'BACKEND')
    .map((f) => ({
      backend: f[at('pxname')] ?? '',
      server: f[at('svname')] ?? '',
      status: f[at('status')] ?? '',
      total: Number(f[at('stot')] ?? 0),
      current: Number(f[at('scur')] ?? 0),
    }))
    .filter((s) => s.backend.startsWith('parrot-'));
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const socketCount = options.socketNodes ?? 2;
  const restCount = options.restNodes ?? 2;
  if (socketCount !== 2 || restCount !== 2) throw new Error('the haproxy configs name two fixed nodes per role outside compose');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parrot-stack-'));
  const nodes: Node[] = [];
  let redis: RedisHandle | null = null;
  let haproxy: Stack['haproxy'] | null = null;
  const stats = { user: 'stats', password: `pw-${process.pid}-${Date.now()}` };

  const stop = async (): Promise<void> => {
    await Promise.all([...nodes.map((n) => n.process.stop()), haproxy?.socketio.stop(), haproxy?.rest.stop()]);
    await redis?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    // persisted like the compose volume would: a redis restart keeps the store
    redis = await startRedis({ dir: dataDir });
    const [socketPort, restPort, socketStats, restStats] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const socketUrl = `http://127.0.0.1:${socketPort}`;
    const env = { SOCKETIO_LB_HOST: socketUrl, DISABLE_HEARTBEAT: 'true', ...options.env };
    for (const role of ['socket', 'socket', 'rest', 'rest'] as const) {
      nodes.push(startNode(role, await freePort(), dataDir, redis, env, options.inspect ? await freePort() : undefined));
    }
    await Promise.all(nodes.map(untilHealthy));
    const sockets = nodes.filter((n) => n.role === 'socket');
    const rests = nodes.filter((n) => n.role === 'rest');
    // HAProxy wants two descriptors per connection: stay under this process's limit
    const common = { STATS_USER: stats.user, STATS_PASSWORD: stats.password, HAPROXY_MAXCONN: '4000' };
    haproxy = {
      socketio: startHaproxy('socketio', {
        ...common,
        LB_BIND: `127.0.0.1:${socketPort}`,
        STATS_BIND: `127.0.0.1:${socketStats}`,
        PARROT_SOCKETIO_1: `127.0.0.1:${sockets[0]!.port}`,
        PARROT_SOCKETIO_2: `127.0.0.1:${sockets[1]!.port}`,
        ...(options.balance === 'source' ? { PARROT_BALANCE_SOURCE: '1' } : {}),
      }),
      rest: startHaproxy('rest', {
        ...common,
        LB_BIND: `127.0.0.1:${restPort}`,
        STATS_BIND: `127.0.0.1:${restStats}`,
        PARROT_REST_1: `127.0.0.1:${rests[0]!.port}`,
        PARROT_REST_2: `127.0.0.1:${rests[1]!.port}`,
      }),
    };
    const restUrl = `http://127.0.0.1:${restPort}`;
    const lbs = haproxy;
    await Promise.all(
      ([['socketio', socketUrl], ['rest', restUrl]] as const).map(([name, url]) =>
        waitFor(`${name}-lb`, async () => {
          if (lbs[name].exited()) throw new GiveUp(`${name}-lb exited:\n${lbs[name].output().slice(-2000)}`);
          return healthy(url);
        }, START_TIMEOUT_MS),
      ),
    );
    const statsUrls = { socketio: `http://127.0.0.1:${socketStats}`, rest: `http://127.0.0.1:${restStats}` };
    const stack: Stack = {
      redis,
      nodes,
      socketUrl,
      restUrl,
      stats: { ...statsUrls, ...stats },
      dataDir,
      haproxy,
      socketNodes: () => nodes.filter((n) => n.role === 'socket'),
      async restartRedis() {
        const port = stack.redis.port;
        await stack.redis.stop();
        stack.redis = await startRedis({ port, dir: dataDir });
        redis = stack.redis;
      },
      async restart(node) {
        if (!node.process.exited()) await node.process.stop();
        const fresh = startNode(node.role, node.port, dataDir, stack.redis, env, node.inspectPort);
        node.process = fresh.process;
        await untilHealthy(node);
      },
      async serverStats(lb) {
        const res = await fetch(`${statsUrls[lb]}/;csv`, {
          headers: { authorization: `Basic ${Buffer.from(`${stats.user}:${stats.password}`).toString('base64')}` },
        });
        if (res.status !== 200) throw new Error(`${lb}-lb stats answered ${res.status}`);
        return parseStats(await res.text());
      },
      logs: () =>
        [...nodes.map((n) => n.process), lbs.socketio, lbs.rest]
          .map((p) => `--- ${p.name}\n${p.output().slice(-1500)}`)
          .join('\n'),
      stop,
    };
    return stack;
  } catch (err) {
    await stop();
    throw err;
  }
}
