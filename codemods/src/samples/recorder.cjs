/**
 * molt's runtime sampler, loaded into a legacy process with
 *   NODE_OPTIONS="--require <this file>"  MOLT_SAMPLES_DIR=<dir>  [MOLT_SAMPLES_ROOT=<legacy dir>]
 * It wraps the functions each module of the service exports (module.exports
 * itself when it is a function, and the functions on the exported object), and
 * records the shapes of their arguments and of what they return (a promise's
 * value once it settles). It changes no value: wrappers call through with the
 * same `this`, `new` and arguments, and return the same result. Shapes go to
 * <dir>/samples-<pid>.json, every second and at exit.
 *
 * Plain CommonJS on purpose: it runs inside the ES5 service, before any loader.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const Module = require('module');

const DIR = process.env.MOLT_SAMPLES_DIR;
const ROOT = path.resolve(process.env.MOLT_SAMPLES_ROOT || process.cwd());
const MAX_CALLS = 2000; // per function: enough to see every shape the contract suite makes
const MAX_VARIANTS = 6;
const MAX_DEPTH = 3;
const MAX_KEYS = 24;

/** site key → { calls, args: Shape[][], returns: Shape[] } */
const sites = Object.create(null);

function describe(value, depth) {
  if (value === null) return { t: 'null' };
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean' || type === 'undefined') return { t: type };
  if (type === 'function') return { t: 'function' };
  if (type !== 'object') return { t: 'unknown' };
  if (typeof value.then === 'function') return { t: 'promise', of: [] };
  if (Array.isArray(value)) {
    const of = [];
    for (const item of value.slice(0, 10)) add(of, depth < MAX_DEPTH ? describe(item, depth + 1) : { t: 'unknown' });
    return { t: 'array', of };
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    const name = proto.constructor && proto.constructor.name;
    return { t: 'class', name: name || 'unknown' };
  }
  if (depth >= MAX_DEPTH) return { t: 'unknown' };
  const keys = Object.keys(value);
  if (keys.length > MAX_KEYS) return { t: 'unknown' };
  const props = {};
  for (const k of keys) props[k] = [describe(value[k], depth + 1)];
  return { t: 'object', props, optional: [] };
}

const keyOf = (shape) =>
  shape.t === 'object'
    ? 'object'
    : shape.t === 'array'
      ? 'array'
      : shape.t === 'promise'
        ? 'promise'
        : JSON.stringify(shape);

/** Adds a shape to a union: objects merge key by key (a key some lack is optional), arrays and promises merge their items. */
function add(union, shape) {
  const same = union.find((s) => keyOf(s) === keyOf(shape));
  if (!same) {
    if (union.length < MAX_VARIANTS) union.push(shape);
    else if (!union.some((s) => s.t === 'unknown')) union.push({ t: 'unknown' });
    return;
  }
  if (shape.t === 'array' || shape.t === 'promise') {
    for (const s of shape.of) add(same.of, s);
  } else if (shape.t === 'object') {
    for (const k of Object.keys(same.props))
      if (!(k in shape.props) && !same.optional.includes(k)) same.optional.push(k);
    for (const k of Object.keys(shape.props)) {
      if (!(k in same.props)) {
        same.props[k] = [];
        same.optional.push(k);
      }
      for (const s of shape.props[k]) add(same.props[k], s);
    }
  }
}

function site(key) {
  return sites[key] || (sites[key] = { calls: 0, args: [], returns: [] });
}

/** `arity`: the declared parameters; one the caller left out was undefined in that call */
function record(key, args, result, arity) {
  const s = site(key);
  s.calls += 1;
  for (let i = 0; i < Math.max(args.length, arity); i++) {
    if (!s.args[i]) s.args[i] = [];
    add(s.args[i], describe(args[i], 0));
  }
  if (result === NO_RESULT) return;
  if (result && typeof result.then === 'function') {
    // a branch of our own: it neither handles nor hides the caller's rejection
    result.then(
      (value) => add(s.returns, { t: 'promise', of: [describe(value, 0)] }),
      () => add(s.returns, { t: 'promise', of: [] }),
    );
  } else {
    add(s.returns, describe(result, 0));
  }
}

const NO_RESULT = Symbol('threw');

function sample(key, args, result, arity) {
  if (site(key).calls >= MAX_CALLS) return;
  try {
    record(key, args, result, arity);
  } catch (err) {
    // sampling must never change what the service does
  }
}

function wrap(fn, key) {
  if (fn.__moltSampled) return fn;
  const wrapped = function () {
    const args = Array.prototype.slice.call(arguments);
    let result;
    try {
      result = new.target ? Reflect.construct(fn, args, new.target) : fn.apply(this, args);
    } catch (err) {
      // a call it refuses (a validator's bad input) is still a call it gets
      sample(key, args, NO_RESULT, fn.length);
      throw err;
    }
    sample(key, args, result, fn.length);
    return result;
  };
  Object.defineProperty(wrapped, 'name', { value: fn.name });
  Object.defineProperty(wrapped, 'length', { value: fn.length });
  Object.defineProperty(wrapped, '__moltSampled', { value: true });
  wrapped.prototype = fn.prototype;
  Object.assign(wrapped, fn);
  return wrapped;
}

/** A service module: under the root, not a package, not the sampler's own files. */
function sampled(filename) {
  return (
    filename &&
    filename.startsWith(ROOT + path.sep) &&
    !filename.includes(`${path.sep}node_modules${path.sep}`) &&
    filename.endsWith('.js')
  );
}

const load = Module.prototype.load;
Module.prototype.load = function (filename) {
  load.apply(this, arguments);
  if (!sampled(filename)) return;
  const rel = path.relative(ROOT, filename).split(path.sep).join('/');
  const exported = this.exports;
  if (typeof exported === 'function') {
    this.exports = wrap(exported, `${rel}#default`);
    for (const k of Object.keys(exported))
      if (typeof exported[k] === 'function') this.exports[k] = wrap(exported[k], `${rel}#${k}`);
  } else if (exported && typeof exported === 'object' && Object.getPrototypeOf(exported) === Object.prototype) {
    // in place: a module that required this one during a cycle holds this very object
    for (const k of Object.keys(exported)) {
      const d = Object.getOwnPropertyDescriptor(exported, k);
      if (d && d.writable && typeof d.value === 'function') exported[k] = wrap(d.value, `${rel}#${k}`);
    }
  }
};

function save() {
  if (!DIR) return;
  try {
    fs.mkdirSync(DIR, { recursive: true });
    fs.writeFileSync(path.join(DIR, `samples-${process.pid}.json`), JSON.stringify(sites));
  } catch (err) {
    // the directory went away: the run is over
  }
}

setInterval(save, 1000).unref();
process.on('exit', save);
module.exports = { add, describe };
