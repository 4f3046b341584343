import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyUnit } from '../src/apply.js';
import { UNITS } from '../src/registry.js';

/**
 * Fixture pairs, jscodeshift style: __testfixtures__/<unit>/<case>.input.js →
 * <case>.output.js (absent: no change expected), optional <case>.diagnostics.json
 * (the codes expected, in any order). Every case also runs a second time on its
 * own output, which must change nothing: units are idempotent.
 */
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'transforms', '__testfixtures__');

describe('molt unit fixtures', () => {
  for (const unit of UNITS) {
    const dir = path.join(FIXTURES, unit.name);
    const cases = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.input.js')).map((f) => f.slice(0, -'.input.js'.length)) : [];

    describe(unit.name, () => {
      it('has fixtures, including a no-change case', () => {
        assert.ok(cases.length >= 2, `${unit.name} has ${cases.length} fixture cases`);
        assert.ok(cases.some((c) => !fs.existsSync(path.join(dir, `${c}.output.js`))), 'no no-change case');
      });

      for (const name of cases) {
        it(name, () => {
          const input = fs.readFileSync(path.join(dir, `${name}.input.js`), 'utf8');
          const outputFile = path.join(dir, `${name}.output.js`);
          const expected = fs.existsSync(outputFile) ? fs.readFileSync(outputFile, 'utf8') : input;
          const first = applyUnit(unit, `${name}.input.js`, input);
          assert.equal(first.source, expected);
          const diagnosticsFile = path.join(dir, `${name}.diagnostics.json`);
          const expectedCodes: string[] = fs.existsSync(diagnosticsFile) ? JSON.parse(fs.readFileSync(diagnosticsFile, 'utf8')) : [];
          assert.deepEqual(first.diagnostics.map((d) => d.code).sort(), [...expectedCodes].sort());
          assert.ok(!first.diagnostics.some((d) => d.code === 'MOLT000' || d.code === 'MOLT002'), 'unit crashed or broke the code');
          const second = applyUnit(unit, `${name}.output.js`, first.source);
          assert.equal(second.source, first.source, 'a second run changed the output: not idempotent');
        });
      }
    });
  }
});
