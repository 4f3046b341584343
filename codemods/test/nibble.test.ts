import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../harness/src/targets.js';
import { failingTests } from '../src/nibble/check.js';
import { findRule } from '../src/nibble/rules.js';
import { loadState } from '../src/nibble/state.js';

const TSX = path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const MOCHA = path.join(REPO_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function molt(args: string[]): Promise<Run> {
  const child = spawn(process.execPath, [TSX, 'codemods/src/cli.ts', ...args], { cwd: REPO_ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** a git repository holding a copy of legacy/ (never legacy/ itself: it is frozen) */
function legacyCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'molt-nibble-'));
  const legacy = path.join(REPO_ROOT, 'legacy');
  // not the runtime data, nor a config.js written by hand (the harness points at misc/config-test.js)
  const skip = new Set(['node_modules', 'data', 'config.js'].map((name) => path.join(legacy, name)));
  fs.cpSync(legacy, dir, { recursive: true, filter: (src) => !skip.has(src) });
  const git = (...args: string[]): void => {
    const r = spawnSync('git', ['-C', dir, '-c', 'user.name=molt test', '-c', 'user.email=molt@test.invalid', ...args], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  };
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'legacy as it was');
  return dir;
}

/** every file of the tree but the state file, as bytes */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const rel of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const full = path.join(dir, rel);
    if (rel.startsWith('.git') || rel === '.molt-nibble.json' || !fs.statSync(full).isFile()) continue;
    files.set(rel, fs.readFileSync(full).toString('base64'));
  }
  return files;
}

const sitesOf = (json: any, rule: string): number => json.census.rows.find((r: any) => r.rule === rule).sites;

