import { spawn } from 'node:child_process';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** text written to the command's stdin; otherwise stdin is /dev/null */
  input?: string;
}

export class CommandFailed extends Error {
  constructor(
    readonly command: string,
    readonly code: number | null,
    readonly output: string,
  ) {
    super(`${command} failed (exit ${code}):\n${output.slice(-3000)}`);
    this.name = 'CommandFailed';
  }
}

/** Runs a command to its end and resolves its stdout; rejects with the tail of its output. */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let both = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk;
      both += chunk;
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      both += chunk;
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new CommandFailed([command, ...args].join(' '), code, both));
    });
  });
}

/** Whether `command` is on the PATH. */
export async function have(command: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${command}`]);
    return true;
  } catch {
    return false;
  }
}
