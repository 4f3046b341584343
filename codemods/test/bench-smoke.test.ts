import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
// under the git-ignored bench output, not the real run's molt-bench.json; inside the repo so the
// output tree's tsconfig (once molt writes one) finds node_modules
const OUT = path.join(REPO, 'codemods', 'bench', 'out', `smoke-${process.pid}`);

/** `npm run bench:molt -- --quick` works end to end; the figures are checked for shape, never for speed. */
describe('molt bench (--quick smoke run)', function () {
  after(() => fs.rmSync(OUT, { recursive: true, force: true }));

  it('measures both tools on the same files and writes the JSON', async function () {
    // two passes over legacy plus the full pipeline: minutes on a busy machine, no timing is asserted
    this.timeout(900_000);
    const script = path.join(REPO, 'codemods', 'bench', 'molt-bench.ts');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', script, '--quick', '--out', OUT], {
      cwd: REPO,
      maxBuffer: 64 * 1024 * 1024,
    });
    console.log(stdout.trimEnd().replace(/^/gm, '      '));

    const report = JSON.parse(fs.readFileSync(path.join(OUT, 'molt-bench.json'), 'utf8'));
    assert.equal(report.mode, 'quick');
    assert.equal(report.reps, 1);
    assert.deepEqual(Object.keys(report.inputs), ['legacy'], 'quick mode is legacy only');
    for (const tool of ['molt', 'lebab'] as const) {
      assert.ok(
        report[tool].locPerSec > 0 && Number.isFinite(report[tool].locPerSec),
        `${tool} LOC/s: ${report[tool].locPerSec}`,
      );
      assert.ok(report[tool].files > 0 && report[tool].lines > 0, `${tool} saw no file`);
    }
    assert.equal(report.molt.files, report.lebab.files, 'both tools get the same files');
    assert.equal(report.molt.lines, report.lebab.lines, 'both tools get the same lines');
    assert.equal(report.molt.files, report.inputs.legacy.files);
    assert.ok(report.ratio > 0, `ratio ${report.ratio}`);
    assert.equal(report.fullPipeline.files, report.molt.files, 'the full pipeline ran on the same legacy files');
    assert.ok(typeof report.fullPipeline.wallMs === 'number' && report.fullPipeline.wallMs > 0);
    assert.equal(typeof report.fullPipeline.tsc.ran, 'boolean');
  });
});
