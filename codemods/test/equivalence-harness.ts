import { createRequire } from 'node:module';

/**
 * Runs a CommonJS test source (new Function) whose require('bluebird') is bluebird, and records what it did: the
 * value or error it settles with, and a log of every side effect, the caller's own code after the call included
 * (so a handler that used to run in a later tick must not run before it). The equivalence tests run the original
 * and the rewritten source through this and compare the outcomes.
 */
const require = createRequire(import.meta.url);
export const Bluebird = require('bluebird');

export type Log = string[];
export interface Outcome {
  syncThrow?: string;
  value?: unknown;
  error?: string;
  log: Log;
}

export function describeError(e: unknown): string {
  const err = e as { name?: string; message?: string; code?: string } | null;
  return `${err?.name ?? typeof e}: ${err?.message ?? String(e)}${err?.code ? ` [${err.code}]` : ''}`;
}

/** the modules a test source may require, all writing to one log */
export type Env = (log: Log) => Record<string, unknown>;

function load(source: string, env: Env, log: Log): Record<string, (...args: unknown[]) => unknown> {
  const modules = env(log);
  const mod = { exports: {} as Record<string, (...args: unknown[]) => unknown> };
  const req = (id: string) => {
    if (id === 'bluebird') return Bluebird;
    if (id === 'util') return require('node:util');
    if (id === 'timers/promises') return require('node:timers/promises');
    if (!(id in modules)) throw new Error(`test source requires unknown module ${id}`);
    return modules[id];
  };
  new Function('require', 'module', 'exports', source)(req, mod, mod.exports);
  return mod.exports;
}

async function settle(): Promise<void> {
  // let stray work (handlers scheduled by either promise library) finish before the log is read
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
}

export async function run(source: string, env: Env, name: string, args: unknown[]): Promise<Outcome> {
  const log: Log = [];
  const exported = load(source, env, log);
  let p: unknown;
  try {
    p = exported[name]!(...args);
  } catch (e) {
    log.push('<caller: sync throw>');
    await settle();
    return { syncThrow: describeError(e), log };
  }
  log.push('<caller continues>');
  try {
    const value = await p;
    await settle();
    return { value: JSON.parse(JSON.stringify(value ?? null)), log };
  } catch (e) {
    await settle();
    return { error: describeError(e), log };
  }
}

