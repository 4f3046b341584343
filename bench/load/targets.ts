/**
 * The targets the bench compares under one workload: legacy as the harness launches its cluster,
 * migrated behind the deploy HAProxy configs (balance source, or the parrot-sticky cookie) and a
 * bare Socket.io 4 server. Each names the processes to watch and stops everything it started.
 */
import path from 'node:path';
import { startStack } from '../../deploy/src/stack.js';
import { launch } from '../../harness/src/launcher.js';
import { freePort, GiveUp, waitFor } from '../../harness/src/ports.js';
import { startProcess } from '../../harness/src/processes.js';
import type { WatchedProcess } from './proc-stats.js';

export const TARGET_NAMES = ['legacy', 'migrated-source', 'migrated-cookie', 'bare'] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

export const TARGET_DESCRIPTIONS: Record<TargetName, string> = {
  legacy: 'legacy: rest + 2 socket servers + redis, clients pick a server through /api/server (socket.io-client 2)',
  'migrated-source': 'migrated: 2 socket + 2 rest nodes, redis adapter, HAProxy balance source (socket.io-client 4)',
  'migrated-cookie': 'migrated: as above, HAProxy roundrobin + parrot-sticky cookie (socket.io-client 4 with a cookie jar)',
  bare: 'bare Socket.io 4: one process, rooms and acks only (socket.io-client 4)',
};

/** what a server says about its event loop and GC (migrated's /metrics, bare's /stats) */
export interface LoopStats {
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
  gcMs: number;
}

export interface BackendSessions {
  server: string;
  current: number;
  total: number;
}

export interface BenchTarget {
  name: TargetName;
  clientVersion: 2 | 4;
  /** REST base (users, rooms, /api/server); null: the bare server has none */
  restUrl: string | null;
  /** the one Socket.io address; null: each client asks /api/server */
  socketUrl: string | null;
  withCredentials: boolean;
  processes: WatchedProcess[];
  /** per-backend sessions from the socket load balancer; null when there is none */
  backendSessions(): Promise<BackendSessions[] | null>;
  /** per socket process label; empty when the target exposes nothing */
  loopStats(): Promise<Record<string, LoopStats>>;
  stop(): Promise<void>;
}

const BARE_SERVER = path.join(import.meta.dirname, 'bare-server.ts');

async function promLoopStats(url: string): Promise<LoopStats> {
  const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  const value = (name: string): number => {
    let sum = 0;
    for (const m of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'gm'))) sum += Number(m[1]);
    return sum;
  };
  return {
    eventLoopP99Ms: value('parrot_nodejs_eventloop_lag_p99_seconds') * 1000,
    eventLoopMaxMs: value('parrot_nodejs_eventloop_lag_max_seconds') * 1000,
    gcMs: value('parrot_nodejs_gc_duration_seconds_sum') * 1000,
  };
}

async function startLegacy(): Promise<BenchTarget> {
  const t = await launch('legacy', { cluster: true, socketServers: 2, inspect: true });
  let socketIndex = 0;
  const processes: WatchedProcess[] = t.processes.map((p) => ({
    label: p.role === 'socket' ? `socket-${++socketIndex}` : p.role,
    role: p.role === 'socket' ? 'socket' : 'rest',
    pid: p.process.child.pid!,
    inspectPort: p.inspectPort,
  }));
  if (t.redis) processes.push({ label: 'redis', role: 'redis', pid: t.redis.process.child.pid! });
  return {
    name: 'legacy', clientVersion: 2, restUrl: t.restUrl, socketUrl: null, withCredentials: false, processes,
    backendSessions: async () => null,
    loopStats: async () => ({}),
    stop: () => t.stop(),
  };
}

async function startMigrated(balance: 'source' | 'cookie'): Promise<BenchTarget> {
  const stack = await startStack({ balance, inspect: true });
  const counters = { socket: 0, rest: 0 };
  const processes: WatchedProcess[] = stack.nodes.map((n) => {
    const role = n.role === 'socket' ? 'socket' : 'rest';
    return { label: `${role}-${++counters[role]}`, role, pid: n.process.child.pid!, inspectPort: n.inspectPort };
  });
  processes.push(
    { label: 'redis', role: 'redis', pid: stack.redis.process.child.pid! },
    { label: 'haproxy-socketio', role: 'lb', pid: stack.haproxy.socketio.child.pid! },
    { label: 'haproxy-rest', role: 'lb', pid: stack.haproxy.rest.child.pid! },
  );
  const sockets = stack.socketNodes();
  return {
    name: balance === 'source' ? 'migrated-source' : 'migrated-cookie',
    clientVersion: 4, restUrl: stack.restUrl, socketUrl: null, withCredentials: true, processes,
    backendSessions: async () => (await stack.serverStats('socketio')).map((s) => ({ server: s.server, current: s.current, total: s.total })),
    loopStats: async () => Object.fromEntries(await Promise.all(sockets.map(async (n, i) => [`socket-${i + 1}`, await promLoopStats(n.url)] as const))),
    stop: () => stack.stop(),
  };
}

async function startBare(): Promise<BenchTarget> {
  const port = await freePort();
  const inspectPort = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) };
  delete env.NODE_OPTIONS;
  const proc = startProcess(`bare-${port}`, process.execPath, [`--inspect=127.0.0.1:${inspectPort}`, '--import', 'tsx', BARE_SERVER], { env });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor('bare Socket.io server', async () => {
      if (proc.exited()) throw new GiveUp(`the bare server exited:\n${proc.output().slice(-2000)}`);
      return (await (await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1000) })).text()) === 'pong';
    }, 45_000);
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return {
    name: 'bare', clientVersion: 4, restUrl: null, socketUrl: url, withCredentials: true,
    processes: [{ label: 'socket-1', role: 'socket', pid: proc.child.pid!, inspectPort }],
    backendSessions: async () => null,
    loopStats: async () => ({ 'socket-1': (await (await fetch(`${url}/stats`)).json()) as LoopStats }),
    stop: () => proc.stop(),
  };
}

export function startTarget(name: TargetName): Promise<BenchTarget> {
  switch (name) {
    case 'legacy':
      return startLegacy();
    case 'migrated-source':
      return startMigrated('source');
    case 'migrated-cookie':
      return startMigrated('cookie');
    case 'bare':
      return startBare();
  }
}
