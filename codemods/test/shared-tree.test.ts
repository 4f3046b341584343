import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jscodeshift from 'jscodeshift';
import { fetchCorpus } from '../corpus/fetch.js';
import { listCorpus } from '../corpus/files.js';
import { parses } from '../src/apply.js';
import { originalFind } from '../src/fast-find.js';
import { listTree } from '../src/files.js';
import { migrateSource, selectUnits, type FileResult } from '../src/pipeline.js';
import { findUnit } from '../src/registry.js';
import type { FileUnit } from '../src/unit.js';

/**
 * The two speed-ups of the file units must not change a byte of what molt writes:
 *  - consecutive tree units share one parse and one print (pipeline.ts treeRuns, apply.ts applyTreeRun),
 *    checked against printing and parsing again after every unit;
 *  - `find` walks the nodes itself (fast-find.ts), checked against jscodeshift's PathVisitor `find`.
 * find on every legacy file and every corpus file; the shared runs on every legacy file and two corpus files in
 * three (one third with all units, another with the tree units alone): npm test stays short on 2 cores.
 */
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const LEGACY = path.join(REPO, 'legacy');
const j = jscodeshift.withParser('babel');

interface Input {
  file: string;
  source: string;
}

/** what a run says, without the line numbers: a shared run counts lines in its input, not in each unit's */
function said(result: FileResult): string {
  const diagnostics = result.diagnostics.map((d) => `${d.code} ${d.unit} ${d.message.replace(/\bline \d+/g, 'line N')}`);
  return [...diagnostics, JSON.stringify(result.units), result.status].join('\n');
}

