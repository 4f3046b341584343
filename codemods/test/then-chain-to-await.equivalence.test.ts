import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { applyUnit } from '../src/apply.js';
import { findUnit } from '../src/registry.js';
import { Bluebird, run, type Env } from './equivalence-harness.js';

/**
 * then-chain-to-await claims `safe`: the rewritten function must give the same value, the same
 * error and the same side effects in the same order as the bluebird original, on the same inputs.
 * Both versions run as CommonJS modules (new Function) whose require('bluebird') is bluebird; the
 * log records every side effect, including the caller's own code after the call (so a handler
 * that used to run in a later tick must not run before it).
 */

const unit = findUnit('then-chain-to-await');

function rewrite(source: string): { output: string; codes: string[]; rewritten: number } {
  const out = applyUnit(unit, 'case.js', source);
  const codes = out.diagnostics.map((d) => d.code);
  assert.ok(
    !codes.includes('MOLT000') && !codes.includes('MOLT002'),
    `unit crashed: ${JSON.stringify(out.diagnostics)}`,
  );
  return { output: out.source, codes, rewritten: out.rewritten };
}

async function assertSame(source: string, env: Env, name: string, inputs: unknown[][]): Promise<string> {
  const { output, rewritten } = rewrite(source);
  assert.ok(
    rewritten > 0 && new RegExp(`async function ${name}\\b`).test(output),
    `${name} was not rewritten:\n${output}`,
  );
  for (const args of inputs) {
    const before = await run(source, env, name, args);
    const after = await run(output, env, name, args);
    assert.deepEqual(after, before, `inputs ${JSON.stringify(args)}\n--- rewritten:\n${output}`);
  }
  return output;
}

// ---------------------------------------------------------------------------------------------
// a small world for the hand-written cases: a db, validation, errors, a bus

class AppError extends Error {
  code: string;
  constructor(message: string, code: string) {
    super(message);
    this.code = code;
  }
}
class ValidationError extends AppError {
  override name = 'ValidationError';
}
class NotFoundError extends AppError {
  override name = 'NotFoundError';
}
class ConflictError extends AppError {
  override name = 'ConflictError';
}

const tick = (v: unknown) => new Bluebird((resolve: (v: unknown) => void) => setImmediate(() => resolve(v)));

const world: Env = (log) => {
  const rows: Record<string, { _id: string; name: string; roomId?: string }> = {
    u1: { _id: 'u1', name: 'alice', roomId: 'r1' },
    u2: { _id: 'u2', name: 'bob', roomId: 'r2' },
  };
  const dup = () => Object.assign(new Error('duplicate key'), { errorType: 'uniqueViolated' });
  return {
    './errors': {
      AppError,
      ValidationError,
      NotFoundError,
      ConflictError,
      isDuplicateKey: (err: { errorType?: string } | null) => {
        log.push('isDuplicateKey?');
        return !!err && err.errorType === 'uniqueViolated';
      },
    },
    './validate': {
      id(id: unknown) {
        log.push(`validate ${String(id)}`);
        if (typeof id !== 'string' || !id) throw new ValidationError(`bad id ${String(id)}`, 'BAD_ID');
      },
    },
    './db': {
      find(id: string) {
        log.push(`find ${id}`);
        if (id === 'boom') throw new Error('db not opened yet');
        return tick(rows[id] ?? null);
      },
      insert(doc: { _id: string }) {
        log.push(`insert ${doc._id}`);
        if (rows[doc._id]) return tick(null).then(() => Bluebird.reject(dup()));
        return tick([doc, tick(true)]);
      },
      quit(id: string) {
        log.push(`quit ${id}`);
        if (id === 'sync') throw new Error('quit threw');
        if (id === 'async') return Bluebird.reject(new Error('quit rejected'));
        return tick('ok');
      },
    },
    './bus': {
      emit(what: string) {
        log.push(`emit ${what}`);
        return what === 'fail' ? Bluebird.reject(new Error('bus down')) : tick(undefined);
      },
    },
  };
};

const HEADER = `var Promise = require('bluebird');
var db = require('./db');
var bus = require('./bus');
var errors = require('./errors');
var validate = require('./validate');
`;

