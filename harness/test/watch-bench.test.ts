import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../src/targets.js';
import { childEnv } from '../watch/scratch.js';

const run = promisify(execFile);

// `npm run bench:watch -- --quick` takes 45-90 s (a coverage map, two runners, two
// contract files): too long for every npm test, so it runs only with WATCH_BENCH_SMOKE=1
describe('bench:watch --quick (smoke; WATCH_BENCH_SMOKE=1)', () => {
  it('measures the watcher and the mocha --watch baseline and writes its report', async function () {
    if (process.env.WATCH_BENCH_SMOKE !== '1') {
      console.log('      skipped: the bench smoke run takes 50-90 s; WATCH_BENCH_SMOKE=1 runs it (npm run bench:watch is the real one)');
      this.skip();
    }
    this.timeout(240_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-smoke-'));
    const out = path.join(dir, 'bench-watch.json');
    try {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'harness/watch/bench.ts', '--quick', `--out=${out}`], {
        cwd: REPO_ROOT, env: childEnv(), maxBuffer: 10 * 1024 * 1024, timeout: 230_000,
      });
      const report = JSON.parse(fs.readFileSync(out, 'utf8'));
      assert.deepEqual(report.watch.selected, ['harness/contract/messaging.test.ts'], stdout);
      assert.equal(report.watch.samples.length, 1);
      assert.equal(report.baseline.samples.length, 1);
      for (const s of [...report.watch.samples, ...report.baseline.samples]) {
        assert.match(s.totals, /^\d+ passed, 0 failed, \d+ skipped$/);
        assert.ok(s.firstResultMs > 0 && s.firstResultMs <= s.totalsMs, JSON.stringify(s));
      }
      assert.ok(report.ratios.totals.median > 0, stdout);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
