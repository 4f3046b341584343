import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, GiveUp, waitFor } from './ports.js';
import { startProcess, type ManagedProcess } from './processes.js';
import { startRedis, type RedisHandle } from './redis-server.js';
import { TARGETS, isUrlTarget, type Role, type TargetSpec } from './targets.js';

export interface LaunchOptions {
  /** several processes (rest + socket servers) sharing a private redis-server */
  cluster?: boolean;
  socketServers?: number;
  /** start every node process with an inspector on a free loopback port (RunningProcess.inspectPort) */
  inspect?: boolean;
}

export interface RunningProcess {
  role: Role;
  url: string;
  process: ManagedProcess;
  /** the V8 inspector's port when launched with `inspect` */
  inspectPort?: number;
}

export interface RunningTarget {
  name: string;
  restUrl: string;
  socketUrls: string[];
  clientVersions: readonly (2 | 4)[];
  redis: RedisHandle | null;
  processes: RunningProcess[];
  /** the target's temp data dir ('' for a URL target) */
  dataDir: string;
  /** the last lines every process printed, for failure messages */
  logs(): string;
  stop(): Promise<void>;
}

export class TargetUnavailable extends Error {
  constructor(target: string, reason: string) {
    super(`${target}: not available (${reason})`);
    this.name = 'TargetUnavailable';
  }
}

// generous: a loaded 2-core CI box can take many seconds to start node with its modules
const START_TIMEOUT_MS = 45_000;

async function ping(url: string): Promise<boolean> {
  const res = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1000) });
  return res.status === 200 && (await res.text()) === 'pong';
}

async function startRole(
  spec: TargetSpec,
  role: Role,
  dataDir: string,
  redis: RedisHandle | null,
  port: number,
  socketUrls: string[] = [],
  inspect = false,
): Promise<RunningProcess> {
  const p = spec.processFor({ role, port, dataDir, redis: redis && { host: redis.host, port: redis.port }, socketUrls });
  const inspectPort = inspect ? await freePort() : undefined;
  const args = inspectPort ? [`--inspect=127.0.0.1:${inspectPort}`, ...p.args] : p.args;
  const proc = startProcess(`${spec.name}-${role}-${port}`, p.command, args, { cwd: p.cwd, env: p.env });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${spec.name} ${role} on ${port}`, async () => {
      if (proc.exited()) throw new GiveUp(`${spec.name} ${role} exited before it was ready:\n${proc.output().slice(-2000)}`);
      return ping(url);
    }, START_TIMEOUT_MS);
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { role, url, process: proc, ...(inspectPort ? { inspectPort } : {}) };
}

/**
 * Starts a target on free loopback ports with a fresh data dir and waits until
 * every process answers /ping. stop() ends the processes and removes the dir;
 * on a failed start everything already started is stopped before rejecting.
 */
export async function launch(target: string, options: LaunchOptions = {}): Promise<RunningTarget> {
  if (isUrlTarget(target)) {
    if (options.cluster) throw new TargetUnavailable(target, 'a URL is one running server; the multi-process suite starts its own processes');
    const url = target.replace(/\/$/, '');
    return {
      name: url, restUrl: url, socketUrls: [url], clientVersions: [2, 4], redis: null, processes: [], dataDir: '',
      logs: () => '', stop: async () => {},
    };
  }
  const spec = TARGETS[target];
  if (!spec) throw new Error(`unknown target "${target}" (legacy, migrated or a URL)`);
  const reason = spec.unavailableReason(options.cluster);
  if (reason) throw new TargetUnavailable(target, reason);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `parrot-${target}-`));
  const processes: RunningProcess[] = [];
  let redis: RedisHandle | null = null;
  const stop = async (): Promise<void> => {
    await Promise.all(processes.map((p) => p.process.stop()));
    if (redis) await redis.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    if (options.cluster) {
      redis = await startRedis();
      const sockets = options.socketServers ?? 2;
      const socketPorts = await Promise.all(Array.from({ length: sockets }, () => freePort()));
      const socketUrls = socketPorts.map((port) => `http://127.0.0.1:${port}`);
      const results = await Promise.allSettled([
        startRole(spec, 'rest', dataDir, redis, await freePort(), socketUrls, options.inspect),
        ...socketPorts.map((port) => startRole(spec, 'socket', dataDir, redis, port, socketUrls, options.inspect)),
      ]);
      for (const r of results) if (r.status === 'fulfilled') processes.push(r.value);
      const failed = results.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
    } else {
      processes.push(await startRole(spec, 'all', dataDir, null, await freePort(), [], options.inspect));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  const rest = processes.find((p) => p.role !== 'socket');
  return {
    name: target,
    restUrl: rest ? rest.url : '',
    socketUrls: processes.filter((p) => p.role !== 'rest').map((p) => p.url),
    clientVersions: spec.clientVersions,
    redis,
    processes,
    dataDir,
    logs: () => processes.map((p) => `--- ${p.process.name}\n${p.process.output().slice(-3000)}`).join('\n'),
    stop,
  };
}
