import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyUnit } from '../src/apply.js';
import { findUnit } from '../src/registry.js';

/**
 * spread-rest claims `safe`: each rewritten function returns what the original returned for the same arguments
 * (any count, fewer or more than its named parameters), and Object.assign's copy equals the spread's.
 */

const unit = findUnit('spread-rest');

const SOURCE = `
function all() { var parts = Array.prototype.slice.call(arguments); parts.push('end'); return parts; }
function tail(first) { var rest = [].slice.call(arguments, 1); return [first, rest]; }
function target() { return [this && this.tag, Array.prototype.slice.call(arguments)]; }
function forward() { return target.apply(this, arguments); }
function count() { var n = arguments.length; var copy = Array.from(arguments); copy.push(n); return [n ? arguments[0] : null, copy, Array.from(arguments)]; }
function later() { return function () { return Array.prototype.slice.call(arguments, 2); }; }
function outer() { return [1, 2].map(function (item) { return item; }).map(item => arguments[0] + item); }
function merge(defaults, options) { return Object.assign({ retries: 3 }, defaults, options, { strict: true }); }
return { all, tail, forward, count, later: function () { return later().apply(null, arguments); }, outer, merge };
`;

const build = (source: string) => new Function(source)() as Record<string, (...args: unknown[]) => unknown>;

describe('spread-rest: the rewritten functions give what the originals gave', () => {
  const out = applyUnit(unit, 'case.js', SOURCE.replace(/^return .*$/m, '')); // the unit sees plain declarations
  const rewritten = out.source + SOURCE.match(/^return .*$/m)![0];

  it('rewrites every function and every Object.assign here', () => {
    assert.equal(out.diagnostics.length, 0, JSON.stringify(out.diagnostics));
    assert.doesNotMatch(out.source, /\barguments\b|Object\.assign/);
  });

  it('holds for any number of arguments, and a this', () => {
    const before = build(SOURCE);
    const after = build(rewritten);
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(before)), fc.array(fc.oneof(fc.integer(), fc.string(), fc.constant(undefined)), { maxLength: 5 }), (name, args) => {
        const self = { tag: 't' };
        assert.deepEqual(after[name]!.apply(self, args), before[name]!.apply(self, args), `${name}(${JSON.stringify(args)})\n${out.source}`);
      }),
      { numRuns: 300 },
    );
  });

  it('Object.assign and spread copy the same way: getters read once, null skipped, later keys win', () => {
    const before = build(SOURCE).merge!;
    const after = build(rewritten).merge!;
    const copyWithGetter = (merge: (...args: unknown[]) => unknown) => {
      let reads = 0;
      const source = Object.defineProperty({ a: 1 }, 'b', { enumerable: true, get: () => ++reads });
      return { copy: merge(source, null), reads };
    };
    assert.deepEqual(copyWithGetter(after), copyWithGetter(before));
    assert.equal(copyWithGetter(after).reads, 1);
    assert.deepEqual(after({ retries: 1, strict: false }, 'xy'), before({ retries: 1, strict: false }, 'xy'));
  });
});
