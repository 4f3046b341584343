/**
 * npm start on a fresh clone: every stage passes (or says why it is not there),
 * and summary.html renders in Chromium without console errors.
 * The clone has the committed files only; node_modules is linked (CI may reuse
 * installed packages), never built outputs.
 * Its contract stages run the users suites only (PARROT_CONTRACT_GREP): this same
 * mocha run checks every contract suite on both targets, and the whole of them
 * made this test the longest of npm test (over 3 minutes on 2 cores).
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { strict as assert } from 'node:assert';
import { findChromium, launchChromium, watchPageProblems, type PageProblem } from '../../harness/src/browser.js';
import { REPO_ROOT } from '../../harness/src/targets.js';
import { STAGE_NAMES } from '../main-job/stages.js';
import type { Summary } from '../main-job/summary.js';

const WORKSPACES = ['legacy', 'harness', 'codemods', 'migrated', 'reports'];

/** node_modules as real directory of links, so that workspace links point into the clone */
function linkNodeModules(clone: string): void {
  const from = path.join(REPO_ROOT, 'node_modules');
  const to = path.join(clone, 'node_modules');
  fs.mkdirSync(to);
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    let target = source;
    if (entry.isSymbolicLink()) {
      const real = fs.realpathSync(source);
      const rel = path.relative(REPO_ROOT, real);
      // a workspace package (node_modules/parrot -> ../legacy): the clone's own copy
      if (!rel.startsWith('..') && !rel.split(path.sep).includes('node_modules')) target = path.join(clone, rel);
    }
    fs.symlinkSync(target, path.join(to, entry.name));
  }
  for (const ws of WORKSPACES) {
    const nested = path.join(REPO_ROOT, ws, 'node_modules');
    if (fs.existsSync(nested) && fs.existsSync(path.join(clone, ws))) fs.symlinkSync(nested, path.join(clone, ws, 'node_modules'));
  }
}

/** unlinks every link first, so that removing the clone never reaches into REPO_ROOT */
function removeClone(clone: string): void {
  const links = [path.join(clone, 'node_modules'), ...WORKSPACES.map((ws) => path.join(clone, ws, 'node_modules'))];
  for (const dir of links) {
    const stat = fs.lstatSync(dir, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isSymbolicLink()) fs.unlinkSync(dir);
    else for (const entry of fs.readdirSync(dir)) fs.unlinkSync(path.join(dir, entry));
  }
  fs.rmSync(clone, { recursive: true, force: true });
}

describe('npm start (the main job) on a fresh clone', function () {
  this.timeout(10 * 60_000);
  let clone = '';
  let summary: Summary;
  let output = '';

  before(async function () {
    clone = fs.mkdtempSync(path.join(os.tmpdir(), 'parrot-main-job-'));
    fs.rmdirSync(clone);
    execFileSync('git', ['clone', '--quiet', REPO_ROOT, clone]);
    linkNodeModules(clone);
    assert.ok(!fs.existsSync(path.join(clone, '.tmp')) && !fs.existsSync(path.join(clone, 'reports', 'out')), 'the clone starts without build outputs');
    const code = await new Promise<number | null>((resolve) => {
      const child = execFile('npm', ['start'], { cwd: clone, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CI: '1', PARROT_CONTRACT_GREP: 'users: register, login, me' } }, (err) => {
        resolve(err ? ((err as { code?: number }).code ?? 1) : 0);
      });
      child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    });
    if (code !== 0) console.log(output);
    const file = path.join(clone, 'reports', 'out', 'summary.json');
    assert.ok(fs.existsSync(file), `npm start wrote no summary.json (exit ${String(code)})`);
    summary = JSON.parse(fs.readFileSync(file, 'utf8')) as Summary;
    console.log(`    npm start in the clone: ${summary.stages.map((s) => `${s.name} ${s.status} ${s.seconds.toFixed(1)} s`).join('; ')}; ${summary.seconds.toFixed(1)} s in all`);
  });

  after(() => {
    if (clone && fs.existsSync(clone)) removeClone(clone);
  });

  it('prints start and finish lines and the table', () => {
    for (const name of STAGE_NAMES) assert.match(output, new RegExp(`\\] (start  |passed|not available) +${name}`));
    assert.match(output, /^stage +status +time +detail$/m);
    assert.match(output, /summary: reports\/out\/summary\.html/);
  });

  it('lists every stage as passed, or not available with a reason', () => {
    assert.deepEqual(
      summary.stages.map((s) => s.name),
      [...STAGE_NAMES],
    );
    for (const stage of summary.stages) {
      assert.ok(stage.status === 'passed' || stage.status === 'not available', `${stage.name}: ${stage.status}\n${stage.detail}`);
      if (stage.status === 'not available') assert.ok(stage.detail.length > 0, `${stage.name} says why it is not available`);
    }
    assert.equal(summary.ok, true);
    assert.deepEqual(summary.failed, []);
  });

  it('has the totals of the contract and replay stages', () => {
    for (const stage of summary.stages) {
      if (stage.status !== 'passed') continue;
      if (stage.name.startsWith('contract:')) assert.match(stage.detail, /^\d+ passed, 0 failed/);
      if (stage.name === 'replay') assert.match(stage.detail, /^\d+ steps, 0 differences/);
    }
  });

  it('renders summary.html in Chromium without console errors', async function () {
    const html = path.join(clone, 'reports', 'out', 'summary.html');
    assert.ok(fs.existsSync(html), 'summary.html is written');
    const chromium = findChromium();
    if (!chromium.path) {
      console.log(`    skipped: no chromium (${chromium.reason})`);
      this.skip();
    }
    const browser = await launchChromium(chromium.path);
    try {
      const page = await browser.newPage();
      const problems: PageProblem[] = [];
      watchPageProblems(page, 'summary.html', (p) => problems.push(p));
      const failedRequests: string[] = [];
      page.on('requestfailed', (r) => failedRequests.push(r.url()));
      await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
      const text = await page.locator('body').innerText();
      for (const name of STAGE_NAMES) assert.ok(text.includes(name), `the page names ${name}`);
      assert.match(await page.title(), /^parrot main job: passed$/);
      assert.deepEqual(problems, []);
      assert.deepEqual(failedRequests, []);
    } finally {
      await browser.close();
    }
  });
});
