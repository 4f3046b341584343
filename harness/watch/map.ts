import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCoverageDir, touchedFiles } from './coverage.js';
import { listFiles } from './files.js';
import { fingerprints, unchanged, type Fingerprint } from './fingerprint.js';
import { dependencies, type Graph } from './graph.js';
import { runMocha } from './mocha.js';
import type { CoverageIndex } from './select.js';

/** what one contract file made the legacy service run */
export interface MapEntry {
  /** the test file and every harness file it imports, as they were when mapped */
  inputs: Record<string, Fingerprint>;
  ran: string[];
  loaded: string[];
  totals: string | null;
  ok: boolean;
  ms: number;
  builtAt: string;
}

export interface WatchMap {
  version: 1;
  entries: Record<string, MapEntry>;
  /** legacy files as they were at the last mapping (for "changed since" reports) */
  service: Record<string, Fingerprint>;
}

const empty = (): WatchMap => ({ version: 1, entries: {}, service: {} });

export function loadMap(file: string): WatchMap {
  try {
    const map = JSON.parse(fs.readFileSync(file, 'utf8')) as WatchMap;
    return map.version === 1 && map.entries ? map : empty();
  } catch {
    return empty();
  }
}

export function saveMap(file: string, map: WatchMap): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(map, null, 1));
  fs.renameSync(tmp, file);
}

const inputsOf = (test: string, graph: Graph): string[] => [test, ...dependencies(graph, test)];

/** contract files with no entry, or whose test-side inputs changed since they were mapped */
export function staleTests(map: WatchMap, root: string, contract: string[], graph: Graph): string[] {
  return contract.filter((test) => {
    const entry = map.entries[test];
    if (!entry) return true;
    const now = inputsOf(test, graph);
    if (now.length !== Object.keys(entry.inputs).length) return true;
    return now.some((f) => !entry.inputs[f] || !unchanged(root, f, entry.inputs[f]));
  });
}

/** legacy file → the contract files during which its functions ran */
export function coverageIndex(map: WatchMap): CoverageIndex {
  const index: CoverageIndex = {};
  for (const [test, entry] of Object.entries(map.entries)) for (const f of entry.ran) (index[f] ??= []).push(test);
  for (const tests of Object.values(index)) tests.sort();
  return index;
}

/** legacy files edited since the last mapping (the map still describes them as they were) */
export function serviceChangedSince(map: WatchMap, root: string): string[] {
  return Object.entries(map.service).filter(([f, fp]) => !unchanged(root, f, fp)).map(([f]) => f);
}

/** runs one contract file against legacy with NODE_V8_COVERAGE set for the services it starts */
export async function mapOne(root: string, test: string, graph: Graph, signal?: AbortSignal): Promise<MapEntry | null> {
  const covDir = fs.mkdtempSync(path.join(os.tmpdir(), 'watch-cov-'));
  try {
    // the launcher's baseEnv copies process.env to the service: the variable reaches legacy from here
    const env = { ...process.env, TARGET: 'legacy', NODE_V8_COVERAGE: covDir };
    const inputs = fingerprints(root, inputsOf(test, graph)); // before the run: an edit during it makes the entry stale
    const run = await runMocha({ root, files: [test], env, signal });
    if (run.cancelled) return null;
    const touched = touchedFiles(readCoverageDir(covDir), root, 'legacy');
    return {
      inputs,
      ...touched,
      totals: run.totals,
      ok: run.code === 0,
      ms: run.ms,
      builtAt: new Date().toISOString(),
    };
  } finally {
    fs.rmSync(covDir, { recursive: true, force: true });
  }
}

export interface EnsureOptions {
  root: string;
  mapFile: string;
  contract: string[];
  harnessGraph: Graph;
  signal?: AbortSignal;
  /** mocha runs at once while mapping */
  concurrency?: number;
  force?: boolean;
  log?: (line: string) => void;
}

/** the cached map, with missing or stale entries (re)built first; each finished entry is saved at once */
export async function ensureMap(o: EnsureOptions): Promise<{ map: WatchMap; rebuilt: string[]; ms: number }> {
  const started = Date.now();
  const map = o.force ? empty() : loadMap(o.mapFile);
  for (const test of Object.keys(map.entries)) if (!fs.existsSync(path.join(o.root, test))) delete map.entries[test];
  const todo = staleTests(map, o.root, o.contract, o.harnessGraph);
  const queue = [...todo];
  const rebuilt: string[] = [];
  const serviceNow = fingerprints(o.root, listFiles(o.root, 'legacy', (f) => f.endsWith('.js')));
  const worker = async (): Promise<void> => {
    for (let test = queue.shift(); test && !o.signal?.aborted; test = queue.shift()) {
      const entry = await mapOne(o.root, test, o.harnessGraph, o.signal);
      if (!entry) return;
      map.entries[test] = entry;
      rebuilt.push(test);
      saveMap(o.mapFile, map);
      const warn = entry.ok ? '' : ` (it failed: ${entry.totals ?? 'no totals'}; the map may miss some files)`;
      o.log?.(`mapped ${test} in ${(entry.ms / 1000).toFixed(1)} s: ran code in ${entry.ran.length} service files${warn}`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 2) }, worker));
  if (rebuilt.length && (rebuilt.length === o.contract.length || !Object.keys(map.service).length)) {
    // the whole map now describes the service as it is: "edited since" counts from here
    map.service = serviceNow;
    saveMap(o.mapFile, map);
  }
  return { map, rebuilt: rebuilt.sort(), ms: Date.now() - started };
}
