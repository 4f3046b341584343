/**
 * Names molt knows the meaning of without seeing their definition: the methods a native Promise has,
 * the bluebird statics that take handlers or settle arrays, and the globals (Error classes included)
 * that a well-behaved program does not redefine. The safety checks lean on these lists.
 */

/** methods a native Promise has (a caller using anything else needs a bluebird promise) */
export const NATIVE_METHODS = new Set(['then', 'catch', 'finally']);
/** bluebird statics that take a handler and turn its throws into rejections */
export const BLUEBIRD_HANDLER_STATICS = new Set([
  'try',
  'attempt',
  'method',
  'map',
  'mapSeries',
  'each',
  'filter',
  'reduce',
  'join',
]);
/** bluebird statics whose result is an array of settled values */
export const BLUEBIRD_ARRAY_STATICS = new Set(['all', 'join', 'map', 'mapSeries', 'filter', 'each']);
export const GLOBAL_ERRORS = new Set([
  'Error',
  'TypeError',
  'RangeError',
  'SyntaxError',
  'ReferenceError',
  'EvalError',
  'URIError',
  'AggregateError',
]);
export const KNOWN_GLOBALS = new Set([
  'undefined',
  'NaN',
  'Infinity',
  'Object',
  'Array',
  'String',
  'Number',
  'Boolean',
  'Symbol',
  'Date',
  'Math',
  'JSON',
  'Promise',
  'Map',
  'Set',
  'WeakMap',
  'WeakSet',
  'RegExp',
  'parseInt',
  'parseFloat',
  'isNaN',
  'isFinite',
  'console',
  'process',
  'Buffer',
  'require',
  'module',
  'exports',
  '__dirname',
  '__filename',
  'setTimeout',
  'setImmediate',
  'setInterval',
  'clearTimeout',
  'clearInterval',
  'clearImmediate',
  'globalThis',
  ...GLOBAL_ERRORS,
]);
