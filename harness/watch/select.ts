import { dependents, type Graph } from './graph.js';
import type { TestFiles } from './files.js';
import { isFullRunTrigger, isTestFile } from './paths.js';

/** legacy file → the contract files during which the service ran its functions */
export type CoverageIndex = Record<string, string[]>;

export interface SelectionContext {
  /** the TARGET list, e.g. ['legacy'] */
  targets: string[];
  tests: TestFiles;
  harnessGraph: Graph;
  legacyGraph: Graph;
  /** null when no coverage map is available */
  coverage: CoverageIndex | null;
}

export interface Selection {
  changed: string[];
  /** sorted test files to run */
  tests: string[];
  /** test file → why it was picked */
  reasons: Record<string, string[]>;
  /** changes that picked nothing, and why */
  notes: string[];
  full: boolean;
}

type Kind = 'full' | 'test' | 'harness' | 'legacy' | 'migrated' | 'codemods' | 'doc' | 'other';

export function classify(rel: string): Kind {
  if (isFullRunTrigger(rel)) return 'full';
  if (/\.(md|txt)$/i.test(rel)) return 'doc';
  if (isTestFile(rel)) return 'test';
  const top = rel.split('/')[0];
  if (top === 'harness') return 'harness';
  if (top === 'legacy' || top === 'migrated' || top === 'codemods') return top;
  return 'other';
}

/** does selecting for these changes need the legacy coverage map? */
export function needsCoverage(changes: string[], targets: string[]): boolean {
  if (!targets.includes('legacy') || changes.some((c) => classify(c) === 'full')) return false;
  return changes.some((c) => classify(c) === 'legacy');
}

const allTests = (t: TestFiles): string[] => [...t.contract, ...t.unit, ...t.codemods];

/** which tests to run for a set of changed repo-relative files, and why: pure */
export function select(changes: string[], ctx: SelectionContext): Selection {
  const changed = [...new Set(changes)].sort();
  const reasons: Record<string, string[]> = {};
  const notes: string[] = [];
  const pick = (test: string, why: string): void => {
    (reasons[test] ??= []).push(why);
  };

  const fullBy = changed.filter((c) => classify(c) === 'full');
  if (fullBy.length) {
    for (const t of allTests(ctx.tests)) pick(t, `full run: ${fullBy.join(', ')} changed`);
    return { changed, tests: Object.keys(reasons).sort(), reasons, notes, full: true };
  }
  for (const rel of changed) {
    const note = selectOne(rel, ctx, pick);
    if (note) notes.push(`${rel}: ${note}`);
  }
  return { changed, tests: Object.keys(reasons).sort(), reasons, notes, full: false };
}

type Pick = (test: string, why: string) => void;

/** picks the tests for one change; returns a note when it picks none */
function selectOne(rel: string, ctx: SelectionContext, pick: Pick): string | null {
  switch (classify(rel)) {
    case 'test':
      if (!allTests(ctx.tests).includes(rel)) return 'not a test file the watcher knows (removed?), nothing to run';
      pick(rel, `${rel} changed`);
      return null;
    case 'harness':
      return selectHarness(rel, ctx, pick);
    case 'legacy':
      if (!ctx.targets.includes('legacy')) return `service file of legacy; target is ${ctx.targets.join(',')}`;
      return selectLegacy(rel, ctx, pick);
    case 'migrated':
      if (!ctx.targets.includes('migrated')) return `service file of migrated; target is ${ctx.targets.join(',')}`;
      for (const t of ctx.tests.contract) pick(t, `${rel} changed (migrated has no coverage map: every contract file)`);
      return null;
    case 'codemods':
      if (!ctx.tests.codemods.length) return 'molt has no tests yet (codemods/ has no *.test.ts)';
      for (const t of ctx.tests.codemods) pick(t, `${rel} changed (codemods tests)`);
      return null;
    case 'doc':
      return 'documentation, nothing to run';
    default:
      return 'not watched code, nothing to run';
  }
}

function selectHarness(rel: string, ctx: SelectionContext, pick: Pick): string | null {
  if (!/\.(ts|mts|cts)$/.test(rel)) return 'not TypeScript, nothing imports it';
  const known = new Set([...ctx.tests.contract, ...ctx.tests.unit]);
  const users = dependents(ctx.harnessGraph, rel).filter((f) => known.has(f));
  for (const t of users) {
    const direct = (ctx.harnessGraph[t] ?? []).includes(rel);
    pick(t, `imports ${rel}${direct ? '' : ' (transitively)'}`);
  }
  return users.length ? null : 'no test file imports it';
}

function selectLegacy(rel: string, ctx: SelectionContext, pick: Pick): string | null {
  const contract = new Set(ctx.tests.contract);
  const covered = (file: string): string[] => (ctx.coverage?.[file] ?? []).filter((t) => contract.has(t));
  const direct = covered(rel);
  if (direct.length) {
    for (const t of direct) pick(t, `${rel}: its functions ran during this file (coverage map)`);
    return null;
  }
  const via = new Map<string, string[]>();
  for (const importer of dependents(ctx.legacyGraph, rel)) {
    for (const t of covered(importer)) via.set(t, [...(via.get(t) ?? []), importer]);
  }
  const why = ctx.coverage ? 'not in the coverage map' : 'no coverage map';
  for (const [t, importers] of via) {
    const shown = importers.slice(0, 3).join(', ') + (importers.length > 3 ? `, +${importers.length - 3}` : '');
    pick(t, `${rel}: ${why}; required (transitively) by ${shown}, which ran here`);
  }
  if (via.size) return null;
  for (const t of ctx.tests.contract) pick(t, `${rel}: ${why} and no mapped file requires it: every contract file`);
  return null;
}
