import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as acorn from 'acorn';
import { REPO_ROOT } from '../src/targets.js';

const LEGACY = path.join(REPO_ROOT, 'legacy');
// vendored browser libraries, installed packages and runtime data are not parrot's own code
const SKIP = new Set(['node_modules', 'data', 'data-test', 'libs']);

function legacyJsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : legacyJsFiles(full);
    return entry.name.endsWith('.js') ? [full] : [];
  });
}

describe('legacy/ is ES5', () => {
  const files = legacyJsFiles(LEGACY);

  it('has a realistic amount of code to migrate', () => {
    assert.ok(files.length >= 30, `only ${files.length} legacy .js files`);
  });

  it('every legacy file parses as ES5 (no let/const, arrows, classes, templates, modules)', () => {
    const failures: string[] = [];
    for (const file of files) {
      try {
        acorn.parse(fs.readFileSync(file, 'utf8'), { ecmaVersion: 5, sourceType: 'script', allowHashBang: true });
      } catch (err) {
        failures.push(`${path.relative(REPO_ROOT, file)}: ${(err as Error).message}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  it('the ES5 check itself rejects ES2015 syntax', () => {
    for (const source of ['let a = 1;', 'var f = () => 1;', 'class A {}', 'var s = `x`;', 'import a from "a";']) {
      assert.throws(() => acorn.parse(source, { ecmaVersion: 5, sourceType: 'script' }), source);
    }
  });
});
