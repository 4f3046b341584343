import net from 'node:net';
import { freePort, GiveUp, waitFor } from './ports.js';
import { startProcess, type ManagedProcess } from './processes.js';

export interface RedisHandle {
  host: string;
  port: number;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/** Sends one inline command and resolves the first reply line. */
export function redisCommand(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    socket.setTimeout(2000, () => socket.destroy(new Error('redis did not answer')));
    socket.on('connect', () => socket.write(`${command}\r\n`));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) {
        socket.end();
        resolve(reply.split('\r\n')[0] ?? '');
      }
    });
    socket.on('error', reject);
  });
}

/** A private redis-server on a free loopback port, nothing persisted. */
export async function startRedis(): Promise<RedisHandle> {
  const port = await freePort();
  const proc = startProcess('redis', 'redis-server', [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--save', '',
    '--appendonly', 'no',
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
