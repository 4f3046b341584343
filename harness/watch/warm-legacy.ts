/**
 * The spare runner's legacy service, started in two steps so a save waits for the service's own code
 * only: prepare() spawns legacy-zygote.cjs on a free port with a fresh data dir and the environment
 * targets.ts gives a legacy launch, and it requires legacy's dependencies (most of a boot) and PRELOAD ahead of
 * time; start() then has it run app.js as it is on disk and resolves once /ping answers. If a preloaded file has
 * changed by then, the zygote says so (exit STALE) and start() boots a zygote that preloaded none instead.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, GiveUp, waitFor } from '../src/ports.js';
import { TARGETS } from '../src/targets.js';

export interface WarmService {
  url: string;
  dataDir: string;
  /** what it printed, for failure messages */
  logs(): string;
  /** SIGKILL (nothing of it is kept), then its data dir is removed */
  stop(): void;
}

const ZYGOTE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'legacy-zygote.cjs');
const START_TIMEOUT_MS = 45_000;
/** legacy-zygote.cjs's exit code when a file it loaded ahead has changed since */
const STALE = 75;
/**
 * Legacy's own modules worth loading ahead: utils/redis.js runs bluebird's promisifyAll over the redis client
 * (with config.js and logger.js, 230 of the 320 ms app.js takes to load here). A save under utils/ then costs a
 * second zygote; most saves touch routes, services and plugins.
 */
const PRELOAD = ['utils/redis.js'];

export interface Prepared {
  /** runs app.js; resolves once it answers /ping */
  start(): Promise<WarmService>;
  /** never started after all */
  discard(): void;
}

const unstopped = new Set<WarmService>();
// a cancel ends this process without stop(): nothing of a service outlives it
process.on('exit', () => unstopped.forEach((s) => s.stop()));

export async function prepare(preload: readonly string[] = PRELOAD): Promise<Prepared> {
  const spec = TARGETS.legacy;
  if (!spec || spec.unavailableReason()) throw new Error('legacy is not available');
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parrot-legacy-'));
  const p = spec.processFor({ role: 'all', port, dataDir, redis: null, socketUrls: [] });
  const child = spawn(process.execPath, [ZYGOTE, ...p.args], {
    cwd: p.cwd,
    env: { ...p.env, WATCH_ZYGOTE_PRELOAD: preload.join(',') },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  const append = (chunk: Buffer): void => void (out = (out + chunk.toString()).slice(-20_000));
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  child.once('error', (err) => append(Buffer.from(`could not start: ${err.message}\n`)));
  const url = `http://127.0.0.1:${port}`;
  const service: WarmService = {
    url,
    dataDir,
    logs: () => out,
    stop() {
      child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
      unstopped.delete(service);
    },
  };
  unstopped.add(service);
  const start = async (): Promise<WarmService> => {
    child.stdin.end('go\n');
    try {
      await waitFor(
        `legacy on ${port}`,
        async () => {
          if (child.exitCode !== null || child.signalCode !== null)
            throw new GiveUp(`legacy exited before it was ready:\n${out}`);
          const res = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1000) });
          return res.status === 200 && (await res.text()) === 'pong';
        },
        START_TIMEOUT_MS,
      );
    } catch (err) {
      service.stop();
      // exited on its own with STALE (waitFor gave up on seeing it exit): the save touched a preloaded file
      if (preload.length > 0 && child.exitCode === STALE) return (await prepare([])).start();
      throw err;
    }
    return service;
  };
  return { start, discard: () => service.stop() };
}