describe('molt nibble', function () {
  this.timeout(180_000);
  const dirs: string[] = [];
  const copy = (): string => {
    const dir = legacyCopy();
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names a restricted-syntax row by its tag too, and reads failing titles from the spec reporter', () => {
    assert.equal(findRule('then-chain')?.unit, 'then-chain-to-await');
    assert.equal(findRule('no-restricted-syntax/then-chain')?.name, 'no-restricted-syntax/then-chain');
    assert.equal(findRule('prefer-spread')?.unit, null);
    const output = ['  2 passing', '  1 failing', '', '  1) [legacy] rooms', '       creates a room:', '     AssertionError: no'].join('\n');
    assert.deepEqual(failingTests(output), ['[legacy] rooms › creates a room']);
  });

  it('refuses to edit legacy/ in place', async () => {
    const run = await molt(['nibble', 'legacy', '--rule', 'no-var', '--test-cmd', 'true']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /legacy\/ is frozen/);
  });

  it('--rule no-var on a copy of legacy: applies var-to-let-const, the affected rooms contract passes, the step is kept and committed', async () => {
    const dir = copy();
    const run = await molt(['nibble', dir, '--rule', 'no-var', '--only', 'rooms', '--commit', '--json']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const json = JSON.parse(run.stdout);
    assert.equal(json.step.kept, true);
    assert.ok(json.step.before > 0 && json.step.after === 0, `no-var ${json.step.before} → ${json.step.after}`);
    assert.equal(sitesOf(json, 'no-var'), 0);
    assert.deepEqual(json.check.ran, ['harness/contract/rooms.test.ts']);
    assert.match(json.check.totals, /^[1-9]\d* passed, 0 failed/);
    assert.doesNotMatch(fs.readFileSync(path.join(dir, 'app.js'), 'utf8'), /^\s*var /m);

    const state = loadState(dir);
    assert.ok(state, 'no state file');
    assert.equal(state.steps.length, 1);
    assert.ok(state.steps[0]?.kept);
    assert.ok(state.steps[0].total < state.baseline.total, `total ${state.baseline.total} → ${state.steps[0].total}`);
    const log = spawnSync('git', ['-C', dir, 'log', '-1', '--format=%s'], { encoding: 'utf8' }).stdout;
    assert.match(log, /no-var \d+ → 0 sites/);
    assert.equal(spawnSync('git', ['-C', dir, 'status', '--porcelain'], { encoding: 'utf8' }).stdout, '', 'the commit left changes behind');

    const status = await molt(['nibble', dir, '--status']);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^no-var\s+0\s+0\s+var-to-let-const\s+safe$/m);
    assert.match(status.stdout, new RegExp(`trend: ${state.baseline.total} \\(start\\) → ${state.steps[0].total} \\(no-var\\)`));
  });

  it('rolls a fix back when the check fails: files byte-identical, the failing test named', async () => {
    const dir = copy();
    const spec = path.join(dir, '..', `${path.basename(dir)}-check.test.cjs`);
    dirs.push(spec);
    fs.writeFileSync(spec, "describe('deliberately broken check', () => { it('rejects every template literal', () => { throw new Error('no'); }); });\n");
    const before = snapshot(dir);
    const run = await molt(['nibble', dir, '--rule', 'prefer-template', '--json', '--test-cmd', `"${process.execPath}" "${MOCHA}" --no-config --reporter spec "${spec}"`]);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const json = JSON.parse(run.stdout);
    assert.equal(json.step.kept, false);
    assert.ok(json.changes.length > 0, 'the unit changed nothing: nothing was rolled back');
    assert.deepEqual(json.check.failed, ['deliberately broken check › rejects every template literal']);
    assert.deepEqual(snapshot(dir), before);
    assert.deepEqual(loadState(dir)?.steps.map((s) => [s.rule, s.kept]), [['prefer-template', false]]);
  });

  it('interactive: the table in a real terminal, a rule picked with the arrow keys and applied', async function () {
    if (spawnSync('tmux', ['-V']).status !== 0) {
      console.log('      skipped: tmux is not installed');
      this.skip();
    }
    const dir = copy();
    // a private tmux server: its environment is this process's, and killing it ends only what this test started
    const socket = `molt-nibble-${process.pid}`;
    const tmux = (...args: string[]): string => spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' }).stdout;
    // the pane as shown; with history: tmux keeps what a redraw erased, and the step's log scrolls
    const screen = (history = false): string => tmux('capture-pane', '-p', '-t', 'nibble', ...(history ? ['-S', '-500'] : []));
    const until = async (what: string, ok: (s: string) => boolean, history = false): Promise<string> => {
      const end = Date.now() + 60_000;
      for (let s = screen(history); Date.now() < end; s = screen(history)) {
        if (ok(s)) return s;
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.fail(`timed out waiting for ${what}; the screen:\n${screen(true)}`);
    };
    const cursorRule = (s: string): string | undefined => /^› \d+\s+(\S+)/m.exec(s)?.[1];
    const cmd = `cd "${REPO_ROOT}" && "${process.execPath}" "${TSX}" codemods/src/cli.ts nibble "${dir}" --test-cmd true; echo NIBBLE-EXIT=$?; sleep 120`;
    spawnSync('tmux', ['-L', socket, 'new-session', '-d', '-s', 'nibble', '-x', '160', '-y', '50', cmd]);
    try {
      const table = await until('the table', (s) => s.includes('Enter applies'));
      assert.match(table, /rule\s+sites\s+files\s+molt unit\s+safety/);
      assert.match(table, /no-restricted-syntax\/then-chain/);
      const first = cursorRule(table);
      assert.equal(first, 'no-var', 'the cursor starts on the first rule a unit can fix');
      tmux('send-keys', '-t', 'nibble', 'Down');
      const moved = await until('the cursor to move', (s) => cursorRule(s) !== first);
      const picked = cursorRule(moved);
      assert.equal(picked, 'prefer-arrow-callback', 'Down skips prefer-const, which has no sites');
      tmux('send-keys', '-t', 'nibble', 'Enter');
      const done = await until('the step to finish', (s) => s.includes('NIBBLE-EXIT='), true);
      assert.match(done, /NIBBLE-EXIT=0/, done);
      assert.match(done, /prefer-arrow-callback: \d+ sites in \d+ files; applying function-to-arrow \(safe\)/);
      assert.match(done, /molt nibble: prefer-arrow-callback kept/);
      assert.deepEqual(loadState(dir)?.steps.map((s) => [s.rule, s.kept]), [['prefer-arrow-callback', true]]);
    } finally {
      tmux('kill-server');
    }
  });
});
