/**
 * The coordinator's side of the load generator: forks N client processes (one event loop each,
 * so the generator is not one loop's worth of CPU), hands each its share of the clients and moves
 * them through the phases together, merging what they measured. Every child is killed when the
 * bench exits, however it exits.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { emptyHistogram, merge } from './histogram.js';
import type { ClientSetup, ConnectResult, Counts, FromClients, JoinResult, ToClients, TrafficPlan, TrafficResult } from './protocol.js';

const CLIENT_PROCESS = path.join(import.meta.dirname, 'client-process.ts');
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

type Reply<K extends FromClients['type']> = Extract<FromClients, { type: K }>;

export function addCounts(into: Counts, from: Counts): Counts {
  for (const [code, n] of Object.entries(from)) into[code] = (into[code] ?? 0) + n;
  return into;
}

function addSeries(into: number[], from: number[]): void {
  from.forEach((n, i) => {
    into[i] = (into[i] ?? 0) + (n ?? 0);
  });
}

export class Generator {
  private constructor(private readonly procs: ChildProcess[]) {}

  static start(processes: number): Generator {
    const procs = Array.from({ length: processes }, () => {
      // the tsx loader runs the TypeScript child; the bench's own NODE_OPTIONS stay out
      const child = fork(CLIENT_PROCESS, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      children.add(child);
      child.once('exit', () => children.delete(child));
      return child;
    });
    return new Generator(procs);
  }

  pids(): number[] {
    return this.procs.map((p) => p.pid).filter((pid): pid is number => pid !== undefined);
  }

  /** sends each child its message and resolves every child's reply of `type`, failing after timeoutMs */
  private exchange<K extends FromClients['type']>(messages: ToClients[], type: K, timeoutMs: number): Promise<Reply<K>[]> {
    return Promise.all(
      this.procs.map(
        (child, i) =>
          new Promise<Reply<K>>((resolve, reject) => {
            const timer = setTimeout(() => finish(new Error(`client process ${i + 1}: no ${type} within ${timeoutMs} ms`)), timeoutMs);
            const onMessage = (m: FromClients): void => {
              if (m.type === 'fatal') finish(new Error(`client process ${i + 1} failed: ${m.message}`));
              else if (m.type === type) finish(null, m as Reply<K>);
            };
            const onExit = (code: number | null): void => finish(new Error(`client process ${i + 1} exited (${code}) before ${type}`));
            function finish(err: Error | null, reply?: Reply<K>): void {
              clearTimeout(timer);
              child.off('message', onMessage);
              child.off('exit', onExit);
              if (err) reject(err);
              else resolve(reply!);
            }
            child.on('message', onMessage);
            child.on('exit', onExit);
            child.send(messages[i]!);
          }),
      ),
    );
  }

  async connect(setups: ClientSetup[], timeoutMs: number): Promise<ConnectResult> {
    const replies = await this.exchange(setups.map((setup) => ({ type: 'connect', setup })), 'connected', timeoutMs);
    const total: ConnectResult = { connected: 0, errors: {}, connectMs: emptyHistogram(), lookupMs: emptyHistogram(), perServer: {} };
    for (const { result } of replies) {
      total.connected += result.connected;
      addCounts(total.errors, result.errors);
      addCounts(total.perServer, result.perServer);
      merge(total.connectMs, result.connectMs);
      merge(total.lookupMs, result.lookupMs);
    }
    return total;
  }

  async join(timeoutMs: number): Promise<JoinResult> {
    const replies = await this.exchange(this.procs.map(() => ({ type: 'join' })), 'joined', timeoutMs);
    const total: JoinResult = { joined: 0, errors: {}, joinMs: emptyHistogram() };
    for (const { result } of replies) {
      total.joined += result.joined;
      addCounts(total.errors, result.errors);
      merge(total.joinMs, result.joinMs);
    }
    return total;
  }

  async traffic(plan: TrafficPlan, timeoutMs: number): Promise<TrafficResult> {
    const replies = await this.exchange(this.procs.map(() => ({ type: 'traffic', plan })), 'trafficDone', timeoutMs);
    const total: TrafficResult = {
      sent: 0, acked: 0, errors: {}, skipped: 0, lateAcks: 0, delivered: 0, disconnects: 0, goneAtStart: 0,
      ackMs: emptyHistogram(), fanoutMs: emptyHistogram(), timeline: { sent: [], acked: [], delivered: [] },
    };
    for (const { result: r } of replies) {
      for (const key of ['sent', 'acked', 'skipped', 'lateAcks', 'delivered', 'disconnects', 'goneAtStart'] as const) total[key] += r[key];
      addCounts(total.errors, r.errors);
      merge(total.ackMs, r.ackMs);
      merge(total.fanoutMs, r.fanoutMs);
      for (const key of ['sent', 'acked', 'delivered'] as const) addSeries(total.timeline[key], r.timeline[key]);
    }
    return total;
  }

  /** closes every client, then ends the processes (killed when they do not go within a few seconds) */
  async stop(): Promise<void> {
    await this.exchange(this.procs.map(() => ({ type: 'close' })), 'closed', 10_000).catch(() => undefined);
    await Promise.all(
      this.procs.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            if (child.connected) child.disconnect();
            else child.kill('SIGKILL');
          }),
      ),
    );
  }
}
