/**
 * What one idle connection costs a socket process once it is warm, by heap snapshot:
 *   npx tsx bench/load/heap-profile.ts [target] [clients per phase] [out dir]
 * Starts the target (legacy, migrated-source, migrated-cookie, bare) with inspectors, connects N clients
 * (phase A: also warms the process up: JIT code, lazily made state), then N more (phase B). After each
 * phase it waits SETTLE_MS (default 7000: the load balancer's idle keep-alive connections are gone by
 * then), reads the first socket process's live memory after a full GC and writes its heap snapshot.
 * Then prints B − A per socket.io Client object added: heapUsed, and V8 heap self size by constructor.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Generator } from './generator.js';
import { CdpSession, liveMemory } from './inspector.js';
import { startTarget, TARGET_NAMES, type TargetName } from './targets.js';
import { preparePopulation } from './users.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function snapshot(port: number, file: string): Promise<void> {
  const session = await CdpSession.open(port);
  const fd = fs.openSync(file, 'w');
  const off = session.on('HeapProfiler.addHeapSnapshotChunk', (p) => fs.writeSync(fd, p.chunk as string));
  try {
    await session.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false }, 300_000);
  } finally {
    off();
    fs.closeSync(fd);
    await session.close();
  }
}

interface Group {
  count: number;
  size: number;
}

/** V8 heap self size and count by node type and constructor name (native and synthetic nodes left out) */
export function byConstructor(file: string): Map<string, Group> {
  const snap = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [width, iType, iName, iSize] = [fields.length, fields.indexOf('type'), fields.indexOf('name'), fields.indexOf('self_size')];
  const out = new Map<string, Group>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + iType]!]!;
    if (type === 'native' || type === 'synthetic') continue;
    const named = ['object', 'closure', 'hidden', 'object shape'].includes(type);
    const key = `${type}:${named ? snap.strings[snap.nodes[i + iName]!]!.slice(0, 50) : ''}`;
    const g = out.get(key) ?? { count: 0, size: 0 };
    g.count += 1;
    g.size += snap.nodes[i + iSize]!;
    out.set(key, g);
  }
  return out;
}

async function main(): Promise<void> {
  const name = (process.argv[2] ?? 'migrated-source') as TargetName;
  if (!TARGET_NAMES.includes(name)) throw new Error(`target: one of ${TARGET_NAMES.join(', ')}`);
  const n = Number(process.argv[3] ?? 300);
  const outDir = path.resolve(process.argv[4] ?? path.join('bench', 'out', 'heap'));
  const settleMs = Number(process.env.SETTLE_MS ?? 7000);
  fs.mkdirSync(outDir, { recursive: true });
  const target = await startTarget(name);
  const generators: Generator[] = [];
  try {
    const specs = await preparePopulation(target.restUrl, { clients: 2 * n, roomSize: 10, addresses: 8 });
    const first = target.processes.find((p) => p.role === 'socket' && p.inspectPort);
    if (!first?.inspectPort) throw new Error(`${name}: no socket process with an inspector`);
    const heap: number[] = [];
    for (const [phase, clients] of [['A', specs.slice(0, n)], ['B', specs.slice(n)]] as const) {
      const generator = Generator.start(1);
      generators.push(generator);
      const connected = await generator.connect([{
        clientVersion: target.clientVersion, transports: ['polling', 'websocket'], withCredentials: target.withCredentials,
        socketUrl: target.socketUrl, restUrl: target.restUrl, connectRate: 100, connectTimeoutMs: 20_000, ackTimeoutMs: 10_000, clients,
      }], 120_000);
      await sleep(settleMs);
      const live = await liveMemory(first.inspectPort);
      heap.push(live.heapUsed + live.external);
      await snapshot(first.inspectPort, path.join(outDir, `${name}-${phase}.heapsnapshot`));
      console.log(`${phase}: ${connected.connected} connected in all; ${first.label} heapUsed ${(live.heapUsed / 2 ** 20).toFixed(1)} MB, external ${(live.external / 2 ** 20).toFixed(1)} MB`);
    }
    const a = byConstructor(path.join(outDir, `${name}-A.heapsnapshot`));
    const b = byConstructor(path.join(outDir, `${name}-B.heapsnapshot`));
    const added = (b.get('object:Client')?.count ?? 0) - (a.get('object:Client')?.count ?? 0);
    if (added <= 0) throw new Error(`${first.label} got no connection in phase B`);
    const rows = [...new Set([...a.keys(), ...b.keys()])].map((key) => ({
      key, count: (b.get(key)?.count ?? 0) - (a.get(key)?.count ?? 0), size: (b.get(key)?.size ?? 0) - (a.get(key)?.size ?? 0),
    })).sort((x, y) => y.size - x.size);
    const total = rows.reduce((s, r) => s + r.size, 0);
    console.log(`${name} ${first.label}: ${added} connections added in phase B; heapUsed+external ${((heap[1]! - heap[0]!) / 1024 / added).toFixed(2)} KB/conn, ` +
      `snapshot self size ${(total / 1024 / added).toFixed(2)} KB/conn`);
    for (const r of rows.slice(0, Number(process.env.TOP ?? 30))) {
      console.log(`${(r.size / added).toFixed(0).padStart(7)} B/conn ${(r.count / added).toFixed(2).padStart(7)}/conn  ${r.key}`);
    }
  } finally {
    for (const g of generators) await g.stop();
    await target.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
