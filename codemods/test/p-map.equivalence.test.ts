import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { applyUnit } from '../src/apply.js';
import { findUnit } from '../src/registry.js';
import { scratchDir } from './scratch.js';

/**
 * The rewrites to p-map (Promise.map with a concurrency, Promise.mapSeries) happen only in ES modules, so they
 * are checked as ES modules: original and rewritten code are written next to a small library (in the
 * repository, where bluebird and p-map resolve), imported, run on the same lists, and must give the same value,
 * the same error and the same log of side effects, the caller's own code after the call included.
 */

const LIB = `import Bluebird from 'bluebird';
export const log = [];
export function save(x, i) {
  log.push('start ' + x + '@' + i);
  return new Bluebird((resolve, reject) =>
    setImmediate(() => {
      log.push('done ' + x);
      if (x < 0) reject(new Error('negative ' + x));
      else resolve(x * 10);
    }),
  );
}
`;

const LISTS = [[], [1, 2, 3], [4, -1, 5], [1, 2, 3, 4, 5]];

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

describe('bluebird-statics to p-map: the rewritten ES module behaves as the bluebird original', () => {
  let dir = '';
  before(() => {
    dir = scratchDir('p-map-equivalence-');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  let n = 0;
  async function outcomes(source: string): Promise<unknown[]> {
    const side = path.join(dir, String(n++));
    fs.mkdirSync(side);
    fs.writeFileSync(path.join(side, 'lib.mjs'), LIB);
    fs.writeFileSync(path.join(side, 'case.mjs'), source);
    const mod = await import(pathToFileURL(path.join(side, 'case.mjs')).href);
    const lib = await import(pathToFileURL(path.join(side, 'lib.mjs')).href);
    const results: unknown[] = [];
    for (const list of LISTS) {
      lib.log.length = 0;
      const p = mod.f(list);
      lib.log.push('<caller continues>');
      let outcome: unknown;
      try {
        outcome = { value: await p };
      } catch (err) {
        outcome = { error: (err as Error).message };
      }
      await settle();
      results.push({ list, outcome, log: [...lib.log] });
    }
    return results;
  }

  async function assertSame(body: string, expectPMap = true): Promise<void> {
    const source = `import Promise from 'bluebird';\nimport { save, log } from './lib.mjs';\n\n${body}\n`;
    const out = applyUnit(findUnit('bluebird-statics'), 'case.mjs', source);
    assert.ok(out.rewritten > 0, JSON.stringify(out.diagnostics));
    if (expectPMap) assert.match(out.source, /import pMap from 'p-map'/);
    assert.deepEqual(await outcomes(out.source), await outcomes(source), out.source);
  }

  it('Promise.mapSeries: one handler at a time, in order, stopping at the first rejection', () =>
    assertSame(
      "export async function f(xs) {\n  const out = await Promise.mapSeries(xs, (x, i) => save(x, i));\n  log.push('after');\n  return out;\n}",
    ));

  it('Promise.map with a concurrency is kept (MOLT064): bluebird starts its queue last first, p-map in list order', async () => {
    const source =
      "import Promise from 'bluebird';\nimport { save } from './lib.mjs';\n\nexport async function f(xs) {\n  return Promise.map(xs, (x, i) => save(x, i), { concurrency: 1 });\n}\n";
    const out = applyUnit(findUnit('bluebird-statics'), 'case.mjs', source);
    assert.equal(out.source, source);
    assert.deepEqual(
      out.diagnostics.map((d) => d.code),
      ['MOLT064'],
    );
    // the reason, measured on bluebird itself
    const [result] = (await outcomes(source)).slice(3) as { log: string[] }[];
    const starts = result!.log.filter((l) => l.startsWith('start')).map((l) => l.split(' ')[1]);
    assert.deepEqual(starts, ['1@0', '5@4', '4@3', '3@2', '2@1']);
  });
});