describe('then-chain-to-await: same results, errors and side-effect order as bluebird', function () {
  this.timeout(600000);

  it('Promise.try head, then steps, filtered catch by predicate (register-like)', async () => {
    const source = `${HEADER}
function register(id, name) {
  return Promise.try(function () {
    validate.id(id);
    return db.find(id);
  }).then(function (existing) {
    if (existing) {
      return existing;
    }
    return db.insert({ _id: id, name: name });
  }).catch(errors.isDuplicateKey, function () {
    bus.emit('conflict ' + id);
    throw new errors.ConflictError('taken ' + id, 'TAKEN');
  });
}
module.exports = { register: register };
`;
    await assertSame(source, world, 'register', [
      ['u1', 'x'],
      ['u9', 'carol'],
      [null, 'x'],
      ['boom', 'x'],
    ]);
  });

  it('class filter and a synchronous throw reaching the handler (findById-like)', async () => {
    const source = `${HEADER}
function findById(id) {
  return Promise.try(function () {
    validate.id(id);
    return db.find(id);
  }).then(function (user) {
    if (!user) {
      throw new errors.NotFoundError('no user ' + id, 'USER_NOT_FOUND');
    }
    return user;
  }).catch(errors.ValidationError, function (err) {
    bus.emit('invalid');
    throw new errors.NotFoundError('no user ' + id + ' (' + err.code + ')', 'USER_NOT_FOUND');
  });
}
module.exports = { findById: findById };
`;
    const output = await assertSame(source, world, 'findById', [['u1'], ['nobody'], [42], ['boom']]);
    assert.match(output, /await null;/, 'the handler must stay asynchronous after a sync throw');
  });

  it('Promise.join + spread, nested chains, tap and finally (postMessage-like)', async () => {
    const source = `${HEADER}
function post(id, name) {
  var started = 0;
  return Promise.try(function () {
    validate.id(id);
    return Promise.join(db.find(id), db.find('u2'));
  }).spread(function (existing, other) {
    if (existing) {
      return [existing, false];
    }
    return bus.emit('before').then(function () {
      return db.insert({ _id: id, name: name + '/' + other.name });
    }).spread(function (stored, created) {
      if (!created) {
        return [stored, false];
      }
      return bus.emit(name === 'fail' ? 'fail' : 'message').then(function () {
        return bus.emit('after');
      }).return([stored, true]);
    });
  }).tap(function (result) {
    bus.emit('tap ' + result[0]._id + ' ' + result[1]);
  }).finally(function () {
    bus.emit('took ' + started);
  });
}
module.exports = { post: post };
`;
    await assertSame(source, world, 'post', [
      ['u1', 'a'],
      ['u7', 'carol'],
      ['u8', 'fail'],
      [undefined, 'x'],
      ['boom', 'x'],
    ]);
  });

  it('.catch in the middle, .then(ok, fail) at the end, tap/return steps', async () => {
    const source = `${HEADER}
function lookup(id) {
  return Promise.try(function () {
    return db.find(id);
  }).catch(function (err) {
    bus.emit('miss ' + err.message);
    return null;
  }).then(function (found) {
    if (found) {
      return found.name;
    }
    return bus.emit('absent').return('none');
  }).tap(function (name) {
    return bus.emit('seen ' + name);
  }).then(function (name) {
    if (name === 'none') {
      throw new errors.NotFoundError('none', 'NONE');
    }
    return name;
  }, function (err) {
    bus.emit('fail handler ' + err.message);
    return 'recovered';
  });
}
module.exports = { lookup: lookup };
`;
    await assertSame(source, world, 'lookup', [['u1'], ['u9'], ['boom']]);
  });

  it('a head that throws synchronously never reached .catch; bluebird handlers given async callbacks', async () => {
    const source = `${HEADER}
function quitAll(ids) {
  return Promise.map(ids, function (id) {
    return db.quit(id).catch(function (err) {
      bus.emit('quit failed ' + err.message);
    });
  }, { concurrency: 1 }).then(function (results) {
    return results.length;
  });
}
module.exports = { quitAll: quitAll };
`;
    const output = await assertSame(source, world, 'quitAll', [[['a', 'b']], [['a', 'async', 'b']], [['a', 'sync']]]);
    assert.match(output, /const promise = db\.quit\(id\);/);
  });

  it('renamed callback values and a mutated outer variable', async () => {
    const source = `${HEADER}
function copy(row) {
  var steps = [];
  return Promise.try(function () {
    steps.push('read');
    return db.find(row);
  }).then(function (row) {
    steps.push('copy');
    var copy = { _id: row._id + '-copy', name: row.name };
    return db.insert(copy);
  }).spread(function (row) {
    steps.push('done');
    return [row._id, steps.join(',')];
  });
}
module.exports = { copy: copy };
`;
    const output = await assertSame(source, world, 'copy', [['u1'], ['nobody']]);
    assert.match(output, /row2/);
  });

  it('destructured values, shorthand properties on renamed names, closures and async callbacks', async () => {
    const source = `${HEADER}
function edge(id) {
  var row = { id: id };
  return Promise.try(function () {
    return db.find(id);
  }).then(function (row) {
    return { row, list: [1, 2].map(function (n) { return row && n; }) };
  }).then(function ({ row: found, list }) {
    if (!found) {
      return { name: 'none', list };
    }
    return db.find('u2').then(async (other) => ({ name: found.name + other.name, list }));
  }).then(function ({ name, list }) {
    bus.emit(name);
    return [row.id, name, list.length];
  });
}
module.exports = { edge: edge };
`;
    const output = await assertSame(source, world, 'edge', [['u1'], ['nobody'], ['boom']]);
    assert.match(output, /row: row2/);
  });

  it('a caller in another module of the package that needs a bluebird promise declines the rewrite', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'molt-tcta-'));
    try {
      fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"x"}');
      fs.mkdirSync(path.join(dir, 'models'));
      const model = `var Promise = require('bluebird');
function create(x) {
  return Promise.try(function () {
    return x;
  }).then(function (v) {
    return v + 1;
  });
}
function find(x) {
  return Promise.try(function () {
    return x;
  }).then(function (v) {
    return v;
  });
}
module.exports = { create: create, make: find };
`;
      const file = path.join(dir, 'models', 'thing.js');
      fs.writeFileSync(file, model);
      fs.writeFileSync(
        path.join(dir, 'service.js'),
        `var Thing = require('./models/thing');\nThing.create(1).tap(console.log);\nThing.make(2).then(console.log);\n`,
      );
      const out = applyUnit(unit, file, model);
      const codes = out.diagnostics.map((d) => d.code).sort();
      assert.deepEqual(codes, ['MOLT041', 'MOLT140']);
      assert.match(out.source, /function create\(x\) \{\n {2}return Promise\.try/);
      assert.match(out.source, /async function find\(x\)/);
      assert.match(
        out.diagnostics.find((d) => d.code === 'MOLT041')!.message,
        /create\(\.\.\.\)\.tap\(\.\.\.\) in service\.js:2/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // -------------------------------------------------------------------------------------------
  // random chains

  it('random chains of then/tap/spread/catch/finally/return behave the same (fast-check)', async () => {
    let rewritten = 0;
    let declined = 0;
    await fc.assert(
      fc.asyncProperty(chainArb, fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), async (chain, flags) => {
        const source = chainSource(chain);
        const { output, codes } = rewrite(source);
        if (!/async function f\b/.test(output)) {
          // the only shape the generator makes that must be declined: then(ok, fail) mid-chain
          assert.ok(codes.includes('MOLT044'), `not rewritten (${codes.join(', ')}):\n${source}`);
          declined++;
          return;
        }
        rewritten++;
        const before = await run(source, chainEnv, 'f', [flags]);
        const after = await run(output, chainEnv, 'f', [flags]);
        assert.deepEqual(
          after,
          before,
          `flags ${JSON.stringify(flags)}\n--- original:\n${source}\n--- rewritten:\n${output}`,
        );
      }),
      { numRuns: Number(process.env.MOLT_FC_RUNS ?? 120) },
    );
    assert.ok(rewritten > declined, `only ${rewritten} of ${rewritten + declined} random chains were rewritten`);
  });
});

