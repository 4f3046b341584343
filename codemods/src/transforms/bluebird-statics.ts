import type { ASTPath, JSCodeshift } from 'jscodeshift';
import { addNamedImport, enclosingFunction, freeName, FUNCTION_TYPES, isReference, lineOf, moduleBinding, moduleFreeName, requiredModule } from '../ast.js';
import type { SiteReporter, Transform } from '../unit.js';
import { ownUses, propertyName, refersToItself } from './function-facts.js';

// any: babel's estree nodes are told apart by `type`, which ast-types' unions do not narrow

/**
 * bluebird's collection statics → native code, where their promise is awaited in an async function (the output
 * of then-chain-to-await):
 *
 *   await Promise.each(xs, x => f(x));          for (const x of xs) { await f(x); }
 *   return Promise.each(xs, fn);                 (the same loop, then) return xs;
 *   await Promise.map(xs, fn);                   await Promise.all(xs.map(fn));
 *   Promise.join(a, b)                           Promise.all([a, b])
 *   await Promise.mapSeries(xs, fn)              await pMap(xs, fn, { concurrency: 1 });   (import pMap from 'p-map')
 *   await Promise.reduce(xs, fn, 0)              a loop: acc = await reducer(acc, await item)
 *   await Promise.delay(50)                      await delay(50)   (import { setTimeout as delay } from 'node:timers/promises')
 *
 * A list that comes from a call is awaited first (bluebird takes a promise of the list). bluebird also awaits
 * promises *inside* the list before it calls the handler; a native loop or Array#map hands them over as they are,
 * so each rewrite says so (MOLT170) for a human to confirm the list holds values. Where the promise is not
 * awaited in an async function, the handler cannot be inlined, the handler's signature differs from the native one
 * or the static has no rewrite here, the call is kept with a diagnostic. The bluebird import goes once nothing
 * uses it any more.
 */
const transform: Transform = (file, api, { molt }) => {
  const j = api.jscodeshift;
  const root = j(file.source);
  const binding = moduleBinding(j, root, 'bluebird');
  if (!binding) return undefined;
  const programScope = root.find(j.Program).paths()[0]?.scope;
  const bluebirdCalls = (): ASTPath<any>[] =>
    root
      .find(j.CallExpression)
      .filter((p: ASTPath<any>) => {
        const callee = p.node.callee;
        return (
          callee.type === 'MemberExpression' &&
          callee.object.type === 'Identifier' &&
          callee.object.name === binding.name &&
          (p.get('callee', 'object') as any).scope?.lookup(binding.name) === programScope
        );
      })
      .paths();

  let rewritten = 0;
  let needsPMap = false;
  /** the local name of timers/promises' setTimeout, once a Promise.delay is rewritten */
  let delayName: string | null = null;
  const site = new Sites(j, molt);
  const seen = new Set<unknown>();
  // Outermost first, and looked up again after each rewrite: inlining a handler moves the calls inside it into
  // the async function, where they can be rewritten in turn (so a second run finds nothing left to do).
  for (;;) {
    const call = bluebirdCalls()
      .filter((p) => !seen.has(p.node))
      .sort((a: ASTPath<any>, b: ASTPath<any>) => a.node.start - b.node.start)[0];
    if (!call) break;
    seen.add(call.node);
    const method = propertyName(call.node.callee);
    if (method === 'each') rewritten += site.each(call) ? 1 : 0;
    else if (method === 'map') {
      rewritten += site.map(call) ? 1 : 0;
    } else if (method === 'mapSeries') {
      if (site.mapSeries(call, binding.isModule)) {
        rewritten++;
        needsPMap = true;
      }
    } else if (method === 'reduce') rewritten += site.reduce(call) ? 1 : 0;
    else if (method === 'join') rewritten += site.join(call) ? 1 : 0;
    else if (method === 'props') rewritten += site.props(call) ? 1 : 0;
    else if (method === 'delay') {
      const name = site.delay(call, root, delayName);
      if (name) {
        delayName = name;
        rewritten++;
      }
    }
    else if (method !== undefined && NO_REWRITE.has(method)) {
      molt.declined('MOLT061', lineOf(call.node), `Promise.${method} kept: bluebird's ${method} has no native rewrite in molt yet`);
    }
  }
  if (rewritten === 0) return undefined;
  if (needsPMap) addDefaultImport(j, root, 'pMap', 'p-map');
  if (delayName) addNamedImport(j, root, { imported: 'setTimeout', local: delayName, esm: 'node:timers/promises', cjs: 'timers/promises', isModule: binding.isModule });
  removeIfUnused(j, root, binding.name, programScope);
  molt.rewrote(rewritten);
  return root.toSource({ quote: 'single' });
};

