/** The bench's options: defaults, the --quick preset and a check of every value. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { TARGET_NAMES, type TargetName } from './targets.js';

export interface LoadOptions {
  clients: number;
  /** clients opened per second */
  connectRate: number;
  roomSize: number;
  /** messages per second per client */
  rate: number;
  durationS: number;
  /** load-generator processes */
  workers: number;
  targets: TargetName[];
  transports: ('polling' | 'websocket')[];
  textBytes: number;
  /** loopback source addresses, 127.0.1.1 .. 127.0.1.N */
  addresses: number;
  ackTimeoutMs: number;
  connectTimeoutMs: number;
  maxInflight: number;
  outDir: string;
  quick: boolean;
}

const FULL: Omit<LoadOptions, 'outDir'> = {
  clients: 1000, connectRate: 200, roomSize: 10, rate: 1, durationS: 30, workers: 2,
  targets: [...TARGET_NAMES], transports: ['polling', 'websocket'], textBytes: 100, addresses: 50,
  ackTimeoutMs: 10_000, connectTimeoutMs: 20_000, maxInflight: 5, quick: false,
};

// small enough for npm test: legacy, migrated (balance source) and bare, a few seconds of traffic each
const QUICK: Partial<LoadOptions> = {
  clients: 40, connectRate: 20, durationS: 3, addresses: 8, ackTimeoutMs: 5000, connectTimeoutMs: 10_000, quick: true,
  targets: ['legacy', 'migrated-source', 'bare'],
};

export const USAGE = `npm run bench:load -- [--quick] [--clients N] [--connect-rate N] [--room-size N] [--rate MSG_PER_S]
  [--duration S] [--workers N] [--targets ${TARGET_NAMES.join(',')}] [--transports polling,websocket]
  [--text-bytes N] [--addresses N] [--ack-timeout MS] [--out DIR]`;

function bounded(name: string, raw: string | undefined, fallback: number, min: number, max: number, integer = true): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new Error(`--${name}: expected ${integer ? 'an integer' : 'a number'} in ${min}..${max}, got "${raw}"`);
  }
  return n;
}

function listOf<T extends string>(name: string, raw: string | undefined, allowed: readonly T[], fallback: T[]): T[] {
  if (raw === undefined) return fallback;
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = items.filter((s) => !allowed.includes(s as T));
  if (bad.length || items.length === 0) throw new Error(`--${name}: expected some of ${allowed.join(', ')}, got "${raw}"`);
  return [...new Set(items)] as T[];
}

export function parseOptions(argv: string[], defaultOutDir: string): LoadOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean' }, clients: { type: 'string' }, 'connect-rate': { type: 'string' }, 'room-size': { type: 'string' },
      rate: { type: 'string' }, duration: { type: 'string' }, workers: { type: 'string' }, targets: { type: 'string' },
      transports: { type: 'string' }, 'text-bytes': { type: 'string' }, addresses: { type: 'string' },
      'ack-timeout': { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) throw new Error(USAGE);
  const base = { ...FULL, ...(values.quick ? QUICK : {}) };
  const o: LoadOptions = {
    ...base,
    clients: bounded('clients', values.clients, base.clients, 1, 10_000),
    connectRate: bounded('connect-rate', values['connect-rate'], base.connectRate, 1, 2000),
    roomSize: bounded('room-size', values['room-size'], base.roomSize, 2, 100),
    // the test config's per-socket limit is 10 messages in 2 s: stay under it
    rate: bounded('rate', values.rate, base.rate, 0.01, 4, false),
    durationS: bounded('duration', values.duration, base.durationS, 1, 600),
    workers: bounded('workers', values.workers, base.workers, 1, 16),
    targets: listOf('targets', values.targets, TARGET_NAMES, base.targets),
    transports: listOf('transports', values.transports, ['polling', 'websocket'] as const, base.transports),
    textBytes: bounded('text-bytes', values['text-bytes'], base.textBytes, 32, 4000),
    addresses: bounded('addresses', values.addresses, base.addresses, 1, 254),
    ackTimeoutMs: bounded('ack-timeout', values['ack-timeout'], base.ackTimeoutMs, 100, 60_000),
    outDir: path.resolve(values.out ?? defaultOutDir),
  };
  if (o.targets.includes('migrated-cookie') && !o.transports.includes('polling')) {
    throw new Error('--transports: the cookie run needs polling first (HAProxy inserts parrot-sticky on a polling answer)');
  }
  return o;
}
