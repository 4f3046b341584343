import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../src/targets.js';
import { childEnv, makeScratchCopy, Proc, type Scratch } from '../watch/scratch.js';

const PROFANITY = 'legacy/plugins/profanity.js';
const MENTIONS = 'legacy/plugins/mentions.js'; // like profanity.js, only messaging runs its code
const MESSAGING = 'harness/contract/messaging.test.ts';
const ONLY = '--only=users,messaging';
const RUN_DONE = /^\[watch\] (\d+ passed, \d+ failed, \d+ skipped|no totals.*) in [\d.]+ s$/;

/** the test files the [watch] lines printed as selected */
function picked(lines: string[]): string[] {
  return lines.flatMap((l) => /^\[watch\]\s+run (\S+)/.exec(l)?.[1] ?? []);
}

describe('watch: the running watcher, on a scratch copy of the repo', function () {
  this.timeout(180_000);
  let scratch: Scratch | null = null;
  let watcher: Proc | null = null;
  const append = (rel: string, note: string): void => {
    fs.appendFileSync(path.join((scratch as Scratch).dir, rel), `\n// watch-e2e: ${note}\n`);
  };

  before(async function () {
    this.timeout(150_000);
    scratch = makeScratchCopy(REPO_ROOT, 'watch-e2e-');
    const cli = path.join(scratch.dir, 'harness', 'watch', 'cli.ts');
    const mapFile = path.join(scratch.dir, '.tmp', 'watch-map.json');
    // a small coverage map of the copy (users + messaging), built before the watcher starts
    const prep = new Proc(process.execPath, ['--import', 'tsx', cli, '--once', PROFANITY, '--dry', `--map=${mapFile}`, ONLY], {
      cwd: scratch.dir, env: childEnv(),
    });
    try {
      await prep.waitFor(/^\[watch\] done in/, 0, 140_000);
    } finally {
      await prep.stop();
    }
    assert.deepEqual(picked(prep.lines.map((l) => l.text)), [MESSAGING], prep.text());
    watcher = new Proc(process.execPath, ['--import', 'tsx', cli, `--map=${mapFile}`, ONLY], { cwd: scratch.dir, env: childEnv() });
    await watcher.waitFor(/^\[watch\] watching /, 0, 30_000);
  });

  after(async () => {
    await watcher?.stop();
    scratch?.remove();
  });

  it('a saved service file reruns only the contract files that ran its code', async () => {
    const w = watcher as Proc;
    const from = w.lines.length;
    append(PROFANITY, 'one save');
    const done = await w.waitFor(RUN_DONE, from, 90_000);
    const run = w.lines.slice(from, done.index + 1).map((l) => l.text);
    const out = run.join('\n');
    assert.ok(run.includes(`[watch] changed: ${PROFANITY}`), out);
    assert.match(out, /^\[watch\] selected 1 of \d+ test files:$/m);
    assert.deepEqual(picked(run), [MESSAGING], out);
    assert.match(out, /its functions ran during this file \(coverage map\)/);
    const totals = /^\[watch\] (\d+) passed, (\d+) failed, \d+ skipped in/.exec(done.text);
    assert.ok(totals, done.text);
    assert.ok(Number(totals[1]) > 0, done.text);
    assert.equal(totals[2], '0', out);
    assert.doesNotMatch(out, /\[users\]|users\.test\.ts/, 'users did not run');
  });

  it('a second save mid-run cancels the first and one run covers both changes', async () => {
    const w = watcher as Proc;
    const from = w.lines.length;
    append(PROFANITY, 'first of two saves');
    // mid-run: mocha has started on the selection
    await w.waitFor(/^\[watch\]\s+run /, from, 30_000);
    append(MENTIONS, 'second of two saves');
    const cancel = await w.waitFor(/^\[watch\] new change: cancelling the run for /, from, 30_000);
    assert.equal(cancel.text, `[watch] new change: cancelling the run for ${PROFANITY}`);
    await w.waitFor(/^\[watch\] cancelled after /, cancel.index, 30_000);
    const done = await w.waitFor(RUN_DONE, cancel.index, 90_000);
    const after = w.lines.slice(cancel.index, done.index + 1).map((l) => l.text);
    const out = w.text(from);
    assert.deepEqual(after.filter((l) => l.startsWith('[watch] changed: ')), [`[watch] changed: ${MENTIONS}, ${PROFANITY}`], out);
    assert.deepEqual(picked(after), [MESSAGING], out);
    assert.match(done.text, /^\[watch\] \d+ passed, 0 failed, \d+ skipped in/, out);
    // the cancelled run printed no totals of its own: one completed run in all
    assert.equal(w.lines.slice(from, done.index + 1).filter((l) => RUN_DONE.test(l.text)).length, 1, out);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(w.lines.slice(done.index + 1).filter((l) => l.text.startsWith('[watch] changed: ')).length, 0, 'no further run');
  });
});
