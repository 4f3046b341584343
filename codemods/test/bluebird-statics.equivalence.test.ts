import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyUnit } from '../src/apply.js';
import { findUnit } from '../src/registry.js';
import { Bluebird, run, type Env } from './equivalence-harness.js';

/**
 * bluebird-statics claims `safe` (with MOLT170 asking a human to confirm that lists hold values): the rewritten
 * function must give the same value, the same error and the same side effects in the same order as the bluebird
 * original, the caller's own code after the call included.
 */

const unit = findUnit('bluebird-statics');

/** handlers log when they start and when their (bluebird) promise settles, a tick later */
const world: Env = (log) => ({
  './lib': {
    visit: (x: number) => {
      log.push(`visit ${x}`);
      return new Bluebird((resolve: (v: number) => void, reject: (e: Error) => void) =>
        setImmediate(() => {
          log.push(`visited ${x}`);
          if (x < 0) reject(new Error(`negative ${x}`));
          else resolve(x * 10);
        }),
      );
    },
    note: (x: unknown) => log.push(`note ${JSON.stringify(x)}`),
    list: (xs: number[]) => Bluebird.resolve(xs),
  },
});

const HEADER = "var Promise = require('bluebird');\nvar lib = require('./lib');\n";

function rewrite(source: string): string {
  const out = applyUnit(unit, 'case.js', source);
  assert.ok(out.rewritten > 0, `nothing rewritten: ${JSON.stringify(out.diagnostics)}`);
  assert.ok(!/\bPromise\.(each|map|join|delay|reduce|props)\b/.test(out.source), `a static is left:\n${out.source}`);
  return out.source;
}

async function assertSame(body: string, inputs: unknown[][]): Promise<void> {
  const source = `${HEADER}${body}\nmodule.exports = { f: f };\n`;
  const output = rewrite(source);
  for (const args of inputs) {
    const before = await run(source, world, 'f', args);
    const after = await run(output, world, 'f', args);
    assert.deepEqual(after, before, `inputs ${JSON.stringify(args)}\n--- rewritten:\n${output}`);
  }
}

const LISTS = [[[]], [[1, 2, 3]], [[4, -1, 5]]];

describe('bluebird-statics: the rewritten code behaves as the bluebird original', () => {
  it('Promise.each as a statement: handlers one at a time, after the caller goes on; a rejection stops the loop', () =>
    assertSame('async function f(xs) {\n  await Promise.each(xs, function (x) {\n    return lib.visit(x);\n  });\n  lib.note("done");\n}', LISTS));

  it('return Promise.each: the list itself is the value', () =>
    assertSame('async function f(xs) {\n  lib.note("start");\n  return Promise.each(xs, x => lib.visit(x));\n}', LISTS));

  it('Promise.each over a promise of the list, into a variable', () =>
    assertSame('async function f(xs) {\n  const seen = await Promise.each(lib.list(xs), async x => {\n    const v = await lib.visit(x);\n    lib.note(v);\n  });\n  return seen.length;\n}', LISTS));

  it('nested Promise.each, both rewritten', () =>
    assertSame(
      'async function f(xs) {\n  await Promise.each([xs, xs], function (row) {\n    return Promise.each(row, x => lib.visit(x));\n  });\n}',
      LISTS,
    ));

  it('Promise.map: every handler starts, results in order, the first rejection wins', () =>
    assertSame('async function f(xs) {\n  const out = await Promise.map(xs, (x, i) => lib.visit(x + i));\n  return out;\n}', LISTS));

  it('Promise.join without a handler', () =>
    assertSame('async function f(xs) {\n  return Promise.join(lib.visit(xs.length), lib.visit(1), 3);\n}', LISTS));

  it('Promise.reduce: items and the reducer\'s results awaited in turn, a rejection stopping it', () =>
    assertSame('async function f(xs) {\n  const sum = await Promise.reduce(xs, (acc, x) => lib.visit(x).then((v) => acc + v), 0);\n  lib.note(sum);\n  return Promise.reduce(lib.list(xs), function (acc, x) {\n    lib.note(x);\n    return acc.concat([x]);\n  }, []);\n}', LISTS));

  it('Promise.reduce over a list of promises: each is awaited before the reducer gets it', () =>
    assertSame('async function f(xs) {\n  return Promise.reduce(xs.map((x) => lib.visit(x)), (acc, v) => acc + v, 0);\n}', LISTS));

  it('Promise.props over an object literal: the same keys and values, the first rejection wins', () =>
    assertSame(
      'async function f(xs) {\n  const r = await Promise.props({ n: xs.length, first: lib.visit(xs[0] || 0), [xs.join("-") || "none"]: lib.visit(-xs.length) });\n  lib.note(Object.keys(r));\n  return r;\n}',
      [...LISTS, [[0]]],
    ));

  it('return Promise.props, and one whose values are a promise of a list and plain values', () =>
    assertSame(
      'async function f(xs) {\n  lib.note("start");\n  return Promise.props({ list: lib.list(xs), 2: "two", 1: lib.visit(1) });\n}',
      LISTS,
    ));

  it('Promise.props with bluebird under another name: native Promise.all in its place, the same value or error', async () => {
    const source =
      "var B = require('bluebird');\nvar lib = require('./lib');\nasync function f(xs) {\n  return B.props({ a: lib.visit(xs.length), b: xs.length ? lib.visit(-1) : 0 });\n}\nmodule.exports = { f: f };\n";
    const output = rewrite(source);
    assert.doesNotMatch(output, /require\('bluebird'\)/);
    for (const args of LISTS) assert.deepEqual(await run(output, world, 'f', args), await run(source, world, 'f', args), output);
  });

  it('Promise.delay: the same wait and value, the caller going on first', () =>
    assertSame('async function f(xs) {\n  lib.note("start");\n  await Promise.delay(5);\n  lib.note(xs.length);\n  return Promise.delay(1, "done");\n}', LISTS));

  it('holds on generated lists and handlers', async function () {
    this.timeout(60_000);
    const shapes = [
      (h: string) => `async function f(xs) {\n  await Promise.each(xs, x => ${h});\n  lib.note("after");\n}`,
      (h: string) => `async function f(xs) {\n  lib.note("before");\n  return Promise.each(xs, function (x) {\n    lib.note(x);\n    return ${h};\n  });\n}`,
      (h: string) => `async function f(xs) {\n  return Promise.map(xs, x => ${h});\n}`,
    ];
    const handlers = ['lib.visit(x)', 'x * 2', 'lib.note(x)', 'lib.visit(-x)'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...shapes),
        fc.constantFrom(...handlers),
        fc.array(fc.integer({ min: -3, max: 9 }), { maxLength: 5 }),
        async (shape, handler, xs) => {
          const source = `${HEADER}${shape(handler)}\nmodule.exports = { f: f };\n`;
          const output = rewrite(source);
          assert.deepEqual(await run(output, world, 'f', [xs]), await run(source, world, 'f', [xs]), output);
        },
      ),
      { numRuns: 60 },
    );
  });
});
