import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runPlato } from '../src/analyzers/plato.js';
import { findUnread } from '../src/guard.js';

describe('reports: plato on legacy', () => {
  it('names the file plato could not parse, which its report silently leaves out', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'molt-plato-'));
    try {
      const files = [
        ['good.js', 'module.exports = function add(a, b) {\n  return a + b;\n};\n'],
        ['modern.js', 'const f = (a) => a?.b ?? 1;\nmodule.exports = f;\n'],
      ].map(([name, code]) => {
        writeFileSync(path.join(dir, name!), code!);
        return { absPath: path.join(dir, name!), displayPath: name! };
      });
      const run = await runPlato(files, path.join(dir, 'out'));
      assert.deepEqual(run.parsed, ['good.js']);
      assert.equal(run.result.files, 1);
      assert.ok(existsSync(path.join(dir, 'out', run.result.index)));
      const unread = findUnread('legacy', files, run);
      assert.deepEqual(unread.map((u) => [u.analyzer, u.file]), [['plato', 'modern.js']]);
      assert.match(unread[0]?.reason ?? '', /SyntaxError/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
