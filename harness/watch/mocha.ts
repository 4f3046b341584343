import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ANSI, RESULT_LINE } from './scratch.js';
import type { Spare } from './spare.js';

export interface MochaOptions {
  root: string;
  files: string[];
  env: NodeJS.ProcessEnv;
  /** aborting kills mocha and everything it started (its process group) */
  signal?: AbortSignal;
  /** receives the output as it comes; omitted: the output is only kept */
  echo?: (chunk: string) => void;
  color?: boolean;
  /** a spare runner to run in (spare.ts); omitted: a new mocha process */
  spare?: Spare | null;
  /** called once, when the first test result line comes */
  onFirstResult?: () => void;
}

export interface MochaResult {
  code: number | null;
  /** "N passed, N failed, N skipped", or null when mocha did not get that far */
  totals: string | null;
  ms: number;
  cancelled: boolean;
  /** ms to the first test result line, null if none came */
  firstResultMs: number | null;
  /** the last part of the output */
  tail: string;
}

const TOTALS = /^\d+ passed, \d+ failed, \d+ skipped$/gm;
const KILL_GRACE_MS = 2000;
const live = new Set<number>();

export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

/** counts a process group among the runs killAllRuns ends; returns the undo */
function trackGroup(pid: number | undefined): () => void {
  if (pid === undefined) return () => {};
  live.add(pid);
  return () => live.delete(pid);
}

/** SIGKILLs every mocha process group still running (for the CLI's exit) */
export function killAllRuns(): void {
  for (const pid of live) killGroup(pid, 'SIGKILL');
}

export function lastTotals(output: string): string | null {
  const all = output.match(TOTALS);
  return all ? (all[all.length - 1] ?? null) : null;
}

/** one mocha run of `files`, in its own process group so a cancel reaches the services it started */
export function runMocha(o: MochaOptions): Promise<MochaResult> {
  const started = Date.now();
  if (o.signal?.aborted) return Promise.resolve({ code: null, totals: null, ms: 0, cancelled: true, firstResultMs: null, tail: '' });
  if (o.spare) {
    o.spare.send({ type: 'run', files: o.files, color: o.color });
    return supervise(o.spare.child, o, started);
  }
  const args = [
    path.join(o.root, 'node_modules', 'mocha', 'bin', 'mocha.js'),
    '--no-config', '--node-option', 'import=tsx',
    '--reporter', path.join(o.root, 'harness', 'src', 'mocha-totals-reporter.cjs'),
    '--timeout', '20000', '--exit',
    ...(o.color ? ['--color'] : []),
    ...o.files,
  ];
  const child = spawn(process.execPath, args, { cwd: o.root, env: o.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  return supervise(child, o, started);
}

/** echoes and keeps a run's output, kills its group on abort, and settles when it has exited */
function supervise(child: ChildProcess, o: MochaOptions, started: number): Promise<MochaResult> {
  const pid = child.pid;
  const untrack = trackGroup(pid);
  let tail = '';
  let firstResultMs: number | null = null;
  const onData = (chunk: Buffer): void => {
    const text = chunk.toString();
    o.echo?.(text);
    if (firstResultMs === null && text.split('\n').some((l) => RESULT_LINE.test(l.replace(ANSI, '')))) {
      firstResultMs = Date.now() - started;
      o.onFirstResult?.();
    }
    tail = (tail + text).slice(-20_000);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let cancelled = false;
  let forceKill: NodeJS.Timeout | null = null;
  const onAbort = (): void => {
    if (pid === undefined) return;
    cancelled = true;
    killGroup(pid, 'SIGTERM');
    forceKill = setTimeout(() => killGroup(pid, 'SIGKILL'), KILL_GRACE_MS);
  };
  o.signal?.addEventListener('abort', onAbort, { once: true });
  return new Promise((resolve) => {
    child.once('error', (err) => {
      tail += `\n[watch] could not start mocha: ${err.message}\n`;
    });
    child.once('close', (code) => {
      o.signal?.removeEventListener('abort', onAbort);
      if (forceKill) clearTimeout(forceKill);
      if (pid !== undefined) killGroup(pid, 'SIGKILL'); // stragglers of a cancelled or sloppy run
      untrack();
      resolve({ code, totals: lastTotals(tail), ms: Date.now() - started, cancelled, firstResultMs, tail });
    });
  });
}
