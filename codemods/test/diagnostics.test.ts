import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIAGNOSTICS } from '../src/diagnostics.js';
import { DOC_FILE, renderDoc } from '../src/docs.js';

const SRC = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === '__testfixtures__' ? [] : sources(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

describe('molt diagnostics catalog', () => {
  it('every code the units emit is in the catalog', () => {
    const used = new Set<string>();
    for (const file of sources(SRC)) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/['"`](MOLT\d{3})['"`]/g)) used.add(m[1]!);
    }
    const unknown = [...used].filter((c) => !(c in DIAGNOSTICS));
    assert.deepEqual(unknown, []);
    assert.ok(used.size >= 5, `only ${used.size} codes found in the sources`);
  });

  it('codemods/docs/diagnostics.md explains every code and is up to date (npm run docs:diagnostics)', () => {
    assert.ok(fs.existsSync(DOC_FILE), 'docs/diagnostics.md is missing');
    const doc = fs.readFileSync(DOC_FILE, 'utf8');
    for (const code of Object.keys(DIAGNOSTICS)) assert.ok(doc.includes(`## ${code}`), `${code} is not explained`);
    assert.equal(doc, renderDoc(), 'the page is stale: run npm run docs:diagnostics');
  });
});
