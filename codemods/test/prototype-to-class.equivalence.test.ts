import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { types } from 'node:util';
import { fileURLToPath } from 'node:url';
import { applyUnit } from '../src/apply.js';
import { findUnit } from '../src/registry.js';

/**
 * prototype-to-class claims its classes behave as the functions did. The
 * fixtures say what the code looks like; this runs both versions and compares
 * what callers observe: instanceof, own properties (names, values,
 * enumerability), accessors, method results, errors' message/name/stack head.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.join(here, '..', 'src', 'transforms', '__testfixtures__', 'prototype-to-class');
const LEGACY_ERRORS = path.join(here, '..', '..', 'legacy', 'utils', 'errors.js');
const unit = findUnit('prototype-to-class');
const nodeRequire = createRequire(import.meta.url);

// module.exports of CommonJS code run in this realm (so Error is the same Error for both versions)
function load(source: string): any {
  const module = { exports: {} as any };
  new Function('module', 'exports', 'require', source)(module, module.exports, nodeRequire);
  return module.exports;
}

function plain(value: unknown): unknown {
  if (typeof value === 'function') return `function ${value.name}`;
  return value === undefined ? '(undefined)' : JSON.parse(JSON.stringify(value));
}

/** What a caller sees of an object; `stack` is compared by its head, frames carry file positions. */
function observe(value: any): unknown {
  if (typeof value !== 'object' || value === null) return plain(value);
  const own = Object.getOwnPropertyNames(value);
  const chain: string[] = [];
  for (let p = Object.getPrototypeOf(value); p; p = Object.getPrototypeOf(p)) chain.push(p.constructor?.name);
  return {
    chain,
    own,
    enumerable: Object.keys(value),
    values: own.filter((k) => k !== 'stack').map((k) => [k, plain(value[k])]),
    stackHead: typeof value.stack === 'string' ? value.stack.split('\n').slice(0, 2) : typeof value.stack,
  };
}

function observeError(errors: any, e: any): unknown {
  return {
    ...(observe(e) as object),
    isError: e instanceof Error,
    isAppError: e instanceof errors.AppError,
    isOwn: e instanceof e.constructor,
    constructor: e.constructor.name,
    name: e.name,
    message: e.message,
    text: String(e),
    json: JSON.stringify(e),
    payload: errors.toPayload?.(e),
    status: errors.statusOf?.(e),
  };
}

function errorScenario(errors: any): unknown {
  return Object.keys(errors)
    .filter((k) => /Error$|^NotFound$/.test(k))
    .map((k) => [
      k,
      observeError(errors, new errors[k]('CODE', 'went wrong', 418)),
      observeError(errors, new errors[k]()),
    ]);
}

const SCENARIOS: Record<string, (exported: any) => unknown> = {
  basic: (Point) => {
    const p = new Point(3, 4);
    return [
      observe(p),
      p.distanceTo(new Point(0, 0)),
      String(p),
      observe(Point.origin()),
      observe(p['move-by'](1, 1)),
      Point.dimensions,
      Point.length,
      p.constructor === Point,
    ];
  },
  accessors: (Temperature) => {
    const t = new Temperature(100);
    const seen = [t.fahrenheit, t.kelvin, t.label, observe(t)];
    t.fahrenheit = 32;
    const enumerable = ['fahrenheit', 'kelvin', 'label'].map(
      (k) => Object.getOwnPropertyDescriptor(Temperature.prototype, k)?.enumerable,
    );
    return [...seen, t.celsius, observe(t.warmer(5)), enumerable];
  },
  'object-literal': (Queue) => {
    const q = new Queue();
    const pushed = [q.push('a'), q.push('b')];
    return [pushed, q.size, q.limit, observe(q), Queue.prototype.constructor === Queue];
  },
  inherits: ({ Shape, Square, Cube }) => {
    const s = new Square(-3);
    const c = new Cube(2);
    return [
      observe(s),
      s.area(),
      s.describe(),
      s instanceof Shape,
      observe(c),
      c.volume(),
      c.describe(),
      c instanceof Square,
      c.constructor === Cube,
      observe(new Shape('x')),
    ];
  },
  'inherits-emitter': (Ticker) => {
    const t = new Ticker(5);
    const heard: unknown[] = [];
    t.on('tick', (text: string) => heard.push(text));
    t.tick();
    return [heard, t instanceof EventEmitter, t.listenerCount('tick'), Object.keys(t), t.interval];
  },
  'error-subclass': errorScenario,
  members: (Source) => {
    const s = Source.of(1, 2, 3);
    const read = [s.read(), [...s.each()], s[0](), s.count(3), typeof s.first().then, s.constructor === Source];
    return [read, s instanceof nodeRequire('stream').Readable, Object.getOwnPropertyNames(s).sort()];
  },
  mixin: (Store) => {
    const s = new Store();
    s.on(() => 1);
    s.state.x = 2;
    return [observe(s), s.listeners.length, s.get('x'), Store.prototype.on === Store.prototype.on];
  },
};

describe('prototype-to-class keeps what callers observe', function () {
  // parsing and printing take seconds on a loaded machine; --no-config runs keep mocha's 2s default otherwise
  this.timeout(30000);
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    it(`fixture ${name}`, () => {
      const input = fs.readFileSync(path.join(FIXTURES, `${name}.input.js`), 'utf8');
      const output = fs.readFileSync(path.join(FIXTURES, `${name}.output.js`), 'utf8');
      assert.match(output, /\bclass\b/);
      assert.deepEqual(scenario(load(output)), scenario(load(input)));
    });
  }

  it('legacy/utils/errors.js', () => {
    const input = fs.readFileSync(LEGACY_ERRORS, 'utf8');
    const result = applyUnit(unit, 'legacy/utils/errors.js', input);
    assert.equal(result.rewritten, 8);
    assert.deepEqual(result.diagnostics, []);
    const before = load(input);
    const after = load(result.source);
    assert.deepEqual(errorScenario(after), errorScenario(before));
  });

  it('known differences: errors are real errors now, methods are no longer enumerable', () => {
    const input = fs.readFileSync(LEGACY_ERRORS, 'utf8');
    const before = new (load(input).NotFoundError)('gone');
    const after = new (load(applyUnit(unit, 'errors.js', input).source).NotFoundError)('gone');
    assert.deepEqual([types.isNativeError(before), Object.prototype.toString.call(before)], [false, '[object Object]']);
    assert.deepEqual([types.isNativeError(after), Object.prototype.toString.call(after)], [true, '[object Error]']);
    const enumerated = (Point: any) => {
      const keys: string[] = [];
      for (const k in new Point(1, 2)) keys.push(k);
      return [keys, Object.keys(Point)];
    };
    const basic = (kind: string) => load(fs.readFileSync(path.join(FIXTURES, `basic.${kind}.js`), 'utf8'));
    assert.deepEqual(enumerated(basic('input')), [
      ['x', 'y', 'distanceTo', 'toString', 'move-by'],
      ['origin', 'dimensions'],
    ]);
    assert.deepEqual(enumerated(basic('output')), [['x', 'y'], ['dimensions']]);
  });
});
