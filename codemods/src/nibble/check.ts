import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../../harness/src/targets.js';
import { findTests, harnessImportGraph, legacyRequireGraph } from '../../../harness/watch/files.js';
import { coverageIndex, loadMap } from '../../../harness/watch/map.js';
import { runMocha } from '../../../harness/watch/mocha.js';
import { isContractTest } from '../../../harness/watch/paths.js';
import { select } from '../../../harness/watch/select.js';

/** the coverage map `npm run watch` builds: which contract files ran which legacy files */
const WATCH_MAP = path.join(REPO_ROOT, '.tmp', 'watch-map.json');

export interface CheckOptions {
  /** the edited copy of legacy */
  dir: string;
  /** changed files, relative to dir */
  changed: string[];
  /** only contract files whose path contains one of these */
  only?: string[];
  /** a shell command instead of the contract tests (run in dir, PARROT_LEGACY_DIR set) */
  testCmd?: string;
  log: (line: string) => void;
}

export interface CheckResult {
  ok: boolean;
  /** what ran: contract files, or the command */
  ran: string[];
  totals: string | null;
  /** failing test titles (or why the check failed) */
  failed: string[];
}

/**
 * The contract files a change to these legacy files can affect, picked the way the watcher
 * picks them (select.ts, from its coverage map); with no map, select() picks every contract file.
 */
export function affectedContractTests(changed: string[], only?: string[]): string[] {
  const tests = findTests(REPO_ROOT);
  tests.contract = tests.contract.filter((t) => !only?.length || only.some((part) => t.includes(part)));
  const coverage = fs.existsSync(WATCH_MAP) ? coverageIndex(loadMap(WATCH_MAP)) : null;
  const ctx = { targets: ['legacy'], tests, harnessGraph: harnessImportGraph(REPO_ROOT), legacyGraph: legacyRequireGraph(REPO_ROOT), coverage };
  const selection = select(changed.map((f) => `legacy/${f}`), ctx);
  return selection.tests.filter((t) => isContractTest(t) && tests.contract.includes(t));
}

/** failing test titles from the spec reporter's closing list ("  1) suite\n       test:") */
export function failingTests(output: string): string[] {
  const lines = output.split('\n');
  const failed: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const head = /^ {2}\d+\) (.+)$/.exec(lines[i] ?? '');
    if (!head?.[1]) continue;
    const parts = [head[1].trim()];
    while (!parts[parts.length - 1]?.endsWith(':') && i + 1 < lines.length && /^\s{4,}\S/.test(lines[i + 1] ?? '')) {
      parts.push((lines[++i] ?? '').trim());
    }
    failed.push(parts.join(' › ').replace(/:$/, ''));
  }
  return [...new Set(failed)];
}

function runCommand(cmd: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', cmd], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-50_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', (err) => {
      output += `\ncould not start: ${err.message}`;
    });
    child.once('close', (code) => resolve({ code, output }));
  });
}

const lastLine = (text: string): string => text.trim().split('\n').pop() ?? '';

/** runs the affected contract tests (or --test-cmd) against the edited tree */
export async function check(o: CheckOptions): Promise<CheckResult> {
  const dir = path.resolve(o.dir);
  const env = { ...process.env, TARGET: 'legacy', PARROT_LEGACY_DIR: dir };
  if (o.testCmd) {
    o.log(`check: ${o.testCmd}`);
    const run = await runCommand(o.testCmd, dir, { ...env, NIBBLE_FILES: o.changed.join('\n') });
    const ok = run.code === 0;
    const named = failingTests(run.output);
    const failed = ok ? [] : named.length ? named : [`"${o.testCmd}" exited with ${run.code}: ${lastLine(run.output)}`];
    return { ok, ran: [o.testCmd], totals: null, failed };
  }
  const files = affectedContractTests(o.changed, o.only);
  if (!files.length) {
    o.log('check: no contract test is affected by these files');
    return { ok: true, ran: [], totals: null, failed: [] };
  }
  o.log(`check: ${files.length} contract test files against ${dir}: ${files.join(', ')}`);
  const run = await runMocha({ root: REPO_ROOT, files, env });
  const ok = run.code === 0;
  const named = failingTests(run.tail);
  const failed = ok ? [] : named.length ? named : [`mocha exited with ${run.code}: ${lastLine(run.tail)}`];
  return { ok, ran: files, totals: run.totals, failed };
}
