/**
 * molt record [--out codemods/samples/legacy.json] [--grep <contract test filter>]
 * Runs parrot's contract suites on legacy with the sampler (recorder.cjs) in every
 * legacy process, and writes the merged shapes: per exported function of
 * legacy, the shapes of its arguments and of what it returns. The TypeScript
 * stage types parameters nothing else types from them (`molt migrate --samples`).
 * Exit code: 0 written, 1 the contract run failed (nothing written).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const DEFAULT_SAMPLES = path.join(REPO, 'codemods', 'samples', 'legacy.json');

export type Shape =
  | { t: 'string' | 'number' | 'boolean' | 'undefined' | 'null' | 'function' | 'unknown' }
  | { t: 'class'; name: string }
  | { t: 'array' | 'promise'; of: Shape[] }
  | { t: 'object'; props: Record<string, Shape[]>; optional: string[] };

export interface Site {
  calls: number;
  args: Shape[][];
  returns: Shape[];
}

/** "models/user.js#register" → what was seen */
export type Samples = Record<string, Site>;

const { add } = createRequire(import.meta.url)('./recorder.cjs') as { add: (union: Shape[], shape: Shape) => void };

/** Several processes' samples → one set (the shapes of a site are unions). */
export function mergeSamples(parts: Samples[]): Samples {
  const merged: Samples = {};
  for (const part of parts) {
    for (const [key, site] of Object.entries(part)) {
      const into = (merged[key] ??= { calls: 0, args: [], returns: [] });
      into.calls += site.calls;
      site.args.forEach((shapes, i) => {
        into.args[i] ??= [];
        for (const s of shapes ?? []) add(into.args[i]!, s);
      });
      for (const s of site.returns) add(into.returns, s);
    }
  }
  return Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
}

export function record(out: string, grep?: string): { sites: number; calls: number; contract: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'molt-samples-'));
  try {
    const args = [
      '--import',
      'tsx',
      path.join(REPO, 'harness/src/cli/contract.ts'),
      '--target=legacy',
      ...(grep ? ['--grep', grep] : []),
    ];
    const env: NodeJS.ProcessEnv = { ...process.env, MOLT_SAMPLES_DIR: dir };
    delete env.NODE_OPTIONS;
    const run = spawnSync(process.execPath, args, { cwd: REPO, env, encoding: 'utf8', maxBuffer: 64 << 20 });
    const totals = /^(\d+) passed, (\d+) failed.*$/m.exec(run.stdout)?.[0] ?? 'no totals';
    if (run.status !== 0)
      throw new Error(
        `molt record: the contract run on legacy failed (${totals}):\n${(run.stdout + run.stderr).slice(-3000)}`,
      );
    const parts = fs.readdirSync(dir).map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Samples);
    const samples = mergeSamples(parts);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    // one line per function: a new recording diffs function by function
    fs.writeFileSync(
      out,
      `{\n${Object.entries(samples)
        .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
        .join(',\n')}\n}\n`,
    );
    const calls = Object.values(samples).reduce((n, s) => n + s.calls, 0);
    return { sites: Object.keys(samples).length, calls, contract: totals };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
