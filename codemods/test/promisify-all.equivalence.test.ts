import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyUnit } from '../src/apply.js';
import { findUnit } from '../src/registry.js';
import { run, type Env } from './equivalence-harness.js';

/**
 * promisify-all claims `safe`: `await promisify(x.foo).call(x, …)` must give what bluebird's `await x.fooAsync(…)`
 * gave — the value (the callback's first one), the error (a callback error or a synchronous throw), `this`, and
 * the side effects in the same order, the caller's own code after the call included.
 */

const unit = findUnit('promisify-all');

/** a callback API as nedb and redis have: each run gets a fresh class, since promisifyAll changes its prototype */
const world: Env = (log) => {
  function Store(this: { name: string }, name: string) {
    this.name = name;
  }
  Store.prototype.load = function (this: { name: string }, cb: (err: Error | null) => void) {
    log.push(`load ${this.name}`);
    setImmediate(() => cb(null));
  };
  Store.prototype.get = function (
    this: { name: string },
    key: string,
    cb: (err: Error | null, ...values: unknown[]) => void,
  ) {
    log.push(`get ${key} on ${this.name}`);
    if (key === 'throw') throw new TypeError(`cannot get ${key}`);
    setImmediate(() => {
      if (key === 'bad') cb(new Error(`no ${key}`));
      else if (key === 'sync') cb(null, 'early');
      else cb(null, `${key}!`, 'second value');
    });
  };
  return { './lib': { Store, note: (x: unknown) => log.push(`note ${JSON.stringify(x)}`) } };
};

const HEADER =
  "var Promise = require('bluebird');\nvar lib = require('./lib');\nvar Store = lib.Store;\n\nPromise.promisifyAll(Store.prototype);\n\n";

async function assertSame(body: string, inputs: unknown[][]): Promise<void> {
  const source = `${HEADER}${body}\nmodule.exports = { f: f };\n`;
  const out = applyUnit(unit, 'case.js', source);
  assert.ok(out.rewritten > 0, `nothing rewritten: ${JSON.stringify(out.diagnostics)}`);
  assert.doesNotMatch(out.source, /store\.\w+Async/, `an …Async call on the instance is left:\n${out.source}`);
  for (const args of inputs) {
    const before = await run(source, world, 'f', args);
    const after = await run(out.source, world, 'f', args);
    assert.deepEqual(after, before, `inputs ${JSON.stringify(args)}\n--- rewritten:\n${out.source}`);
  }
}

describe('promisify-all: the rewritten code behaves as the bluebird original', () => {
  it('the first callback value, a callback error, a synchronous throw, with the instance as this', () =>
    assertSame(
      "async function f(key) {\n  const store = new Store('s1');\n  await store.loadAsync();\n  lib.note('loaded');\n  const v = await store.getAsync(key);\n  lib.note(v);\n  return v;\n}",
      [['a'], ['bad'], ['throw'], ['sync']],
    ));

  it('holds on generated sequences of calls, errors caught or not', async function () {
    this.timeout(60_000);
    const key = fc.constantFrom('a', 'b', 'bad', 'throw', 'sync');
    await fc.assert(
      fc.asyncProperty(fc.array(key, { maxLength: 4 }), fc.boolean(), async (keys, caught) => {
        const call = caught
          ? "try {\n      lib.note(await store.getAsync(k));\n    } catch (err) {\n      lib.note('caught ' + err.message);\n    }"
          : 'lib.note(await store.getAsync(k));';
        await assertSame(
          `async function f(keys) {\n  const store = new Store('gen');\n  for (const k of keys) {\n    ${call}\n  }\n  return keys.length;\n}`,
          [[keys]],
        );
      }),
      { numRuns: 60, seed: 11 },
    );
  });
});
