import { applyTreeRun, applyUnit, keepFor, parses } from './apply.js';
import { PASSES, UNITS } from './registry.js';
import { STAGES, type Diagnostic, type FileUnit, type StageName } from './unit.js';

export interface Selection {
  only?: string[];
  skip?: string[];
  runToStage?: StageName;
}

/** The units to run, in registry order, after --only / --skip / --run-to-stage. */
export function selectUnits(selection: Selection = {}): FileUnit[] {
  const known = new Set([...UNITS, ...PASSES].map((u) => u.name));
  for (const name of [...(selection.only ?? []), ...(selection.skip ?? [])]) {
    if (!known.has(name)) throw new Error(`molt: no unit named "${name}" (known: ${[...known].join(', ')})`);
  }
  const lastStage = selection.runToStage ? STAGES.indexOf(selection.runToStage) : STAGES.length - 1;
  if (lastStage < 0) throw new Error(`molt: no stage named "${selection.runToStage}" (stages: ${STAGES.join(', ')})`);
  return [...UNITS]
    .sort((a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage))
    .filter((u) => STAGES.indexOf(u.stage) <= lastStage)
    .filter((u) => !selection.only?.length || selection.only.includes(u.name))
    .filter((u) => !selection.skip?.includes(u.name));
}

export interface UnitCount {
  rewritten: number;
  changed: boolean;
}

export interface FileResult {
  file: string;
  /** failed: could not be parsed, copied unchanged; removed / added: replaced by / written by a project pass */
  status: 'changed' | 'unchanged' | 'failed' | 'removed' | 'added';
  source: string;
  units: Record<string, UnitCount>;
  diagnostics: Diagnostic[];
}

/** Is the project pass `name` part of this selection? */
export function passSelected(name: string, selection: Selection = {}): boolean {
  const pass = PASSES.find((p) => p.name === name);
  if (!pass) return false;
  if (selection.runToStage && STAGES.indexOf(selection.runToStage) < STAGES.indexOf(pass.stage)) return false;
  if (selection.only?.length && !selection.only.includes(name)) return false;
  return !selection.skip?.includes(name);
}

/** The units cut into runs: each maximal stretch of tree units together, each text unit alone. */
function treeRuns(units: FileUnit[]): FileUnit[][] {
  const runs: FileUnit[][] = [];
  for (const unit of units) {
    const last = runs.at(-1);
    if (unit.edits === 'tree' && last?.[0]?.edits === 'tree') last.push(unit);
    else runs.push([unit]);
  }
  return runs;
}

/**
 * Runs the units on one file, in order; each unit sees the previous one's output.
 * `shareTrees: false` prints and parses again after every unit (the reference
 * the shared-tree runs are tested against).
 */
export function migrateSource(file: string, source: string, units: FileUnit[], { shareTrees = true } = {}): FileResult {
  const runs = shareTrees ? treeRuns(units) : units.map((u) => [u]);
  const parseError = parses(source, keepFor(units[0]));
  if (parseError) {
    const message = `cannot parse: ${parseError.split('\n')[0]}`;
    return { file, status: 'failed', source, units: {}, diagnostics: [{ code: 'MOLT001', unit: 'parse', file, line: 0, message }] };
  }
  let current = source;
  const counts: Record<string, UnitCount> = {};
  const diagnostics: Diagnostic[] = [];
  runs.forEach((run, r) => {
    const after = keepFor(runs[r + 1]?.[0]);
    const together = run.length > 1 ? applyTreeRun(run, file, current, after) : null;
    const outcomes = together?.units ?? run.map((unit, i) => {
      const outcome = applyUnit(unit, file, current, i + 1 < run.length ? keepFor(run[i + 1]) : after);
      current = outcome.source;
      return outcome;
    });
    run.forEach((unit, i) => {
      const outcome = outcomes[i]!;
      counts[unit.name] = { rewritten: outcome.rewritten, changed: outcome.changed };
      diagnostics.push(...outcome.diagnostics);
    });
    if (together) current = together.source;
  });
  return { file, status: current === source ? 'unchanged' : 'changed', source: current, units: counts, diagnostics };
}
