import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Child processes the harness started. Every one is killed when the harness
 * exits, however it exits, so a failing test never leaves servers behind.
 */
const children = new Set<ChildProcess>();

function killAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** everything it printed, stdout and stderr interleaved */
  output(): string;
  exited(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it is gone */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL at once (fault tests) */
  kill(): Promise<void>;
}

const MAX_OUTPUT = 200_000;

export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string },
): ManagedProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  const append = (chunk: Buffer): void => {
    out += chunk.toString();
    if (out.length > MAX_OUTPUT) out = out.slice(-MAX_OUTPUT);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const gone = new Promise<void>((resolve) => {
    child.once('exit', () => {
      children.delete(child);
      resolve();
    });
    child.once('error', (err) => {
      out += `\n[harness] could not start ${command}: ${err.message}\n`;
      children.delete(child);
      resolve();
    });
  });
  const exited = (): boolean => child.exitCode !== null || child.signalCode !== null || !children.has(child);
  return {
    name,
    child,
    output: () => out,
    exited,
    async stop(graceMs = 5000) {
      if (exited()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await gone;
      clearTimeout(timer);
    },
    async kill() {
      if (exited()) return;
      child.kill('SIGKILL');
      await gone;
    },
  };
}
