/**
 * Every diagnostic molt can emit. MOLT0xx: correctness (a rewrite declined so
 * meaning is kept, or a file left alone); MOLT1xx: cleanup left for a human;
 * MOLT2xx: style. codemods/docs/diagnostics.md explains each; a test keeps the
 * two in step.
 */
export const DIAGNOSTICS: Record<string, string> = {
  MOLT000: 'a unit crashed on this file; the file is kept as it was before that unit',
  MOLT001: 'the file could not be parsed; it is copied unchanged',
  MOLT002: "a unit's output did not parse; that unit's change is dropped",
  MOLT010: 'var kept: it is used before its declaration or outside its block',
  MOLT011: 'var kept: the name is declared more than once in its function',
  MOLT012: 'var kept: a closure inside a loop captures it (let would give each iteration its own binding)',
  MOLT013: 'var kept: declared without a value inside a loop, so it carries its value into the next iteration',
  MOLT014: 'var kept: declared directly in a switch case (block scoping would put other cases in its dead zone)',
  MOLT015: 'left alone: the function uses eval or with, so no binding can be proven unused',
  MOLT160: 'a type error molt could not fix is marked with @ts-expect-error and listed for a human',
  MOLT161: 'a parameter nothing types (no JSDoc, no usage TypeScript can infer from) is marked `any` and listed',
  MOLT020: 'function kept: it uses `this` (an arrow would change what `this` is)',
  MOLT021: 'function kept: it uses `arguments`',
  MOLT022: 'function kept: it refers to itself by name, is a generator, or is used as a constructor',
  MOLT023: '`this` alias kept: it is used inside a nested non-arrow function, where `this` means something else',
  MOLT024: '`this` alias kept: it is reassigned, declared more than once, or may be read before it is set',
  MOLT030: 'constructor kept a function: it works or is called without `new` (a class throws), or is passed around as a plain value',
  MOLT031: 'constructor kept a function: its parent call cannot become super() (`this` used first, Parent.call conditional, nested, repeated or missing, or the parent unknown)',
  MOLT032: 'constructor kept a function: its prototype is replaced after members were added, replaced without `constructor`, used as a value, or a member is defined twice',
  MOLT033: 'constructor kept a function: it returns a value',
  MOLT034: 'constructor kept a function: members are added conditionally or inside another function, or it is declared inside a block',
  MOLT035: 'constructor kept a function: its name is used before its declaration or before its members are defined (a class is not hoisted), or it is reassigned or declared twice',
  MOLT036: 'constructor kept a function: a prototype method is an arrow function (it does not get the instance as `this`)',
  MOLT037: 'Error subclass kept a function: its constructor does not set `this.message` and capture the stack itself, so super() would change its own properties',
  MOLT038: 'accessor kept as Object.defineProperty: its descriptor is not a plain get/set pair a class accessor matches',
  MOLT039: 'constructor kept a function: its code relies on sloppy mode (implicit globals, arguments aliasing, `this` as the global object, eval, writes to getter-only properties), and class bodies are strict',
  MOLT040: 'chain kept: code that runs before the first await (statements before the return, or the chain head outside Promise.try) may throw synchronously, and an async function would turn that throw into a rejection',
  MOLT041: 'chain kept: a caller (in the same file, or in another module of its package that requires it) uses a method native promises lack (.spread, .tap, .return, .catch(filter, fn), ...) on the function\'s result, and an async function returns a native Promise',
  MOLT042: 'chain kept: a callback returns from a place other than its tail (a loop, switch, try, or a branch that does not always return), or returns a promise from inside its own try',
  MOLT043: 'chain kept: a callback cannot be inlined (it uses this/arguments, names itself, has default, rest or extra parameters, declares a function at its top level, or is not a function literal)',
  MOLT044: 'chain kept: .then(ok, fail) whose result feeds later steps (fail would have to skip them), or whose ok handler destructures its value',
  MOLT045: 'chain kept: a filtered .catch whose filter molt cannot classify as an Error class (instanceof) or a predicate (called), such as an object predicate',
  MOLT046: 'chain kept: a value bluebird evaluates when the chain is built (.return(v), a catch filter) might differ when the rewritten code reads it later',
  MOLT047: 'chain kept: it uses a bluebird method or argument shape with no rewrite here (.asCallback, .delay, .bind, spread arguments, ...)',
  MOLT048: 'chain kept: the function uses eval or with, or `await` as a name',
  MOLT049: 'chain kept: the function is not `[statements;] return <chain>` (it returns elsewhere too, or is used as a constructor)',
  MOLT050: 'file left as CommonJS: it uses `this` (module.exports) or `arguments` (the module wrapper\'s) at the top level',
  MOLT051: 'file left as CommonJS: module/exports are used in a way ES module exports cannot express (assigned in a function or twice, `exports` reassigned, exports.x lost by CommonJS, module.id and the like, a top-level return)',
  MOLT052: 'require kept through createRequire: it runs lazily (in a function, under a condition, in a loop or a try); a static import would load it eagerly and make an optional dependency mandatory',
  MOLT053: 'require kept through createRequire: computed specifier, require.resolve, or require passed around as a value',
  MOLT054: 'require.main / require.cache / require.extensions kept through createRequire: ES modules are not in require.cache, and require.main is undefined when the entry point is an ES module',
  MOLT055: 'require kept through createRequire: top-level code with effects runs before it in CommonJS, and a hoisted import would run before that code',
  MOLT056: 'circular require (the message names the cycle): converted, but imports are hoisted and bindings are live, so check that no module in the cycle uses another while they load',
  MOLT057: 'file left as CommonJS: it uses a module of a require cycle while the modules load, which an ES module would see uninitialized (a TDZ error) or differently',
  MOLT058: 'file left as CommonJS: it relies on sloppy mode (assigns an undeclared variable, uses arguments.callee, or calls a function that uses `this` without a receiver), and an ES module is always strict code',
  MOLT061: 'bluebird static kept: it has no native rewrite in molt yet (mapSeries, reduce, props, delay, …), its arguments are not (list, handler), or Promise.join has a handler',
  MOLT062: 'bluebird static kept: its promise is not awaited or returned in an async function, so neither a loop nor a native promise can stand in for the bluebird one its user holds',
  MOLT063: "bluebird static kept: its handler cannot be inlined or called natively (not a function literal, uses this/arguments, a third parameter that differs between bluebird and Array#map, several returns, a var or function that would hoist)",
  MOLT064: 'Promise.map kept: its options are not a literal { concurrency: n }, or a concurrency is set in a CommonJS file (p-map, which keeps it, is an ES module)',
  MOLT140: 'function made async: it now returns a native Promise instead of a bluebird one; no caller molt can see uses a bluebird-only method on it, but callers outside its package (or that pass the result on) must not either',
  MOLT141: 'promise chain left alone: it is not in return position (fire-and-forget, passed as an argument, awaited, assigned)',
  MOLT142: 'filtered .catch rewritten by naming convention: names ending in "Error" are taken as Error classes (instanceof), is*/has* as predicates (called without bluebird\'s this); check the named filters',
  MOLT143: '.spread rewritten as await Promise.all(...), which also waits for promises inside the array as bluebird did; drop Promise.all when the array never holds promises',
  MOLT170: 'Promise.each/map rewritten natively: bluebird awaited promises inside the list before it called the handler, a for-of loop or Array#map hands them over as they are; check that the list holds values',
  MOLT150: 'require.main === module (or !module.parent) became import.meta.url === pathToFileURL(process.argv[1]).href, which is false when node starts the file through a symlink or without its extension',
  MOLT151: 'module.exports kept as one object (default export and require(), no named exports): the module reads or changes its exports after setting them up, or their shape is not a plain list',
  MOLT152: 'require of a JSON file kept through createRequire (an import needs `with { type: \'json\' }` and gets its own copy)',
  MOLT153: 'a package with an ES module entry is now imported: the import may load another build than require() did; check its default export',
  MOLT154: "local require specifiers got '.js' without a check on disk (the file or the required module was not found): a directory needs '/index.js'; require cycles were not checked",
};

export function describeCode(code: string): string {
  const text = DIAGNOSTICS[code];
  if (!text) throw new Error(`molt: unknown diagnostic code ${code}`);
  return text;
}