describe('shared trees and fast find change nothing molt writes', function () {
  const inputs: Input[] = [];

  before(async function () {
    this.timeout(300_000);
    await fetchCorpus(() => {});
    for (const rel of listTree(LEGACY).transform) {
      inputs.push({ file: path.join(LEGACY, rel), source: fs.readFileSync(path.join(LEGACY, rel), 'utf8') });
    }
    for (const f of listCorpus().files) inputs.push({ file: f.abs, source: fs.readFileSync(f.abs, 'utf8') });
  });

  it('find returns the same paths, in the same order, as the PathVisitor walk', function () {
    this.timeout(300_000);
    const queries: [string, unknown, unknown?][] = [
      ['Node', j.Node],
      ['Function', j.Function],
      ['Expression', j.Expression],
      ['Identifier', j.Identifier],
      ['require calls', j.CallExpression, { callee: { type: 'Identifier', name: 'require' } }],
    ];
    let compared = 0;
    for (const input of inputs) {
      let root;
      try {
        root = j(input.source);
      } catch {
        continue; // a file babel cannot read: molt reports it (MOLT001), there is nothing to find
      }
      for (const [name, type, filter] of queries) {
        const fast: unknown[] = (root.find as any)(type, filter).paths();
        const reference: unknown[] = (originalFind.call(root, type, filter) as any).paths();
        assert.equal(fast.length, reference.length, `${input.file}: find(${name}) found ${fast.length}, the PathVisitor ${reference.length}`);
        const at = fast.findIndex((p, i) => p !== reference[i]);
        assert.equal(at, -1, `${input.file}: find(${name}) differs at #${at}`);
        compared += fast.length;
      }
    }
    console.log(`      ${inputs.length} files, ${compared} paths compared`);
    assert.ok(compared > 100_000, `only ${compared} paths compared: no corpus?`);
  });

  it('the last check (babel alone: no tokens, no ESTree shapes) accepts and refuses what the full parse does', function () {
    this.timeout(120_000);
    const broken = ['var a = ;', 'function f( {', 'return 1 +', 'let x = `a${b`;', 'a => { yield 1 }', 'class { }'];
    const sources = [...inputs.map((i) => i.source), ...broken, ...inputs.slice(0, 40).map((i) => i.source + '\n}')];
    let refused = 0;
    for (const source of sources) {
      const full = parses(source, 'recast');
      const check = parses(source, null);
      assert.equal(check === null, full === null, `${source.slice(0, 80)}: the full parse says ${full ?? 'fine'}, the check ${check ?? 'fine'}`);
      if (full !== null) refused++;
    }
    assert.ok(refused >= broken.length, `only ${refused} sources refused`);
  });

  it('all units with shared trees write what they write unit by unit, and say the same', function () {
    this.timeout(600_000);
    const units = selectUnits();
    const ms = { shared: 0, alone: 0 };
    let changed = 0;
    // legacy and a third of the corpus (the next test compares another third)
    const some = inputs.filter((input, i) => input.file.startsWith(LEGACY) || i % 3 === 1);
    for (const input of some) {
      let t = performance.now();
      const shared = migrateSource(input.file, input.source, units);
      ms.shared += performance.now() - t;
      t = performance.now();
      const alone = migrateSource(input.file, input.source, units, { shareTrees: false });
      ms.alone += performance.now() - t;
      assert.equal(shared.source, alone.source, `${input.file}: the output differs`);
      assert.equal(said(shared), said(alone), `${input.file}: the diagnostics or counts differ`);
      if (shared.status === 'changed') changed++;
    }
    console.log(
      `      ${some.length} files (${changed} changed): shared trees ${(ms.shared / 1000).toFixed(1)} s, unit by unit ${(ms.alone / 1000).toFixed(1)} s`,
    );
    assert.ok(changed > 100, `only ${changed} files changed: the comparison proves little`);
  });

  it('the same with the text units skipped, so that every tree unit shares one run', function () {
    this.timeout(300_000);
    const units = selectUnits({ skip: ['cjs-to-esm', 'then-chain-to-await'] });
    // legacy and every third corpus file, not those compared above
    const some = inputs.filter((input, i) => input.file.startsWith(LEGACY) || i % 3 === 0);
    for (const input of some) {
      const shared = migrateSource(input.file, input.source, units);
      const alone = migrateSource(input.file, input.source, units, { shareTrees: false });
      assert.equal(shared.source, alone.source, `${input.file}: the output differs`);
      assert.equal(said(shared), said(alone), `${input.file}: the diagnostics or counts differ`);
    }
    console.log(`      ${some.length} files, ${units.length} units in one run`);
  });

  describe('a run that cannot be trusted is run again unit by unit', function () {
    const source = 'var a = 1;\nfunction f() { var b = a; return b; }\n';
    const alone = (units: FileUnit[]): FileResult => migrateSource('case.js', source, units, { shareTrees: false });

    it('a unit that crashes after changing the tree: MOLT000, the others keep their changes', function () {
      const crasher: FileUnit = {
        ...findUnit('object-shorthand'),
        name: 'crasher',
        transform: (file, api) => {
          const root = api.jscodeshift(file.source);
          root.find(api.jscodeshift.Identifier, { name: 'b' }).forEach((p) => void (p.node.name = 'broken'));
          throw new Error('boom');
        },
      };
      const units = [findUnit('var-to-let-const'), crasher, findUnit('function-to-arrow')];
      const result = migrateSource('case.js', source, units);
      assert.equal(result.source, alone(units).source);
      assert.match(result.source, /const b = a/);
      assert.doesNotMatch(result.source, /broken/);
      assert.deepEqual(
        result.diagnostics.map((d) => `${d.code} ${d.unit}`),
        ['MOLT000 crasher'],
      );
    });

    it('a unit whose tree prints as code that does not parse: MOLT002, the others keep their changes', function () {
      const breaker: FileUnit = {
        ...findUnit('object-shorthand'),
        name: 'breaker',
        transform: (file, api) => {
          const j = api.jscodeshift;
          const root = j(file.source);
          root.find(j.ReturnStatement).forEach((p) => void (p.node.argument = j.identifier('1b')));
          return root.toSource();
        },
      };
      const units = [findUnit('var-to-let-const'), breaker];
      const result = migrateSource('case.js', source, units);
      assert.equal(result.source, alone(units).source);
      assert.match(result.source, /const a = 1/);
      assert.deepEqual(
        result.diagnostics.map((d) => `${d.code} ${d.unit}`),
        ['MOLT002 breaker'],
      );
    });
  });
});
