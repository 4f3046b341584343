/**
 * A scratch copy of the repo for driving the watcher end to end (bench.ts, the
 * watch e2e test), and a child process whose output lines are kept with the
 * time each arrived.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/** what is copied: the service, the harness and the root configs mocha / tsx read */
const COPIED = ['legacy', 'harness', 'package.json', 'tsconfig.json', '.mocharc.cjs'];
/** never copied: installs (symlinked instead), runtime data, bench output */
const SKIPPED = new Set(['node_modules', '.tmp', 'data', 'data-test', 'out', 'coverage']);

export interface Scratch {
  dir: string;
  remove(): void;
}

export function makeScratchCopy(root: string, prefix = 'watch-scratch-'): Scratch {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const entry of COPIED) {
    const src = path.join(root, entry);
    if (!fs.existsSync(src)) continue;
    fs.cpSync(src, path.join(dir, entry), {
      recursive: true,
      filter: (s) => s === src || !SKIPPED.has(path.basename(s)),
    });
    const nodeModules = path.join(src, 'node_modules');
    if (fs.statSync(src).isDirectory() && fs.existsSync(nodeModules)) {
      fs.symlinkSync(nodeModules, path.join(dir, entry, 'node_modules'), 'dir');
    }
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface Line {
  /** performance.now() when it arrived */
  t: number;
  text: string;
}

export const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

/** a child in its own process group; stdout and stderr split into timestamped lines */
export class Proc {
  readonly lines: Line[] = [];
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  private partial = '';
  private waiters = new Set<() => void>();

  constructor(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; echo?: (line: string) => void }) {
    this.child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const onData = (chunk: Buffer): void => {
      const t = performance.now();
      const parts = (this.partial + chunk.toString()).split('\n');
      this.partial = parts.pop() ?? '';
      for (const raw of parts) {
        const text = raw.replace(ANSI, '').replace(/\r$/, '');
        this.lines.push({ t, text });
        options.echo?.(text);
      }
      for (const wake of this.waiters) wake();
    };
    this.child.stdout?.on('data', onData);
    this.child.stderr?.on('data', onData);
    this.exited = new Promise((resolve) => {
      this.child.once('close', (code) => {
        for (const wake of this.waiters) wake();
        resolve(code);
      });
      this.child.once('error', () => resolve(null));
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** the first line at index >= `from` matching `re`, waiting up to `timeoutMs` for it */
  async waitFor(re: RegExp, from: number, timeoutMs: number): Promise<Line & { index: number }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (let i = from; i < this.lines.length; i++) {
        const line = this.lines[i] as Line;
        if (re.test(line.text)) return { ...line, index: i };
      }
      const left = deadline - Date.now();
      if (left <= 0 || !this.running) {
        const tail = this.lines.slice(-30).map((l) => l.text).join('\n');
        throw new Error(`${left <= 0 ? 'timed out' : 'process exited'} waiting for ${re}; last output:\n${tail}`);
      }
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(left, 1000));
        this.waiters.add(wake);
      });
    }
  }

  text(from = 0): string {
    return this.lines.slice(from).map((l) => l.text).join('\n');
  }

  /** SIGTERM to the group, SIGKILL after `graceMs` if anything of it still runs */
  async stop(graceMs = 5000): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined) return;
    const signalGroup = (signal: NodeJS.Signals): void => {
      try {
        process.kill(-pid, signal);
      } catch {
        // gone already
      }
    };
    if (this.running) {
      signalGroup('SIGTERM');
      await Promise.race([this.exited, new Promise((r) => setTimeout(r, graceMs))]);
    }
    signalGroup('SIGKILL');
    await Promise.race([this.exited, new Promise((r) => setTimeout(r, 1000))]);
  }
}

/** the environment for children that load tsx themselves */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.NODE_OPTIONS;
  delete env.NODE_V8_COVERAGE;
  return env;
}

/** a mocha test result line of the spec reporter: pass, failure or pending */
export const RESULT_LINE = /^\s+(✔|✓|√|\d+\) |- )/;
/** the closing line of harness/src/mocha-totals-reporter.cjs */
export const TOTALS_LINE = /^\d+ passed, \d+ failed, \d+ skipped$/;

/** running, and not a zombie waiting for a reaper */
export function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = fs.existsSync(`/proc/${pid}/stat`) ? fs.readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/^\d+ \(.*\) Z/.test(stat);
}
