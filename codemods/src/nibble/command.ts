/**
 * molt nibble <dir> [--status] [--rule <name>] [--commit] [--only a,b] [--test-cmd <cmd>] [--json]
 * The eslint-nibble workflow: count a modern-JS rule set's sites, then fix one rule at a time
 * with its molt unit, keeping a fix only when the contract tests still pass.
 * Exit code: 0 done (or kept), 1 the check failed and the fix was rolled back, 2 bad usage.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../../../harness/src/targets.js';
import { census } from './census.js';
import { pickRule } from './pick.js';
import { findRule } from './rules.js';
import { loadState, statePath } from './state.js';
import { nibbleStep } from './step.js';
import { renderCensus, renderStatus, status } from './table.js';

const USAGE = 'usage: molt nibble <dir> [--status] [--rule <name>] [--commit] [--only a,b] [--test-cmd <cmd>] [--json]';

class UsageError extends Error {}

function isGitRepo(dir: string): boolean {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return true;
    if (path.dirname(d) === d) return false;
  }
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      status: { type: 'boolean', default: false },
      rule: { type: 'string' },
      commit: { type: 'boolean', default: false },
      only: { type: 'string' },
      'test-cmd': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const dirArg = positionals[0];
  if (!dirArg) throw new UsageError('missing <dir>');
  const dir = path.resolve(dirArg);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`${dirArg} is not a directory`);
  if (values.rule) {
    const known = findRule(values.rule);
    if (!known) throw new UsageError(`no rule named "${values.rule}" in the nibble rule set`);
    if (!known.unit) throw new UsageError(`no molt unit fixes ${known.name} yet: fix its sites by hand`);
  }
  if (values.status && values.rule) throw new UsageError('--status only reports: leave out --rule');
  const out = (text: string): void => void process.stdout.write(`${text}\n`);
  // with --json, stdout carries one JSON document: progress goes to stderr
  const log = values.json ? (line: string) => void process.stderr.write(`${line}\n`) : out;

  const interactive = !values.rule && !values.status && !values.json && process.stdin.isTTY && process.stdout.isTTY;
  const writes = Boolean(values.rule) || interactive;
  // legacy/ is the service as it was: nibble a copy of it
  if (writes && dir === path.join(REPO_ROOT, 'legacy')) throw new UsageError('legacy/ is frozen: nibble a copy of it (cp -r legacy /tmp/parrot && git -C /tmp/parrot init)');
  if (writes && values.commit && !isGitRepo(dir)) throw new UsageError(`--commit: ${dirArg} is not in a git repository`);

  const c = await census(dir);
  if (values.status || (!values.rule && !interactive)) {
    const state = values.status ? loadState(dir) : null;
    if (values.json) out(JSON.stringify({ tool: 'molt nibble', dir, census: c, ...(values.status ? { status: status(c, state) } : {}) }, null, 2));
    else out(values.status ? renderStatus(c, state, statePath(dir)) : renderCensus(c));
    return 0;
  }
  const rule = values.rule ?? (await pickRule(c));
  if (!rule) {
    out('molt nibble: nothing picked');
    return 0;
  }
  const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const result = await nibbleStep({ dir, rule, commit: values.commit, only, testCmd: values['test-cmd'], log });
  if (values.json) out(JSON.stringify({ tool: 'molt nibble', dir, ...result }, null, 2));
  else if (!result.changes.length) out(`molt nibble: ${result.step.unit} changed nothing for ${result.step.rule}${declinedNote(result.declined)}`);
  else out(`molt nibble: ${result.step.rule} ${result.step.kept ? 'kept' : 'rolled back'}: ${result.step.before} → ${result.step.after} sites${declinedNote(result.declined)}`);
  return result.check && !result.check.ok ? 1 : 0;
}

function declinedNote(declined: Record<string, number>): string {
  const codes = Object.entries(declined).map(([code, n]) => `${code}×${n}`);
  return codes.length ? ` (declined: ${codes.join(' ')})` : '';
}

export async function nibble(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (err) {
    if (!(err instanceof UsageError) && !(err instanceof TypeError && 'code' in err)) throw err;
    console.error(`molt nibble: ${err.message}`);
    console.error(USAGE);
    return 2;
  }
}
