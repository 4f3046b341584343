import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export type Role = 'all' | 'rest' | 'socket';

/** How to start one process of a target in a given role. */
export interface ProcessSpec {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface RoleContext {
  role: Role;
  port: number;
  dataDir: string;
  redis: { host: string; port: number } | null;
  /** a cluster's socket servers, known before any process starts */
  socketUrls: string[];
}

export interface TargetSpec {
  name: string;
  /** null when it can run here (in a cluster of processes, when `cluster`), else why not */
  unavailableReason(cluster?: boolean): string | null;
  /** socket.io-client majors this target speaks */
  clientVersions: readonly (2 | 4)[];
  processFor(ctx: RoleContext): ProcessSpec;
}

function baseEnv(): NodeJS.ProcessEnv {
  // the harness's own NODE_OPTIONS (tsx loader) must not leak into the service
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return env;
}

/**
 * The legacy tree to launch: PARROT_LEGACY_DIR (a copy being edited, e.g. by molt nibble) or legacy/.
 * A copy outside the repo finds the workspace's packages through NODE_PATH.
 */
function legacyDir(): string {
  return process.env.PARROT_LEGACY_DIR ? path.resolve(process.env.PARROT_LEGACY_DIR) : path.join(REPO_ROOT, 'legacy');
}

const legacy: TargetSpec = {
  name: 'legacy',
  clientVersions: [2],
  unavailableReason() {
    return fs.existsSync(path.join(legacyDir(), 'app.js')) ? null : `${path.join(legacyDir(), 'app.js')} is missing`;
  },
  processFor(ctx) {
    const env: NodeJS.ProcessEnv = {
      ...baseEnv(),
      NODE_ENV: 'test',
      // the harness never writes config.js into the tree: it points at the test config instead
      PARROT_CONFIG_FILE: path.join(legacyDir(), 'misc', 'config-test.js'),
      RUNTIME_MODE: ctx.role,
      HTTP_PORT: String(ctx.port),
      DATA_DIR: ctx.dataDir,
      HEARTBEAT_HOST: '127.0.0.1',
      REDIS_HOST: ctx.redis ? ctx.redis.host : '',
      LOG_LEVEL: process.env.PARROT_LOG_LEVEL ?? 'warn',
    };
    if (ctx.redis) {
      env.REDIS_PORT = String(ctx.redis.port);
      // several processes must share one store, and mongo cannot run here
      env.DB_ENGINE = 'redis';
    }
    if (process.env.PARROT_LEGACY_DIR) env.NODE_PATH = path.join(REPO_ROOT, 'node_modules');
    if (process.env.MOLT_SAMPLES_DIR) {
      // molt record: sample the shapes legacy's exported functions see (codemods/src/samples)
      env.NODE_OPTIONS = `--require ${path.join(REPO_ROOT, 'codemods', 'src', 'samples', 'recorder.cjs')}`;
      env.MOLT_SAMPLES_ROOT = legacyDir();
    }
    return { command: process.execPath, args: ['app.js'], cwd: legacyDir(), env };
  },
};

const TSX_CLI = path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
let webClientBuilt = false;

/**
 * migrated serves its web client from public/js/app.js, a git-ignored bundle of migrated/web/: build it
 * once per test process, before the first launch, so a fresh clone and a changed client are both served
 * what the sources say. Parallel test processes may build at the same moment: the build writes by rename.
 */
function buildWebClient(): void {
  if (webClientBuilt) return;
  const built = spawnSync(process.execPath, [TSX_CLI, 'scripts/build-web.ts'], {
    cwd: path.join(REPO_ROOT, 'migrated'),
    env: baseEnv(),
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`migrated: building the web client failed:\n${built.stderr}${built.stdout}`);
  webClientBuilt = true;
}

const migrated: TargetSpec = {
  name: 'migrated',
  clientVersions: [2, 4],
  unavailableReason() {
    const entry = path.join(REPO_ROOT, 'migrated', 'src', 'server.ts');
    return fs.existsSync(entry) ? null : 'migrated/ has no service yet (migrated/src/server.ts is missing)';
  },
  processFor(ctx) {
    const env: NodeJS.ProcessEnv = {
      ...baseEnv(),
      NODE_ENV: 'test',
      RUNTIME_MODE: ctx.role,
      HTTP_PORT: String(ctx.port),
      DATA_DIR: ctx.dataDir,
      REDIS_HOST: ctx.redis ? ctx.redis.host : '',
    };
    if (ctx.redis) {
      env.REDIS_PORT = String(ctx.redis.port);
      // several processes must share one store: MongoDB when MONGO_URL names one, else the cluster's redis
      if (process.env.MONGO_URL) env.MONGO_DB_CONNECTION_STRING = process.env.MONGO_URL;
      env.DB_ENGINE = process.env.MONGO_URL ? 'mongo' : 'redis';
      // no HAProxy in the harness cluster: the first socket server stands in for the address it would have
      if (ctx.socketUrls[0]) env.SOCKETIO_LB_HOST = ctx.socketUrls[0];
    }
    buildWebClient();
    // one process, not tsx's wrapper: a signal (SIGKILL in a fault test, SIGTERM) reaches the service itself
    return { command: process.execPath, args: ['--import', 'tsx', 'src/server.ts'], cwd: path.join(REPO_ROOT, 'migrated'), env };
  },
};

export const TARGETS: Record<string, TargetSpec> = { legacy, migrated };

export function isUrlTarget(name: string): boolean {
  return /^https?:\/\//.test(name);
}
