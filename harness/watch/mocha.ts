import { spawn } from 'node:child_process';
import path from 'node:path';

export interface MochaOptions {
  root: string;
  files: string[];
  env: NodeJS.ProcessEnv;
  /** aborting kills mocha and everything it started (its process group) */
  signal?: AbortSignal;
  /** receives the output as it comes; omitted: the output is only kept */
  echo?: (chunk: string) => void;
  color?: boolean;
}

export interface MochaResult {
  code: number | null;
  /** "N passed, N failed, N skipped", or null when mocha did not get that far */
  totals: string | null;
  ms: number;
  cancelled: boolean;
  /** the last part of the output */
  tail: string;
}

const TOTALS = /^\d+ passed, \d+ failed, \d+ skipped$/gm;
const KILL_GRACE_MS = 2000;
const live = new Set<number>();

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
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
  const args = [
    path.join(o.root, 'node_modules', 'mocha', 'bin', 'mocha.js'),
    '--no-config', '--node-option', 'import=tsx',
    '--reporter', path.join(o.root, 'harness', 'src', 'mocha-totals-reporter.cjs'),
    '--timeout', '20000', '--exit',
    ...(o.color ? ['--color'] : []),
    ...o.files,
  ];
  if (o.signal?.aborted) return Promise.resolve({ code: null, totals: null, ms: 0, cancelled: true, tail: '' });
  const child = spawn(process.execPath, args, { cwd: o.root, env: o.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid !== undefined) live.add(pid);
  let tail = '';
  const onData = (chunk: Buffer): void => {
    const text = chunk.toString();
    o.echo?.(text);
    tail = (tail + text).slice(-20_000);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
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
      if (pid !== undefined) {
        killGroup(pid, 'SIGKILL'); // stragglers of a cancelled or sloppy run
        live.delete(pid);
      }
      resolve({ code, totals: lastTotals(tail), ms: Date.now() - started, cancelled, tail });
    });
  });
}
