import net from 'node:net';
import { freePort, GiveUp, waitFor } from './ports.js';
import { startProcess, type ManagedProcess } from './processes.js';

export interface RedisHandle {
  host: string;
  port: number;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/**
 * Sends one inline command and resolves the reply: a status, error or integer
 * line as it came ("+PONG", ":3"), or the content of a bulk string.
 */
export function redisCommand(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    socket.setTimeout(2000, () => socket.destroy(new Error('redis did not answer')));
    socket.on('connect', () => socket.write(`${command}\r\n`));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      const end = reply.indexOf('\r\n');
      if (end === -1) return;
      const first = reply.slice(0, end);
      if (first.startsWith('$')) {
        const length = Number(first.slice(1));
        if (length < 0) {
          socket.end();
          resolve('');
          return;
        }
        const body = reply.slice(end + 2);
        if (Buffer.byteLength(body) < length + 2) return;
        socket.end();
        resolve(body.slice(0, body.length - 2));
        return;
      }
      socket.end();
      resolve(first);
    });
    socket.on('error', reject);
  });
}

export interface RedisOptions {
  /** a fixed port (a restart in a fault test); a free one otherwise */
  port?: number;
  /** persist to an append-only file in this dir, so a restart keeps the data; nothing is persisted otherwise */
  dir?: string;
}

/** A private redis-server on a loopback port. */
export async function startRedis(options: RedisOptions = {}): Promise<RedisHandle> {
  const port = options.port ?? (await freePort());
  const persistence = options.dir
    ? ['--dir', options.dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '']
    : ['--save', '', '--appendonly', 'no'];
  const proc = startProcess('redis', 'redis-server', [
    '--port', String(port),
    '--bind', '127.0.0.1',
    ...persistence,
    '--protected-mode', 'no',
  ], {});
  try {
    await waitFor(`redis-server on ${port}`, async () => {
      if (proc.exited()) throw new GiveUp(`redis-server exited: ${proc.output().slice(-500)}`);
      return (await redisCommand(port, 'PING')) === '+PONG';
    }, 10_000);
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { host: '127.0.0.1', port, process: proc, stop: () => proc.stop() };
}