/** bluebird statics that molt does not rewrite (yet), named in MOLT061; all/resolve/reject/try behave as native. */
const NO_REWRITE = new Set([ 'filter', 'settle', 'some', 'any', 'race', 'timeout', 'coroutine', 'using']);

/** Where a call's promise goes: awaited as a statement, returned or awaited into a variable, in an async function. */
type Use = { kind: 'discarded' | 'returned'; statement: ASTPath<any> } | { kind: 'assigned'; statement: ASTPath<any>; id: any };

class Sites {
  constructor(
    private readonly j: JSCodeshift,
    private readonly molt: SiteReporter,
  ) {}

  /** How the call's result is used, or a decline (MOLT062) when it is not awaited in an async function. */
  use(call: ASTPath<any>): Use | null {
    let p: ASTPath<any> = call;
    const awaited = p.parent.node.type === 'AwaitExpression';
    if (awaited) p = p.parent;
    const parent = p.parent.node;
    const inAsync = (enclosingFunction(p).node as any).async === true;
    let use: Use | null = null;
    if (inAsync && awaited && parent.type === 'ExpressionStatement') use = { kind: 'discarded', statement: p.parent };
    else if (inAsync && parent.type === 'ReturnStatement') use = { kind: 'returned', statement: p.parent };
    else if (inAsync && awaited && parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') {
      const decl = p.parent.parent;
      if (decl.node.declarations.length === 1 && decl.node.kind !== 'var') use = { kind: 'assigned', statement: decl, id: parent.id };
    }
    if (!use) {
      this.molt.declined(
        'MOLT062',
        lineOf(call.node),
        `Promise.${propertyName(call.node.callee)} kept: its promise is not awaited (or returned) in an async function, so no loop or native promise can stand in for it`,
      );
    }
    return use;
  }

  /** Promise.each(list, handler) → for (const item of list) { …handler's body, its result awaited… } */
  each(call: ASTPath<any>): boolean {
    const j = this.j;
    const [list, handler, ...rest] = call.node.arguments;
    if (!list || !handler || rest.length > 0 || list.type === 'SpreadElement') return this.declineShape(call);
    const use = this.use(call);
    if (!use) return false;
    const refusal = this.inlineRefusal(call.get('arguments', 1), 1);
    if (refusal) {
      this.molt.declined('MOLT063', lineOf(call.node), `Promise.each kept: ${refusal}`);
      return false;
    }
    const body = loopBody(j, handler);
    const needsName = use.kind !== 'discarded' && list.type !== 'Identifier';
    const items = use.kind === 'assigned' ? use.id : needsName ? j.identifier(freeName(j, use.statement, 'items')) : null;
    const source = awaitedList(j, list, use.statement);
    const loop = j.forOfStatement(declarationOf(j, handler.params[0]), items ?? source, j.blockStatement(body));
    const before = items ? [j.variableDeclaration('const', [j.variableDeclarator(items, source)])] : [];
    const after = use.kind === 'returned' ? [j.returnStatement(items ?? list)] : [];
    this.caveat(call, 'each');
    use.statement.replace(...before, loop, ...after);
    return true;
  }

  /** Promise.map(list, fn) → Promise.all(list.map(fn)); with a concurrency it is kept (MOLT064) */
  map(call: ASTPath<any>): boolean {
    const j = this.j;
    const [list, mapper, options, ...rest] = call.node.arguments;
    if (!list || !mapper || rest.length > 0 || list.type === 'SpreadElement') return this.declineShape(call);
    const use = this.use(call);
    if (!use || this.handlerRefused(call, 'map')) return false;
    if (options && concurrencyOf(options) !== 'none') {
      // measured: bluebird starts the queued handlers last first (1, 5, 4, 3, 2 at concurrency 1), where p-map or
      // any in-order pool starts them in list order, so the order of their side effects would change
      this.molt.declined(
        'MOLT064',
        lineOf(call.node),
        "Promise.map kept: it sets a concurrency (or options molt cannot read), and bluebird then starts the waiting handlers in reverse list order, which no in-order pool (p-map) keeps",
      );
      return false;
    }
    this.caveat(call, 'map');
    const mapped = j.callExpression(j.memberExpression(awaitedList(j, list, use.statement), j.identifier('map')), [mapper]);
    call.replace(promiseAll(j, mapped));
    return true;
  }

