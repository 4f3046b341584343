import { findTests, harnessImportGraph, legacyRequireGraph } from './files.js';
import { coverageIndex, ensureMap, serviceChangedSince } from './map.js';
import { runMocha } from './mocha.js';
import { formatSelection, seconds } from './report.js';
import type { SparePool } from './spare.js';
import { needsCoverage, select, type CoverageIndex, type SelectionContext } from './select.js';

export interface SessionOptions {
  root: string;
  target: string;
  mapFile: string;
  dry: boolean;
  rebuildMap?: boolean;
  print: (line: string) => void;
  /** mocha's own output */
  echo: (chunk: string) => void;
  color?: boolean;
  /** only the contract files whose path contains one of these (mapping and selection) */
  only?: string[];
  /** runs go to its spare runner when it has one (see spare.ts); omitted: each run starts mocha cold */
  spares?: SparePool;
}

/** one change set → selection → mocha; resolves to an exit code (0: passed or nothing to run) */
export function createSession(o: SessionOptions): (changes: string[], signal?: AbortSignal) => Promise<number> {
  const targets = o.target.split(',').map((t) => t.trim()).filter(Boolean);
  let forceMap = o.rebuildMap ?? false;

  async function coverageFor(ctx: SelectionContext, signal?: AbortSignal): Promise<CoverageIndex | null> {
    const { map, rebuilt, ms } = await ensureMap({
      root: o.root, mapFile: o.mapFile, contract: ctx.tests.contract, harnessGraph: ctx.harnessGraph,
      signal, force: forceMap, log: (l) => o.print(`  ${l}`),
    });
    if (signal?.aborted) return null;
    forceMap = false;
    if (rebuilt.length) o.print(`coverage map: ${rebuilt.length} test files mapped in ${seconds(ms)} (${o.mapFile})`);
    const aged = serviceChangedSince(map, o.root);
    if (aged.length) o.print(`coverage map: ${aged.length} service files edited since it was built (--rebuild-map refreshes it)`);
    return coverageIndex(map);
  }

  return async (changes, signal) => {
    const started = Date.now();
    const tests = findTests(o.root);
    if (o.only?.length) tests.contract = tests.contract.filter((t) => o.only?.some((part) => t.includes(part)));
    const ctx: SelectionContext = {
      targets, tests, harnessGraph: harnessImportGraph(o.root), legacyGraph: legacyRequireGraph(o.root), coverage: null,
    };
    const needed = needsCoverage(changes, targets);
    if (needed || forceMap) {
      if (needed) o.print('a service file changed: reading the coverage map');
      ctx.coverage = await coverageFor(ctx, signal);
      if (signal?.aborted) return 0;
    }
    const sel = select(changes, ctx);
    const known = tests.contract.length + tests.unit.length + tests.codemods.length;
    for (const line of formatSelection(sel, known)) o.print(line);
    if (o.dry || sel.tests.length === 0) {
      o.print(`done in ${seconds(Date.now() - started)}${o.dry && sel.tests.length ? ' (dry: nothing run)' : ''}`);
      return 0;
    }
    const env = { ...process.env, TARGET: o.target };
    const spare = o.spares?.take();
    const asked = Date.now();
    const refill = (): void => o.spares?.refill();
    const run = await runMocha({ root: o.root, files: sel.tests, env, signal, echo: o.echo, color: o.color, spare, onFirstResult: refill });
    refill();
    if (run.cancelled) {
      o.print(`cancelled after ${seconds(Date.now() - started)}`);
      return 130;
    }
    const first = run.firstResultMs === null ? 'no test result' : `first result in ${seconds(asked - started + run.firstResultMs)}`;
    o.print(`${first}, ${spare ? `in the spare runner started ${seconds(asked - spare.startedAt)} before` : 'in a cold mocha process'}`);
    o.print(`${run.totals ?? `no totals (mocha exited with ${run.code})`} in ${seconds(Date.now() - started)}`);
    return run.code ?? 1;
  };
}
