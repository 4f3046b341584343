import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Samples } from '../src/samples/record.js';
import { TypeScriptStage } from '../src/ts-stage.js';
import { scratchDir } from './scratch.js';


describe('the typescript stage in its worker (ts-stage.ts)', function () {
  this.timeout(120_000);
  let dir: string;

  beforeEach(() => {
    dir = scratchDir('ts-stage-');
    fs.writeFileSync(path.join(dir, 'a.js'), "import _ from 'lodash';\nexport function f(list) {\n  return _.uniq(list.map((n) => n * 2));\n}\n");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads the packages ahead, then types the files it is given and reports', async () => {
    const stage = new TypeScriptStage(dir, ['lodash']);
    const report = await stage.run({ outDir: dir, relFiles: ['a.js'] });
    assert.equal(report.files, 1);
    assert.deepEqual(report.errors, []);
    assert.ok(fs.existsSync(path.join(dir, 'a.ts')));
    assert.ok(!fs.existsSync(path.join(dir, 'a.js')));
    // where its time went, each step in the order it ran
    assert.deepEqual(
      report.steps.map((s) => s.step),
      ['read', 'members', 'express', 'usage', 'tables', 'mark', 'suppress', 'samples', 'events', 'check', 'write'],
    );
    assert.ok(report.steps.every((s) => Number.isInteger(s.ms) && s.ms >= 0));
  });

  it('passes on a failure in the stage as an error with its message, and does not hang', async () => {
    const stage = new TypeScriptStage(dir, []);
    // a sample without its arguments: the stage throws reading them
    const samples = { 'a.js#f': {} } as unknown as Samples;
    await assert.rejects(stage.run({ outDir: dir, relFiles: ['a.js'], samples }), /Cannot read properties of undefined/);
  });
});
