import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyUnit } from '../src/apply.js';
import { findUnit } from '../src/registry.js';

/**
 * default-params claims `safe`: each rewritten function returns what the original returned, and calls its
 * defaults' side effects in the same order, for arguments that are missing, undefined, null, falsy or set.
 */

const unit = findUnit('default-params');

const SOURCE = `
var log = [];
function tick(name) { log.push(name); return name.length; }
function connect(host, port, options) {
  if (port === undefined) port = tick('port');
  if (typeof options === 'undefined') {
    options = { retries: 3, host: host, at: tick('options') };
  }
  return [host, port, options];
}
function page(items, size) {
  size = size === undefined ? 20 : size;
  return [items, size];
}
function limit(now) {
  now = now || tick('now');
  return now;
}
connect(); page(); limit();
`;
const EXPORT = 'return { connect, page, limit, log };';

const build = (source: string) => new Function(`${source}\n${EXPORT}`)() as Record<string, ((...args: unknown[]) => unknown) | unknown[]>;

describe('default-params: the rewritten functions give what the originals gave', () => {
  const out = applyUnit(unit, 'case.js', SOURCE);

  it('turns the undefined tests into defaults and keeps x = x || d', () => {
    assert.match(out.source, /function connect\(\s*host,\s*port = tick\('port'\),\s*options = \{/);
    assert.match(out.source, /function page\(items, size = 20\)/);
    assert.match(out.source, /now = now \|\| tick\('now'\)/);
    assert.deepEqual(out.diagnostics.map((d) => d.code), ['MOLT027']);
  });

  it('holds for missing, undefined, null, falsy and set arguments, side effects in the same order', () => {
    const value = fc.oneof(fc.constant(undefined), fc.constant(null), fc.constant(0), fc.constant(''), fc.integer(), fc.string());
    fc.assert(
      fc.property(fc.constantFrom('connect', 'page', 'limit'), fc.array(value, { maxLength: 3 }), (name, args) => {
        const before = build(SOURCE);
        const after = build(out.source);
        const call = (m: typeof before) => [(m[name] as (...a: unknown[]) => unknown)(...args), m.log];
        assert.deepEqual(call(after), call(before), `${name}(${args.map(String).join(', ')})\n${out.source}`);
      }),
      { numRuns: 300 },
    );
  });
});