// ---------------------------------------------------------------------------------------------
// the random chain generator

type Out =
  | { k: 'value'; v: number }
  | { k: 'pair'; v: number }
  | { k: 'later'; v: number }
  | { k: 'laterPair'; v: number }
  | { k: 'nested'; v: number }
  | { k: 'reject'; bad: boolean }
  | { k: 'throw'; cls: 'MyError' | 'Error'; bad: boolean }
  | { k: 'none' };

type StepSpec =
  | { t: 'then'; param: string | null; early: Out | null; mutate: boolean; out: Out }
  | { t: 'tap'; param: string | null; early: Out | null; out: Out }
  | { t: 'spread'; early: Out | null; out: Out }
  | { t: 'catch'; filter: 'none' | 'class' | 'predicate' | 'named'; param: string | null; early: Out | null; out: Out }
  | { t: 'finally'; early: Out | null; out: Out }
  | { t: 'return'; v: number }
  | { t: 'okFail'; ok: Out; fail: Out };

interface ChainSpec {
  head: { t: 'try'; throws: boolean; early: Out | null; out: Out } | { t: 'resolve'; v: number } | { t: 'reject' };
  steps: StepSpec[];
}

const outArb: fc.Arbitrary<Out> = fc.oneof(
  fc.record({ k: fc.constant('value' as const), v: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ k: fc.constant('pair' as const), v: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ k: fc.constant('later' as const), v: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ k: fc.constant('laterPair' as const), v: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ k: fc.constant('nested' as const), v: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ k: fc.constant('reject' as const), bad: fc.boolean() }),
  fc.record({
    k: fc.constant('throw' as const),
    cls: fc.constantFrom('MyError' as const, 'Error' as const),
    bad: fc.boolean(),
  }),
  fc.constant({ k: 'none' as const }),
);
const paramArb = fc.constantFrom(null, 'v', 'x', 'value');
const earlyArb = fc.option(outArb, { nil: null, freq: 2 });