  /** Promise.join(a, b) → Promise.all([a, b]); bluebird's join with a handler is kept. */
  join(call: ASTPath<any>): boolean {
    const args = call.node.arguments;
    const last = args[args.length - 1];
    if (args.length === 0 || args.some((a: any) => a.type === 'SpreadElement') || FUNCTION_TYPES.has(last.type) || last.type === 'Identifier') {
      this.molt.declined('MOLT061', lineOf(call.node), 'Promise.join kept: its last argument is (or may be) a handler, which Promise.all has no place for');
      return false;
    }
    if (!this.use(call)) return false;
    call.replace(promiseAll(this.j, this.j.arrayExpression(args)));
    return true;
  }

  /**
   * Promise.props({ k: v, … }) → Promise.all(Object.entries({ k: v, … }).map(async ([key, value]) => [key, await value])).then(Object.fromEntries):
   * the same own enumerable keys (Object.keys, as bluebird reads them), each value awaited, the first rejection
   * winning. Only over an object literal: anything else may be a Map (bluebird then resolves to a Map) or a
   * promise of one.
   */
  props(call: ASTPath<any>): boolean {
    const j = this.j;
    const [object, ...rest] = call.node.arguments;
    if (!object || rest.length > 0 || object.type !== 'ObjectExpression' || !object.properties.every(isPlainProperty)) {
      this.molt.declined('MOLT061', lineOf(call.node), 'Promise.props kept: its argument is not an object literal of plain properties (a Map, or a promise of one, resolves to a Map in bluebird)');
      return false;
    }
    // an expression for an expression: awaited anywhere, or returned from an async function, its value is all that counts
    const awaited = call.parent.node.type === 'AwaitExpression';
    const returned = call.parent.node.type === 'ReturnStatement' && (enclosingFunction(call).node as any).async === true;
    if (!awaited && !returned && !this.use(call)) return false;
    const entries = j.callExpression(j.memberExpression(j.identifier('Object'), j.identifier('entries')), [object]);
    const pair = j.arrowFunctionExpression(
      [j.arrayPattern([j.identifier('key'), j.identifier('value')])],
      j.arrayExpression([j.identifier('key'), j.awaitExpression(j.identifier('value'))]),
    );
    pair.async = true;
    const all = promiseAll(j, j.callExpression(j.memberExpression(entries, j.identifier('map')), [pair]));
    call.replace(j.callExpression(j.memberExpression(all, j.identifier('then')), [j.memberExpression(j.identifier('Object'), j.identifier('fromEntries'))]));
    return true;
  }

  /**
   * Promise.reduce(list, fn, initial) → a loop that awaits each item, then the reducer's result, as bluebird does:
   *   const reducer = fn;
   *   let acc = initial;                         (a literal: nothing to await, no effect to order)
   *   for (const item of list) acc = await reducer(acc, await item);
   * Kept without an initial value (bluebird then starts from the first item) or when the reducer reads the index.
   */
  reduce(call: ASTPath<any>): boolean {
    const j = this.j;
    const [list, reducer, initial, ...rest] = call.node.arguments;
    if (!list || !reducer || !initial || rest.length > 0 || list.type === 'SpreadElement' || !isInert(initial)) {
      this.molt.declined(
        'MOLT061',
        lineOf(call.node),
        'Promise.reduce kept: its arguments are not (list, reducer, initial value) with a literal initial value (without one bluebird starts from the first item; one that may be a promise or have effects would be awaited or run in another order)',
      );
      return false;
    }
    const use = this.use(call);
    if (!use) return false;
    const fn = reducer;
    const refusal =
      (fn.type === 'ArrowFunctionExpression' || fn.type === 'FunctionExpression') && fn.params.length > 2
        ? 'its reducer reads the index or the length'
        : this.signatureRefusal(call.get('arguments', 1));
    if (refusal) {
      this.molt.declined('MOLT063', lineOf(call.node), `Promise.reduce kept: ${refusal}`);
      return false;
    }
    const name = (base: string): any => j.identifier(freeName(j, use.statement, base));
    const reducerName = name('reducer');
    const item = name('item');
    const acc = use.kind === 'assigned' ? use.id : name('acc');
    const step = j.expressionStatement(
      j.assignmentExpression('=', acc, j.awaitExpression(j.callExpression(reducerName, [acc, j.awaitExpression(item)]))),
    );
    use.statement.replace(
      j.variableDeclaration('const', [j.variableDeclarator(reducerName, reducer)]),
      j.variableDeclaration('let', [j.variableDeclarator(acc, initial)]),
      j.forOfStatement(j.variableDeclaration('const', [j.variableDeclarator(item)]), awaitedList(j, list, use.statement), j.blockStatement([step])),
      ...(use.kind === 'returned' ? [j.returnStatement(acc)] : []),
    );
    return true;
  }

