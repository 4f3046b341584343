import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { diffLines } from 'diff';
import { migrateSource } from '../pipeline.js';
import { findUnit } from '../registry.js';
import { census, type Census } from './census.js';
import { check, type CheckResult } from './check.js';
import { findRule } from './rules.js';
import { loadState, saveState, STATE_FILE, type NibbleState, type Step } from './state.js';

export interface StepOptions {
  dir: string;
  rule: string;
  commit: boolean;
  only?: string[];
  testCmd?: string;
  log: (line: string) => void;
}

export interface FileChange {
  file: string;
  added: number;
  removed: number;
}

export interface StepResult {
  step: Step;
  changes: FileChange[];
  /** sites the unit declined, by diagnostic code */
  declined: Record<string, number>;
  check: CheckResult | null;
  census: Census;
}

function lineCounts(before: string, after: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const part of diffLines(before, after)) {
    if (part.added) added += part.count ?? 0;
    if (part.removed) removed += part.count ?? 0;
  }
  return { added, removed };
}

const git = (dir: string, args: string[]): string => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();

/**
 * One nibble: the rule's unit on the files with its sites, then the check. The change is
 * kept only when the check passes; otherwise every file gets its exact bytes back.
 */
export async function nibbleStep(o: StepOptions): Promise<StepResult> {
  const dir = path.resolve(o.dir);
  const rule = findRule(o.rule);
  if (!rule) throw new Error(`no rule named "${o.rule}" in the nibble rule set`);
  if (!rule.unit) throw new Error(`no molt unit fixes ${rule.name} yet: fix its sites by hand`);
  const unit = findUnit(rule.unit);
  const before = await census(dir);
  const row = before.rows.find((r) => r.rule === rule.name);
  const state: NibbleState = loadState(dir) ?? {
    version: 1,
    baseline: { at: new Date().toISOString(), total: before.total, byRule: Object.fromEntries(before.rows.map((r) => [r.rule, r.sites])) },
    steps: [],
  };
  o.log(`${rule.name}: ${row?.sites ?? 0} sites in ${row?.files.length ?? 0} files; applying ${unit.name} (${unit.safety})`);

  const originals = new Map<string, Buffer>();
  const changes: FileChange[] = [];
  const declined: Record<string, number> = {};
  for (const file of row?.files ?? []) {
    const full = path.join(dir, file);
    const bytes = fs.readFileSync(full);
    const source = bytes.toString('utf8');
    // units get absolute paths: cjs-to-esm reads the modules a file requires
    const result = migrateSource(full, source, [unit]);
    for (const d of result.diagnostics) declined[d.code] = (declined[d.code] ?? 0) + 1;
    if (result.source === source) continue;
    originals.set(file, bytes);
    fs.writeFileSync(full, result.source);
    changes.push({ file, ...lineCounts(source, result.source) });
  }
  const added = changes.reduce((n, c) => n + c.added, 0);
  const removed = changes.reduce((n, c) => n + c.removed, 0);
  o.log(`${unit.name}: ${changes.length} files changed, +${added} -${removed} lines`);
  for (const c of changes) o.log(`  ${c.file}  +${c.added} -${c.removed}`);

  const after = await census(dir);
  const sitesAfter = after.rows.find((r) => r.rule === rule.name)?.sites ?? 0;
  o.log(`${rule.name}: ${row?.sites ?? 0} → ${sitesAfter} sites (all rules: ${before.total} → ${after.total})`);

  const result = changes.length ? await check({ dir, changed: changes.map((c) => c.file), only: o.only, testCmd: o.testCmd, log: o.log }) : null;
  const kept = result?.ok ?? false;
  if (!kept) for (const [file, bytes] of originals) fs.writeFileSync(path.join(dir, file), bytes);
  if (result) o.log(result.ok ? `check passed${result.totals ? ` (${result.totals})` : ''}: change kept` : `check failed: ${result.failed.join('; ')}; files restored`);

  const step: Step = {
    at: new Date().toISOString(),
    rule: rule.name,
    unit: unit.name,
    files: changes.map((c) => c.file),
    added,
    removed,
    before: row?.sites ?? 0,
    after: kept ? sitesAfter : (row?.sites ?? 0),
    total: kept ? after.total : before.total,
    kept,
    ...(result && !result.ok ? { failed: result.failed } : {}),
  };
  if (changes.length) {
    state.steps.push(step);
    saveState(dir, state);
  }
  if (kept && o.commit) {
    const message = `molt nibble: ${rule.name} ${step.before} → ${step.after} sites (${unit.name}, ${changes.length} files, +${added} -${removed}; all rules ${before.total} → ${after.total})`;
    const paths = [...step.files, STATE_FILE];
    git(dir, ['add', '--', ...paths]);
    git(dir, ['commit', '-q', '-m', message, '--', ...paths]);
    // reported, not saved: writing the hash into the state file would leave the tree dirty
    step.commit = git(dir, ['rev-parse', 'HEAD']);
    o.log(`committed ${step.commit.slice(0, 12)}: ${message}`);
  }
  return { step, changes, declined, check: result, census: kept ? after : before };
}