const stepArb: fc.Arbitrary<StepSpec> = fc.oneof(
  fc.record({ t: fc.constant('then' as const), param: paramArb, early: earlyArb, mutate: fc.boolean(), out: outArb }),
  fc.record({ t: fc.constant('tap' as const), param: paramArb, early: earlyArb, out: outArb }),
  fc.record({ t: fc.constant('spread' as const), early: earlyArb, out: outArb }),
  fc.record({
    t: fc.constant('catch' as const),
    filter: fc.constantFrom('none' as const, 'class' as const, 'predicate' as const, 'named' as const),
    param: paramArb,
    early: earlyArb,
    out: outArb,
  }),
  fc.record({ t: fc.constant('finally' as const), early: earlyArb, out: outArb }),
  fc.record({ t: fc.constant('return' as const), v: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ t: fc.constant('okFail' as const), ok: outArb, fail: outArb }),
);

const chainArb: fc.Arbitrary<ChainSpec> = fc.record({
  head: fc.oneof(
    fc.record({ t: fc.constant('try' as const), throws: fc.boolean(), early: earlyArb, out: outArb }),
    fc.record({ t: fc.constant('resolve' as const), v: fc.integer({ min: 0, max: 9 }) }),
    fc.constant({ t: 'reject' as const }),
  ),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 7 }),
});

function outCode(o: Out, tag: string): string {
  switch (o.k) {
    case 'value':
      return `return ${o.v};`;
    case 'pair':
      return `return [${o.v}, '${tag}'];`;
    case 'later':
      return `return later(${o.v});`;
    case 'laterPair':
      return `return [later(${o.v}), '${tag}'];`;
    case 'nested':
      return `return later(${o.v}).then(function (n) {\n      log('${tag} nested ' + n);\n      return n + 1;\n    }).tap(function () {\n      log('${tag} nested tap');\n    });`;
    case 'reject':
      return `return Promise.reject(oops('${tag} rejected', ${o.bad}));`;
    case 'throw':
      return o.cls === 'MyError' ? `throw new MyError('${tag} threw');` : `throw oops('${tag} threw', ${o.bad});`;
    case 'none':
      return '';
  }
}