  /** Promise.mapSeries(list, fn) → pMap(list, fn, { concurrency: 1 }): one handler at a time, in order, stopping at the first rejection */
  mapSeries(call: ASTPath<any>, isModule: boolean): boolean {
    const j = this.j;
    const [list, mapper, ...rest] = call.node.arguments;
    if (!list || !mapper || rest.length > 0 || list.type === 'SpreadElement') return this.declineShape(call);
    if (!isModule) {
      this.molt.declined('MOLT064', lineOf(call.node), 'Promise.mapSeries kept: p-map, which runs it one at a time, is an ES module this CommonJS file cannot import');
      return false;
    }
    const use = this.use(call);
    if (!use || this.handlerRefused(call, 'mapSeries')) return false;
    this.caveat(call, 'mapSeries');
    const one = j.objectExpression([j.property('init', j.identifier('concurrency'), j.literal(1))]);
    call.replace(j.callExpression(j.identifier('pMap'), [awaitedList(j, list, use.statement), mapper, one]));
    return true;
  }

  /**
   * await Promise.delay(ms[, value]) → await delay(ms[, value]), timers/promises' setTimeout: the same timer,
   * resolving with the same value. Only for a delay that is surely a number (a literal, or a const of one):
   * bluebird coerces '50' where Node refuses it; and only for a literal value (bluebird waits for a promise).
   * Returns the local name used for setTimeout, or null when the call is kept.
   */
  delay(call: ASTPath<any>, root: ReturnType<JSCodeshift>, known: string | null): string | null {
    const [ms, value, ...rest] = call.node.arguments;
    if (!ms || rest.length || !isNumber(ms, root, this.j) || (value && !isPlainLiteral(value))) {
      this.molt.declined('MOLT061', lineOf(call.node), 'Promise.delay kept: its delay is not surely a number (Node refuses what bluebird coerces) or its value may be a promise (bluebird waits for it)');
      return null;
    }
    if (!this.use(call)) return null;
    const name = known ?? moduleFreeName(this.j, root, 'delay');
    call.replace(this.j.callExpression(this.j.identifier(name), call.node.arguments));
    return name;
  }

  private declineShape(call: ASTPath<any>): false {
    this.molt.declined('MOLT061', lineOf(call.node), `Promise.${propertyName(call.node.callee)} kept: its arguments are not (list, handler) as molt rewrites them`);
    return false;
  }

  private caveat(call: ASTPath<any>, method: string): void {
    this.molt.declined(
      'MOLT170',
      lineOf(call.node),
      `Promise.${method} rewritten natively: bluebird awaited promises inside the list before calling the handler, the native code hands them over as they are; check that the list holds values`,
    );
  }

  /**
   * Array#map calls (item, index, array) where bluebird calls (item, index, length): a function literal that takes
   * at most two parameters and no `arguments` sees no difference; it must not need its own `this` either.
   */
  /** MOLT063 when the handler cannot be called natively as it is (see signatureRefusal) */
  private handlerRefused(call: ASTPath<any>, method: string): boolean {
    const refusal = this.signatureRefusal(call.get('arguments', 1));
    if (refusal) this.molt.declined('MOLT063', lineOf(call.node), `Promise.${method} kept: ${refusal}`);
    return refusal !== undefined;
  }

