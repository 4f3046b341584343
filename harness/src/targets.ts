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

const legacy: TargetSpec = {
  name: 'legacy',
  clientVersions: [2],
  unavailableReason() {
    return fs.existsSync(path.join(REPO_ROOT, 'legacy', 'app.js')) ? null : 'legacy/app.js is missing';
  },
  processFor(ctx) {
    const env: NodeJS.ProcessEnv = {
      ...baseEnv(),
      NODE_ENV: 'test',
      // the harness never writes config.js into the tree: it points at the test config instead
      PARROT_CONFIG_FILE: path.join(REPO_ROOT, 'legacy', 'misc', 'config-test.js'),
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
    return { command: process.execPath, args: ['app.js'], cwd: path.join(REPO_ROOT, 'legacy'), env };
  },
};

const migrated: TargetSpec = {
  name: 'migrated',
  clientVersions: [2, 4],
  unavailableReason(cluster) {
    const entry = path.join(REPO_ROOT, 'migrated', 'src', 'server.ts');
    if (!fs.existsSync(entry)) return 'migrated/ has no service yet (migrated/src/server.ts is missing)';
    // several processes need one shared store; the embedded one lives in a single process
    if (cluster && !process.env.MONGO_URL) return 'several migrated processes need a shared store: set MONGO_URL to a MongoDB server';
    return null;
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
    if (ctx.redis) env.REDIS_PORT = String(ctx.redis.port);
    if (ctx.redis && process.env.MONGO_URL) env.MONGO_DB_CONNECTION_STRING = process.env.MONGO_URL;
    const tsx = path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    return { command: process.execPath, args: [tsx, 'src/server.ts'], cwd: path.join(REPO_ROOT, 'migrated'), env };
  },
};

export const TARGETS: Record<string, TargetSpec> = { legacy, migrated };

export function isUrlTarget(name: string): boolean {
  return /^https?:\/\//.test(name);
}