function show(param: string | null, tag: string): string {
  return param ? `log('${tag} ' + shown(${param}));` : `log('${tag}');`;
}

/** a callback body: its first log line, an optional early return (taken when flags[flag]), its outcome */
function body(first: string, tag: string, out: Out, early: Out | null, flag: number): string {
  const lines = [first];
  if (early) lines.push(`if (flags[${flag}]) {\n      log('${tag} early');\n      ${outCode(early, `${tag}e`)}\n    }`);
  lines.push(outCode(out, tag));
  return lines
    .filter(Boolean)
    .map((l) => `    ${l}`)
    .join('\n');
}

function chainSource(spec: ChainSpec): string {
  let head: string;
  if (spec.head.t === 'try') {
    const throwLine = spec.head.throws ? `\n    if (flags[7]) {\n      throw new MyError('head threw');\n    }` : '';
    head = `Promise.try(function () {${throwLine}\n${body(`log('head');`, 'head', spec.head.out, spec.head.early, 6)}\n  })`;
  } else if (spec.head.t === 'resolve') {
    head = `Promise.resolve(${spec.head.v})`;
  } else {
    head = `Promise.reject(headError)`;
  }
  const steps = spec.steps.map((s, i) => {
    const tag = `s${i}`;
    switch (s.t) {
      case 'then':
        return `.then(function (${s.param ?? ''}) {\n${body(show(s.param, tag) + (s.param && s.mutate ? `\n    ${s.param} = [${s.param}, 'changed'];` : ''), tag, s.out, s.early, i)}\n  })`;
      case 'tap':
        return `.tap(function (${s.param ?? ''}) {\n${body(show(s.param, tag), tag, s.out, s.early, i)}\n  })`;
      case 'spread':
        return `.spread(function (a${i}, b${i}) {\n${body(`log('${tag} ' + shown([a${i}, b${i}]));`, tag, s.out, s.early, i)}\n  })`;
      case 'catch': {
        const filter = { none: '', class: 'MyError, ', predicate: 'isBad, ', named: 'errors.OtherError, ' }[s.filter];
        const first = s.param ? `log('${tag} caught ' + ${s.param}.message);` : `log('${tag} caught');`;
        return `.catch(${filter}function (${s.param ?? ''}) {\n${body(first, tag, s.out, s.early, i)}\n  })`;
      }
      case 'finally':
        return `.finally(function () {\n${body(`log('${tag}');`, tag, s.out, s.early, i)}\n  })`;
      case 'return':
        return `.return(${s.v})`;
      case 'okFail':
        return `.then(function (v) {\n${body(show('v', `${tag}ok`), `${tag}ok`, s.ok, null, i)}\n  }, function (err) {\n${body(`log('${tag} fail ' + err.message);`, `${tag}fail`, s.fail, null, i)}\n  })`;
    }
  });
  return `var Promise = require('bluebird');
var util = require('util');
var log = require('./log');
var errors = require('./errors');

function MyError(message) {
  Error.call(this);
  this.name = 'MyError';
  this.message = message;
}
util.inherits(MyError, Error);

function isBad(err) {
  log('isBad?');
  return !!err && err.bad === true;
}

function oops(message, bad) {
  var err = new Error(message);
  err.bad = bad;
  return err;
}

var headError = new MyError('head rejected');

// a promise inside a value is shown as such: its state depends on ticks, which are not kept
function shown(value) {
  return JSON.stringify(value, function (key, v) {
    var raw = this[key];
    return raw && typeof raw.then === 'function' ? '<promise>' : v;
  });
}

function later(value) {
  return new Promise(function (resolve) {
    setImmediate(function () {
      resolve(value);
    });
  });
}

function f(flags) {
  return ${head}${steps.join('')};
}

module.exports = { f: f };
`;
}

class OtherError extends Error {
  override name = 'OtherError';
}

const chainEnv: Env = (log) => ({
  './log': (line: string) => {
    log.push(line);
  },
  './errors': { OtherError },
});