  private signatureRefusal(fnPath: ASTPath<any>): string | undefined {
    const fn = fnPath.node;
    if (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') return 'its handler is not a function literal, so molt cannot see how many arguments it reads';
    if (fn.generator) return 'its handler is a generator';
    if (fn.params.length > 2) return 'its handler takes a third parameter, which is the length for bluebird and the array for Array#map';
    const uses = ownUses(this.j, fnPath);
    if (uses.arguments) return 'its handler reads `arguments`';
    if (uses.this) return 'its handler reads `this`';
    return undefined;
  }

  /** Can this handler's body become a loop body? One plain parameter, one return at most, as its last statement. */
  private inlineRefusal(fnPath: ASTPath<any>, maxParams: number): string | undefined {
    const refusal = this.signatureRefusal(fnPath);
    if (refusal) return refusal;
    const fn = fnPath.node;
    if (fn.params.length !== maxParams) return `its handler takes ${fn.params.length} parameters; a loop gives it the item only`;
    if (fn.params[0].type === 'AssignmentPattern' || fn.params[0].type === 'RestElement') return 'its handler has a default or rest parameter';
    if (fn.id && refersToItself(this.j, fnPath)) return 'its handler refers to itself by name';
    if (fn.body.type !== 'BlockStatement') return undefined;
    const returns = ownReturns(this.j, fnPath);
    const last = fn.body.body[fn.body.body.length - 1];
    if (returns.some((r) => r.node !== last)) return 'its handler returns from a place other than its last statement (a loop would need continue)';
    const hoisting = fn.body.body.some((s: any) => s.type === 'FunctionDeclaration' || (s.type === 'VariableDeclaration' && s.kind === 'var'));
    if (hoisting) return 'its handler declares a var or a function, which would hoist into the enclosing function';
    return undefined;
  }
}

/** The handler's body as loop statements: its result (the returned or arrow-body value) awaited, as bluebird did. */
function loopBody(j: JSCodeshift, fn: any): any[] {
  const awaitOf = (e: any): any => (e.type === 'AwaitExpression' ? e : j.awaitExpression(e));
  if (fn.body.type !== 'BlockStatement') return [j.expressionStatement(awaitOf(fn.body))];
  const body = [...fn.body.body];
  const last = body[body.length - 1];
  if (last?.type === 'ReturnStatement') {
    body.pop();
    if (last.argument) body.push(j.expressionStatement(awaitOf(last.argument)));
  }
  return body;
}

function declarationOf(j: JSCodeshift, param: any): any {
  return j.variableDeclaration('const', [j.variableDeclarator(param, null)]);
}

/** calls known to return a plain array: Object.keys(o), Array.from(x), list.filter(f), … */
const ARRAY_STATICS = new Set(['Object.keys', 'Object.values', 'Object.entries', 'Array.from', 'Array.of']);
const ARRAY_METHODS = new Set(['map', 'filter', 'slice', 'concat', 'flat', 'flatMap', 'split']);

function returnsArray(call: any): boolean {
  const callee = call.callee;
  if (callee.type !== 'MemberExpression' || callee.computed) return false;
  const name = propertyName(callee);
  if (callee.object.type === 'Identifier' && ARRAY_STATICS.has(`${callee.object.name}.${name}`)) return true;
  return name !== undefined && ARRAY_METHODS.has(name);
}

/**
 * bluebird takes a promise of the list, and calls the first handler in a later tick, after its caller's own code
 * has gone on. So the list is awaited: always when it comes from a call that may return a promise, and otherwise
 * unless the function has surely awaited something already before this statement (then the caller has gone on).
 */
function awaitedList(j: JSCodeshift, list: any, statement: ASTPath<any>): any {
  const mayBePromise = list.type === 'CallExpression' && !returnsArray(list);
  return mayBePromise || !awaitedBefore(statement) ? j.awaitExpression(list) : list;
}

const isAwaitStatement = (s: any): boolean =>
  (s.type === 'ExpressionStatement' && s.expression.type === 'AwaitExpression') ||
  (s.type === 'VariableDeclaration' && s.declarations.some((d: any) => d.init?.type === 'AwaitExpression')) ||
  (s.type === 'ForOfStatement' && (s.await || s.right.type === 'AwaitExpression'));

/** true when a statement that awaits at its top runs, on every path, before `statement` in its function. */
function awaitedBefore(statement: ASTPath<any>): boolean {
  for (let p: any = statement; p && !FUNCTION_TYPES.has(p.node.type); p = p.parent) {
    const parent = p.parent?.node;
    if (parent?.type === 'ForOfStatement' && p.node === parent.body && isAwaitStatement(parent)) return true;
    if (parent?.type !== 'BlockStatement' && parent?.type !== 'Program') continue;
    const index = parent.body.indexOf(p.node);
    if (parent.body.slice(0, Math.max(0, index)).some(isAwaitStatement)) return true;
  }
  return false;
}

/** `{ concurrency: <number literal or Infinity> }`: the number; a literal 0 or no key: none; anything else: unknown. */
function concurrencyOf(options: any): any | 'none' | 'unknown' {
  if (options.type !== 'ObjectExpression' || options.properties.length !== 1) return 'unknown';
  const prop = options.properties[0];
  if ((prop.type !== 'Property' && prop.type !== 'ObjectProperty') || propertyName(prop) !== 'concurrency' || prop.computed) return 'unknown';
  const value = prop.value;
  const isNumber = (value.type === 'NumericLiteral' || (value.type === 'Literal' && typeof value.value === 'number')) && Number.isInteger(value.value);
  if (isNumber && value.value === 0) return 'none';
  if (isNumber && value.value > 0) return value;
  if (value.type === 'Identifier' && value.name === 'Infinity') return 'none';
  return 'unknown';
}

/** Return statements of this function itself, not of functions nested in it. */
function ownReturns(j: JSCodeshift, fnPath: ASTPath<any>): ASTPath<any>[] {
  return j(fnPath)
    .find(j.ReturnStatement)
    .filter((r: ASTPath<any>) => enclosingFunction(r).node === fnPath.node)
    .paths();
}

function addDefaultImport(j: JSCodeshift, root: ReturnType<JSCodeshift>, local: string, source: string): void {
  const program = root.find(j.Program).paths()[0]!.node;
  if (program.body.some((s: any) => s.type === 'ImportDeclaration' && s.source.value === source)) return;
  const lastImport = program.body.findLastIndex((s: any) => s.type === 'ImportDeclaration');
  program.body.splice(lastImport + 1, 0, j.importDeclaration([j.importDefaultSpecifier(j.identifier(local))], j.literal(source)));
}

/** A literal, or an array or object literal of them: no effect, never a promise. */
const isInert = (n: any): boolean =>
  isPlainLiteral(n) ||
  (n.type === 'UnaryExpression' && n.operator === '-' && isPlainLiteral(n.argument)) ||
  (n.type === 'TemplateLiteral' && n.expressions.length === 0) ||
  (n.type === 'ArrayExpression' && n.elements.every((e: any) => e && isInert(e))) ||
  (n.type === 'ObjectExpression' &&
    n.properties.every((p: any) => isPlainProperty(p) && !p.computed && isInert(p.value)));

/** `k: v` in an object literal: no spread, getter, setter or method */
const isPlainProperty = (p: any): boolean =>
  (p.type === 'Property' || p.type === 'ObjectProperty') && p.kind !== 'get' && p.kind !== 'set' && !p.method;

/** `Promise.all(list)` */
const promiseAll = (j: JSCodeshift, list: any) =>
  j.callExpression(j.memberExpression(j.identifier('Promise'), j.identifier('all')), [list]);

const isPlainLiteral = (n: any): boolean =>
  ['StringLiteral', 'NumericLiteral', 'BooleanLiteral', 'NullLiteral'].includes(n.type) || (n.type === 'Literal' && !n.regex);

/** A numeric literal, or a module-level const initialized with one (never reassigned: const). */
function isNumber(n: any, root: ReturnType<JSCodeshift>, j: JSCodeshift): boolean {
  const numeric = (x: any): boolean => x?.type === 'NumericLiteral' || (x?.type === 'Literal' && typeof x.value === 'number');
  if (numeric(n)) return true;
  if (n.type !== 'Identifier') return false;
  const decls = root.find(j.VariableDeclarator, { id: { type: 'Identifier', name: n.name } }).paths();
  return decls.length === 1 && decls[0]!.parent.node.kind === 'const' && numeric(decls[0]!.node.init) && decls[0]!.parent.parent.node.type === 'Program';
}

/** Drops the bluebird import (or require) once no code refers to it. */
function removeIfUnused(j: JSCodeshift, root: ReturnType<JSCodeshift>, name: string, programScope: unknown): void {
  const used = root
    .find(j.Identifier, { name })
    .filter((p: ASTPath<any>) => isReference(p) && (p as any).scope?.lookup(name) === programScope && !isDeclarationId(p))
    .size();
  if (used > 0) return;
  root.find(j.ImportDeclaration, { source: { value: 'bluebird' } }).remove();
  root
    .find(j.VariableDeclarator, { id: { type: 'Identifier', name } })
    .filter((p: ASTPath<any>) => requiredModule(p.node.init) === 'bluebird')
    .forEach((p: ASTPath<any>) => {
      const decl = p.parent;
      if (decl.node.declarations.length === 1) decl.prune();
      else p.prune();
    });
}

function isDeclarationId(p: ASTPath<any>): boolean {
  const parent = p.parent?.node;
  return (
    (parent?.type === 'VariableDeclarator' && parent.id === p.node) ||
    parent?.type === 'ImportDefaultSpecifier' ||
    parent?.type === 'ImportNamespaceSpecifier' ||
    parent?.type === 'ImportSpecifier'
  );
}

export default transform;
