/**
 * One spare runner (runner.ts) kept started ahead of the next save, so a run skips node + tsx + mocha +
 * support modules + the legacy launch. take() hands it to a run; refill() starts the next one, which the
 * session does once the run has its first result: started at once, its boot competed for the CPU with the
 * service relaunch the first result waits for (on 2 busy cores, first results came twice as late).
 * changed() is called for every file event, before the debounce: a change to what the spare has loaded
 * (harness code, configs) replaces it; a legacy change makes it relaunch its service right away.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { killGroup } from './mocha.js';
import { classify } from './select.js';

export interface RunRequest {
  type: 'run';
  /** repo-relative or absolute test files */
  files: string[];
  color?: boolean;
}

/** parent → spare: run, relaunch; spare → parent: ready */
export type SpareMessage = RunRequest | { type: 'relaunch' } | { type: 'ready' };

export class Spare {
  readonly child: ChildProcess;
  /** Date.now() when it was spawned */
  readonly startedAt = Date.now();
  /** true once it has loaded everything; false if it exited first */
  readonly ready: Promise<boolean>;
  private queue: SpareMessage[] | null = [];

  constructor(root: string, env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'harness', 'watch', 'runner.ts')], {
      cwd: root,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.ready = new Promise((resolve) => {
      this.child.on('message', (msg: SpareMessage) => {
        if (msg.type !== 'ready' || !this.queue) return;
        for (const m of this.queue) this.child.send(m);
        this.queue = null;
        resolve(true);
      });
      // a spare also exits when the watcher goes (its IPC channel closes)
      this.child.once('exit', () => resolve(false));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** sent once it is ready */
  send(msg: SpareMessage): void {
    if (this.queue) this.queue.push(msg);
    else if (this.child.connected) this.child.send(msg);
  }

  /** SIGTERM first: the runner's exit hook removes its services' data dirs; SIGKILL if it lingers */
  kill(): void {
    const pid = this.child.pid;
    if (pid === undefined || this.exited) return;
    killGroup(pid, 'SIGTERM');
    setTimeout(() => killGroup(pid, 'SIGKILL'), 2000).unref();
  }
}

export class SparePool {
  private spare: Spare | null;

  constructor(private readonly options: { root: string; env: NodeJS.ProcessEnv }) {
    this.spare = this.start();
  }

  /** the spare now waiting (for tests and logs) */
  get current(): Spare | null {
    return this.spare;
  }

  changed(rel: string): void {
    const kind = classify(rel);
    if ((kind === 'full' || kind === 'harness') && this.spare) {
      this.spare.kill();
      this.spare = this.start();
    } else if (kind === 'legacy') {
      this.spare?.send({ type: 'relaunch' });
    }
  }

  /** the spare for one run: the waiting one, or a new one when there is none or it died */
  take(): Spare {
    const taken = this.spare && !this.spare.exited ? this.spare : this.start();
    this.spare = null;
    return taken;
  }

  /** starts the next spare unless one waits */
  refill(): void {
    this.spare ??= this.start();
  }

  close(): void {
    this.spare?.kill();
    this.spare = null;
  }

  private start(): Spare {
    const spare = new Spare(this.options.root, this.options.env);
    spare.child.once('error', () => {}); // a spawn failure shows as exited; the run goes cold
    return spare;
  }
}
