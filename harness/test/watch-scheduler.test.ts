import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runMocha } from '../watch/mocha.js';
import { alive } from '../watch/scratch.js';
import { Scheduler } from '../watch/scheduler.js';
import { REPO_ROOT } from '../src/targets.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Call {
  changes: string[];
  signal: AbortSignal;
}

/** a stand-in for a test run: lasts `ms` unless its signal aborts it first */
function fakeTask(durations: number[]) {
  const calls: Call[] = [];
  const run = (changes: string[], signal: AbortSignal): Promise<void> => {
    calls.push({ changes, signal });
    const ms = durations[calls.length - 1] ?? 10;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new Error('aborted'));
      });
    });
  };
  return { calls, run };
}

describe('watch: debounce and cancel', () => {
  it('merges a second change made within the debounce into one run', async () => {
    const task = fakeTask([10]);
    const s = new Scheduler({ debounceMs: 60, run: task.run });
    s.notify('legacy/a.js');
    await sleep(20);
    s.notify('legacy/b.js');
    s.notify('legacy/a.js');
    await s.idle();
    assert.deepEqual(task.calls.map((c) => c.changes), [['legacy/a.js', 'legacy/b.js']]);
  });

  it('runs again for a change made after the debounce', async () => {
    const task = fakeTask([10, 10]);
    const s = new Scheduler({ debounceMs: 20, run: task.run });
    s.notify('legacy/a.js');
    await s.idle();
    s.notify('legacy/b.js');
    await s.idle();
    assert.deepEqual(task.calls.map((c) => c.changes), [['legacy/a.js'], ['legacy/b.js']]);
  });

  it('cancels the run in flight on a new change and reruns with both changes', async () => {
    const task = fakeTask([60_000, 10]);
    const cancelled: string[][] = [];
    const errors: unknown[] = [];
    const s = new Scheduler({ debounceMs: 20, run: task.run, onCancel: (c) => cancelled.push(c), onError: (e) => errors.push(e) });
    s.notify('legacy/a.js');
    while (task.calls.length === 0) await sleep(5);
    s.notify('legacy/b.js');
    assert.equal(task.calls[0]?.signal.aborted, true, 'the first run was not cancelled at once');
    const started = Date.now();
    await s.idle();
    assert.ok(Date.now() - started < 5000);
    assert.deepEqual(task.calls.map((c) => c.changes), [['legacy/a.js'], ['legacy/a.js', 'legacy/b.js']]);
    assert.equal(task.calls[1]?.signal.aborted, false);
    assert.deepEqual(cancelled, [['legacy/a.js']]);
    assert.deepEqual(errors, [], 'an aborted run is not an error');
  });

  it('a cancelled mocha run takes the processes its tests started down with it', async function () {
    this.timeout(30_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watch-cancel-'));
    const pidFile = path.join(dir, 'grandchild.pid');
    const spec = path.join(dir, 'hangs.test.cjs');
    fs.writeFileSync(spec, `
      const { spawn } = require('node:child_process');
      it('starts a server-like child and hangs', async function () {
        this.timeout(0);
        const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
        require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(child.pid));
        await new Promise(() => {});
      });
    `);
    try {
      const controller = new AbortController();
      const result = runMocha({ root: REPO_ROOT, files: [spec], env: process.env, signal: controller.signal });
      const readPid = (): number => (fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8')) : 0);
      while (!(readPid() > 0)) await sleep(50);
      const grandchild = readPid();
      assert.equal(alive(grandchild), true);
      controller.abort();
      const run = await result;
      assert.equal(run.cancelled, true);
      for (let i = 0; i < 40 && alive(grandchild); i++) await sleep(50);
      assert.equal(alive(grandchild), false, 'the test\'s child outlived the cancel');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
