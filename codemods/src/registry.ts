import type { FileUnit } from './unit.js';
import varToLetConst from './transforms/var-to-let-const.js';
import prototypeToClass from './transforms/prototype-to-class.js';
import functionToArrow from './transforms/function-to-arrow.js';
import concatToTemplate from './transforms/concat-to-template.js';
import objectShorthand from './transforms/object-shorthand.js';
import selfThis from './transforms/self-this.js';
import cjsToEsm from './transforms/cjs-to-esm.js';
import thenChainToAwait from './transforms/then-chain-to-await.js';
import bluebirdStatics from './transforms/bluebird-statics.js';
import spreadRest from './transforms/spread-rest.js';
import defaultParams from './transforms/default-params.js';
import promisifyAll from './transforms/promisify-all.js';

/**
 * The single list of what molt can do, in the order the pipeline runs it.
 * Stages run in STAGES order; within a stage, units run in this order.
 */
export const UNITS: FileUnit[] = [
  {
    name: 'var-to-let-const',
    kind: 'jscodeshift',
    edits: 'tree',
    stage: 'es2022',
    safety: 'safe',
    description: 'var → const/let where block scoping keeps every reference meaning the same',
    transform: varToLetConst,
  },
  {
    // before function-to-arrow: a function that no longer reads `arguments` can become an arrow in the same run
    name: 'spread-rest',
    kind: 'jscodeshift',
    edits: 'tree',
    stage: 'es2022',
    safety: 'safe',
    description: 'arguments → a rest parameter (slice, apply, length, [i]) and Object.assign({}, a, b) → { ...a, ...b }',
    transform: spreadRest,
  },
  {
    name: 'default-params',
    kind: 'jscodeshift',
    edits: 'tree',
    stage: 'es2022',
    safety: 'safe',
    description: "if (x === undefined) x = d → a default parameter, where the function's length cannot be read; x = x || d is kept and said why",
    transform: defaultParams,
  },
  {
    // before function-to-arrow: prototype methods must still be function expressions
    name: 'prototype-to-class',
    kind: 'jscodeshift',
    edits: 'tree',
    stage: 'es2022',
    safety: 'safe',
    description: 'constructor functions with prototype methods (and util.inherits) → classes, when hoisting, new, super() and strict mode keep their meaning',
    transform: prototypeToClass,
  },
  {
    name: 'function-to-arrow',
    kind: 'jscodeshift',
    edits: 'tree',
    stage: 'es2022',
    safety: 'safe',
    description: 'callbacks and function expressions in variables → arrows, unless they need their own this',
    transform: functionToArrow,
  },
  {
    name: 'concat-to-template',
    kind: 'jscodeshift',
    edits: 'tree',
    stage: 'es2022',
    safety: 'safe',
    description: "string concatenation chains that start as strings ('a' + b + 'c') → template literals",
    transform: concatToTemplate,
  },
  {
    name: 'object-shorthand',
    kind: 'jscodeshift',
    edits: 'tree',
    stage: 'es2022',
    safety: 'safe',
    description: '{ a: a } → { a } and { f: function () {} } → { f() {} } when the function is no constructor',
    transform: objectShorthand,
  },
  {
    // after function-to-arrow: the callbacks that read the alias must already be arrows
    name: 'self-this',
    kind: 'jscodeshift',
    edits: 'tree',
    stage: 'es2022',
    safety: 'safe',
    description: 'var self = this → this, when every use sees the same this (the function itself or arrows in it)',
    transform: selfThis,
  },
  {
    // last of es2022: the one unit that edits text runs after the tree units, which then share one parse and one print;
    // what it writes is what they would leave as is (a function module.exports was becomes a declaration, not a
    // function expression in a const, which function-to-arrow would turn into an arrow on a second run)
    name: 'cjs-to-esm',
    kind: 'jscodeshift',
    parser: 'babel',
    stage: 'es2022',
    safety: 'safe',
    description: "require/module.exports → import/export (default + named, plus 'module.exports' for require(esm)); lazy requires via createRequire",
    transform: cjsToEsm,
  },
  {
    // first of async: sees the es2022 output (arrows, imports); after it, functions return native promises
    name: 'then-chain-to-await',
    kind: 'jscodeshift',
    stage: 'async',
    safety: 'safe',
    description: 'functions that return a bluebird chain (then/spread/tap/catch/finally/return) → async functions with await, when no sync throw, caller or handler changes meaning',
    transform: thenChainToAwait,
  },
  {
    // after then-chain-to-await: the statics it rewrites must be awaited in async functions
    name: 'bluebird-statics',
    kind: 'jscodeshift',
    edits: 'tree',
    stage: 'async',
    safety: 'safe',
    description: 'awaited Promise.each → for-of with await, Promise.map → Promise.all(list.map) (kept when it sets a concurrency: bluebird runs the queue last first), Promise.mapSeries → p-map one at a time, Promise.join → Promise.all, Promise.props over an object literal → Promise.all of its entries, Promise.reduce → a loop, Promise.delay → timers/promises',
    transform: bluebirdStatics,
  },
  {
    // after then-chain-to-await: the …Async calls it rewrites must be awaited
    name: 'promisify-all',
    kind: 'jscodeshift',
    edits: 'tree',
    stage: 'async',
    safety: 'safe',
    description: 'await x.fooAsync(…) of promisifyAll on a class → await promisify(x.foo).call(x, …), where x surely holds an instance of that class',
    transform: promisifyAll,
  },
];

export function findUnit(name: string): FileUnit {
  const unit = UNITS.find((u) => u.name === name);
  if (!unit) throw new Error(`molt: no unit named "${name}" (known: ${UNITS.map((u) => u.name).join(', ')})`);
  return unit;
}

/**
 * Project-wide passes, run after the file units: `project` ones on the migrated
 * sources in memory (they read several files and write new ones), `ts-morph` ones
 * on the written output.
 */
export interface ProjectPass {
  name: string;
  kind: 'project' | 'ts-morph';
  stage: 'config' | 'typescript';
  safety: 'safe' | 'unsafe';
  description: string;
}

export const PASSES: ProjectPass[] = [
  {
    name: 'config-layers',
    kind: 'project',
    stage: 'config',
    safety: 'unsafe',
    description:
      'config-<env>.js copied by hand + its loader → conf/base.ts, config/<env>.ts (differences only), a zod schema of the types found and a layered loader at the old path',
  },
  {
    name: 'js-to-ts',
    kind: 'ts-morph',
    stage: 'typescript',
    safety: 'safe',
    description: '.js → .ts with types from JSDoc and usage; the rest listed as any or @ts-expect-error',
  },
];

