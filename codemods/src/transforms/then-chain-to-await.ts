import fs from 'node:fs';
import path from 'node:path';
import type { ASTPath, JSCodeshift } from 'jscodeshift';
import { FUNCTION_TYPES, lineOf, requiredModule } from '../ast.js';
import type { Transform } from '../unit.js';

/**
 * then-chain-to-await: a function whose body is `[statements;] return <promise chain>;`
 * becomes an `async` function that awaits each step in turn.
 *
 *   .then(fn)            const x = await prev; <fn body>
 *   .spread(fn)          const [a, b] = await Promise.all(await prev)   (bluebird awaits the elements too)
 *   .tap(fn)             const x = await prev; <fn body, results awaited and dropped>; x goes on
 *   .return(v)           await prev; v goes on
 *   .catch([filters,] fn) try { ...steps before... } catch (err) { if (!(err instanceof X || isY(err))) throw err; <fn body> }
 *   .finally(fn)         try { ...steps before... } finally { <fn body> }
 *   .then(ok, fail)      let x; try { x = await prev } catch (e) { <fail body> } <ok body>   (fail never sees ok's errors)
 *
 * A callback body is inlined: its `return`s become the next step's input. Early returns inside
 * if/else are handled by moving what follows into the other branch; anything else is declined.
 * Chains returned from callbacks are flattened the same way.
 *
 * What keeps the meaning exact, or declines:
 * - sync throws: the part of the function that runs before the first await must not be able to
 *   throw (an async function turns that throw into a rejection), unless the function is a
 *   handler given to bluebird itself (then/map/each/try...), which turns throws into rejections anyway.
 * - async functions return native Promises: a same-file caller that uses a method native promises
 *   lack (.spread, .tap, .return, .catch(filter, fn), ...) declines; otherwise a note says so.
 * - bluebird runs every handler in a later tick: code that bluebird ran later stays after an await,
 *   including a catch/finally reached by a synchronous throw (`await null` first).
 * - values bluebird evaluated when the chain was built (`.return(v)`, catch filters) must be stable.
 * - callback names that would collide once inlined are renamed; `this`/`arguments` in a
 *   `function` callback, default/rest parameters, non-literal handlers... decline.
 */

type N = any;

const CHAIN_METHODS = new Set([
  'then',
  'spread',
  'tap',
  'catch',
  'caught',
  'finally',
  'lastly',
  'return',
  'thenReturn',
]);
/** methods a native Promise has (a caller using anything else needs a bluebird promise) */
const NATIVE_METHODS = new Set(['then', 'catch', 'finally']);
/** bluebird statics that take a handler and turn its throws into rejections */
const BLUEBIRD_HANDLER_STATICS = new Set([
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
const BLUEBIRD_ARRAY_STATICS = new Set(['all', 'join', 'map', 'mapSeries', 'filter', 'each']);
const GLOBAL_ERRORS = new Set([
  'Error',
  'TypeError',
  'RangeError',
  'SyntaxError',
  'ReferenceError',
  'EvalError',
  'URIError',
  'AggregateError',
]);
const KNOWN_GLOBALS = new Set([
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
const LITERAL_TYPES = new Set([
  'Literal',
  'StringLiteral',
  'NumericLiteral',
  'BooleanLiteral',
  'NullLiteral',
  'RegExpLiteral',
  'BigIntLiteral',
]);
const SKIP_KEYS = new Set([
  'loc',
  'start',
  'end',
  'range',
  'comments',
  'leadingComments',
  'trailingComments',
  'innerComments',
  'original',
  'tokens',
  'extra',
]);

interface Diag {
  code: string;
  line: number | undefined;
  message: string;
}

class Decline extends Error {
  constructor(
    readonly code: string,
    readonly line: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// small AST helpers

function walk(node: N, visit: (node: N, parent: N, key: string) => boolean | void, parent: N = null, key = ''): void {
  if (!node || typeof node.type !== 'string') return;
  if (visit(node, parent, key) === false) return;
  for (const k of Object.keys(node)) {
    if (SKIP_KEYS.has(k)) continue;
    const v = node[k];
    if (Array.isArray(v)) {
      for (const c of v) if (c && typeof c.type === 'string') walk(c, visit, node, k);
    } else if (v && typeof v.type === 'string') walk(v, visit, node, k);
  }
}

const isFunction = (n: N) => (!!n && FUNCTION_TYPES.has(n.type)) || n?.type === 'FunctionExpression';

/** walk that does not enter nested functions (the node itself may be one) */
function walkOwn(node: N, visit: (node: N, parent: N, key: string) => boolean | void): void {
  walk(node, (n, p, k) => {
    if (n !== node && isFunction(n)) return false;
    return visit(n, p, k);
  });
}

function containsReturn(node: N): boolean {
  let found = false;
  walkOwn(node, (n) => {
    if (n.type === 'ReturnStatement') found = true;
    return !found;
  });
  return found;
}

/** an Identifier used as a name (not a property key or member property) */
function isNameUse(parent: N, key: string): boolean {
  if (!parent) return true;
  if (
    (parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') &&
    key === 'property' &&
    !parent.computed
  )
    return false;
  if ((parent.type === 'Property' || parent.type === 'ObjectProperty') && key === 'key' && !parent.computed)
    return false;
  if (
    (parent.type === 'MethodDefinition' ||
      parent.type === 'ObjectMethod' ||
      parent.type === 'ClassMethod' ||
      parent.type === 'ClassProperty' ||
      parent.type === 'PropertyDefinition') &&
    key === 'key' &&
    !parent.computed
  )
    return false;
  if (parent.type === 'LabeledStatement' || parent.type === 'BreakStatement' || parent.type === 'ContinueStatement')
    return false;
  if (parent.type === 'MetaProperty') return false;
  return true;
}

function isChainCall(n: N): boolean {
  return (
    n?.type === 'CallExpression' &&
    n.callee.type === 'MemberExpression' &&
    !n.callee.computed &&
    n.callee.property.type === 'Identifier' &&
    CHAIN_METHODS.has(n.callee.property.name)
  );
}

function methodOf(call: N): string {
  return call.callee.property.name;
}

function isNullish(n: N): boolean {
  return (
    (n.type === 'Literal' && n.value === null && !n.regex) ||
    n.type === 'NullLiteral' ||
    (n.type === 'Identifier' && n.name === 'undefined')
  );
}

function isLiteral(n: N): boolean {
  return LITERAL_TYPES.has(n.type);
}

function toList(stmt: N | null | undefined): N[] {
  if (!stmt) return [];
  return stmt.type === 'BlockStatement' ? stmt.body : [stmt];
}

function terminates(stmt: N): boolean {
  switch (stmt?.type) {
    case 'ReturnStatement':
    case 'ThrowStatement':
      return true;
    case 'BlockStatement':
      return terminatesList(stmt.body);
    case 'IfStatement':
      return !!stmt.alternate && terminates(stmt.consequent) && terminates(stmt.alternate);
    case 'TryStatement':
      return (
        (stmt.finalizer && terminates(stmt.finalizer)) ||
        (terminates(stmt.block) && (!stmt.handler || terminates(stmt.handler.body)))
      );
    default:
      return false;
  }
}

function terminatesList(list: N[]): boolean {
  return list.length > 0 && terminates(list[list.length - 1]);
}

function patternNames(p: N, out: N[] = []): N[] {
  if (!p) return out;
  switch (p.type) {
    case 'Identifier':
      out.push(p);
      break;
    case 'ObjectPattern':
      for (const prop of p.properties) patternNames(prop.type === 'RestElement' ? prop.argument : prop.value, out);
      break;
    case 'ArrayPattern':
      for (const el of p.elements) patternNames(el, out);
      break;
    case 'RestElement':
      patternNames(p.argument, out);
      break;
    case 'AssignmentPattern':
      patternNames(p.left, out);
      break;
  }
  return out;
}

/** the line of a node, or of the first thing inside it (or around it) that has one: earlier units create nodes without loc */
function lineNear(node: N, path?: ASTPath | null): number | undefined {
  let line = lineOf(node);
  if (line === undefined) {
    walk(node, (n) => {
      if (line !== undefined) return false;
      line = lineOf(n);
      return line === undefined;
    });
  }
  for (let p = path?.parent as ASTPath | null | undefined; line === undefined && p; p = p.parent as ASTPath | null)
    line = lineOf(p.node);
  return line;
}

function snippet(n: N): string {
  const text = (n?.loc?.lines?.slice?.(n.loc.start, n.loc.end) as string | undefined) ?? '';
  const s = String(text).replace(/\s+/g, ' ').trim();
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

// ---------------------------------------------------------------------------------------------
// what the file offers (recomputed on each pass)

class FileFacts {
  readonly names = new Set<string>();
  readonly assigned = new Set<string>();
  readonly declaredCount = new Map<string, number>();
  /** module-level `X = require('...')` / imports, never reassigned */
  readonly requires = new Set<string>();
  /** module-level function declarations, never reassigned */
  readonly moduleFunctions = new Map<string, N>();
  readonly moduleClasses = new Map<string, N>();
  /** util.inherits(A, B) and A.prototype = Object.create(B.prototype): A -> B */
  readonly inherits = new Map<string, N>();
  readonly fnPaths = new Map<N, ASTPath>();
  bluebird: string | null = null;
  readonly program: N;

  constructor(
    readonly j: JSCodeshift,
    readonly file: N,
    readonly filePath: string,
  ) {
    this.program = file.type === 'File' ? file.program : file;
    walk(this.program, (n, parent, key) => {
      if (n.type === 'Identifier') {
        this.names.add(n.name);
        if (
          key === 'id' &&
          (parent.type === 'VariableDeclarator' ||
            parent.type === 'FunctionDeclaration' ||
            parent.type === 'ClassDeclaration')
        ) {
          this.declaredCount.set(n.name, (this.declaredCount.get(n.name) ?? 0) + 1);
        }
      }
      if (n.type === 'AssignmentExpression' || n.type === 'ForInStatement' || n.type === 'ForOfStatement') {
        for (const id of patternNames(n.left)) this.assigned.add(id.name);
      }
      if (n.type === 'UpdateExpression' && n.argument.type === 'Identifier') this.assigned.add(n.argument.name);
      if (n.type === 'CallExpression') this.noteInherits(n);
      if (n.type === 'AssignmentExpression') this.notePrototype(n);
    });
    for (const top of this.program.body) {
      const stmt =
        (top.type === 'ExportNamedDeclaration' || top.type === 'ExportDefaultDeclaration') && top.declaration
          ? top.declaration
          : top;
      if (stmt.type === 'FunctionDeclaration' && stmt.id && !stmt.generator)
        this.moduleFunctions.set(stmt.id.name, stmt);
      if (stmt.type === 'ClassDeclaration' && stmt.id) this.moduleClasses.set(stmt.id.name, stmt);
      if (stmt.type === 'VariableDeclaration') {
        for (const d of stmt.declarations) {
          if (d.id.type !== 'Identifier' || !d.init) continue;
          const mod = requiredModule(d.init);
          if (mod === null) continue;
          this.requires.add(d.id.name);
          if (mod === 'bluebird' && !this.bluebird) this.bluebird = d.id.name;
        }
      }
      if (stmt.type === 'ImportDeclaration') {
        for (const s of stmt.specifiers) {
          this.requires.add(s.local.name);
          if (stmt.source.value === 'bluebird' && s.type !== 'ImportSpecifier' && !this.bluebird)
            this.bluebird = s.local.name;
        }
      }
    }
    for (const name of [...this.requires, ...this.moduleFunctions.keys()]) {
      if (this.assigned.has(name) || (this.declaredCount.get(name) ?? 0) > 1) {
        this.requires.delete(name);
        this.moduleFunctions.delete(name);
      }
    }
    if (this.bluebird && !this.requires.has(this.bluebird)) this.bluebird = null;
    j(file)
      .find(j.Function)
      .forEach((p: ASTPath<N>) => {
        this.fnPaths.set(p.node, p);
      });
  }

  private noteInherits(call: N): void {
    const c = call.callee;
    const isInherits =
      (c.type === 'Identifier' && c.name === 'inherits') ||
      (c.type === 'MemberExpression' && !c.computed && c.property.name === 'inherits');
    if (isInherits && call.arguments.length === 2 && call.arguments[0].type === 'Identifier')
      this.inherits.set(call.arguments[0].name, call.arguments[1]);
    // Object.setPrototypeOf(A.prototype, B.prototype)
    if (c.type === 'MemberExpression' && c.property.name === 'setPrototypeOf' && call.arguments.length === 2) {
      const [a, b] = call.arguments;
      if (isProtoOf(a) && isProtoOf(b)) this.inherits.set(a.object.name, b.object);
    }
  }

  private notePrototype(assign: N): void {
    // A.prototype = Object.create(B.prototype, ...)
    const l = assign.left;
    const r = assign.right;
    if (
      isProtoOf(l) &&
      r.type === 'CallExpression' &&
      r.callee.type === 'MemberExpression' &&
      r.callee.property.name === 'create' &&
      r.arguments[0] &&
      isProtoOf(r.arguments[0])
    ) {
      this.inherits.set(l.object.name, r.arguments[0].object);
    }
  }

  private scanned: { calls: ASTPath[] } | null = null;

  /** every call in the file (paths), computed once a pass */
  scan(): { calls: ASTPath[] } {
    if (!this.scanned) this.scanned = { calls: this.j(this.file).find(this.j.CallExpression).paths() };
    return this.scanned;
  }

  /** does module-level name X denote an Error subclass? true/false, or null when molt cannot tell */
  errorClass(name: string, seen = new Set<string>()): boolean | null {
    if (seen.has(name)) return null;
    seen.add(name);
    if (GLOBAL_ERRORS.has(name) && !this.declaredCount.has(name)) return true;
    const cls = this.moduleClasses.get(name);
    if (cls) {
      if (!cls.superClass) return false;
      return cls.superClass.type === 'Identifier' ? this.errorClass(cls.superClass.name, seen) : null;
    }
    if (this.moduleFunctions.has(name)) {
      const parent = this.inherits.get(name);
      if (!parent) return false;
      if (parent.type === 'Identifier') return this.errorClass(parent.name, seen);
      return null;
    }
    return null;
  }
}

function isProtoOf(n: N): boolean {
  return (
    n?.type === 'MemberExpression' && !n.computed && n.property.name === 'prototype' && n.object.type === 'Identifier'
  );
}


// ---------------------------------------------------------------------------------------------
// a chain, parsed

interface Binding {
  refs: { node: N; parent: N; key: string }[];
  reassigned: boolean;
}

interface Handler {
  fn: N | null;
  params: N[];
  body: N[];
  line: number | undefined;
  nodes: Set<N>;
  bindings: Map<string, Binding>;
}

interface Filter {
  kind: 'class' | 'predicate';
  expr: N;
  heuristic: boolean;
}

type Step =
  | { kind: 'then'; call: N; ok: Handler; fail: Handler | null }
  | { kind: 'spread'; call: N; handler: Handler }
  | { kind: 'tap'; call: N; handler: Handler; value?: string }
  | { kind: 'return'; call: N; value: N }
  | { kind: 'catch'; call: N; filters: Filter[]; handler: Handler }
  | { kind: 'finally'; call: N; handler: Handler };

type Head = { kind: 'try'; handler: Handler; call: N } | { kind: 'expr'; expr: N } | { kind: 'bound'; name: string };

interface Chain {
  node: N;
  head: Head;
  steps: Step[];
}

type ReturnSink = { kind: 'return'; inTry: boolean; atEnd: boolean };
type DiscardSink = { kind: 'discard' };
interface BindSink {
  kind: 'bind';
  target: N;
  spread: boolean;
  emitted: N[];
  /** the target is declared right before the code that assigns it, so falling off needs no assignment */
  fallOffFree: boolean;
  reassigned: boolean;
  line: number | undefined;
  caveated: boolean;
}
type Sink = ReturnSink | DiscardSink | BindSink;

const isWrap = (s: Step) => s.kind === 'catch' || s.kind === 'finally' || (s.kind === 'then' && s.fail !== null);

// ---------------------------------------------------------------------------------------------
// one function, converted (or declined: every change goes through set() and is undone)

class Converter {
  private undo: [N, string, unknown][] = [];
  private handlers: Handler[] = [];
  private resolved = new Set<N>();
  readonly notes: Diag[] = [];
  private readonly j: JSCodeshift;
  private readonly fn: N;
  private readonly scope: any;
  private readonly line: number | undefined;
  private readonly label: string;
  private taken: Set<string> | null = null;
  private flattened = 0;
  /** names molt declared in this function */
  private readonly generated = new Set<string>();

  constructor(
    private readonly f: FileFacts,
    readonly fnPath: ASTPath,
  ) {
    this.j = f.j;
    this.fn = fnPath.node;
    this.scope = (fnPath as any).scope;
    this.line = lineNear(this.fn, fnPath);
    const names = namesOf(fnPath);
    const parent: N = fnPath.parent?.node;
    const method =
      parent?.type === 'CallExpression' && parent.callee.type === 'MemberExpression' && !parent.callee.computed
        ? parent.callee.property.name
        : null;
    this.label = names.length ? `${names[0]}()` : method ? `the .${method}() callback` : 'a function';
  }

  /**
   * A name for something molt declares inside this function: unused by the function (and by
   * anything it refers to), so it shadows nothing the function sees.
   */
  private fresh(base: string): string {
    if (!this.taken) {
      const taken = new Set<string>();
      walk(this.fn, (n) => {
        if (n.type === 'Identifier') taken.add(n.name);
      });
      this.taken = taken;
    }
    let name = base;
    for (let i = 2; this.taken.has(name); i++) name = `${base}${i}`;
    this.taken.add(name);
    this.generated.add(name);
    return name;
  }

  private set(obj: N, key: string, value: unknown): void {
    this.undo.push([obj, key, obj[key]]);
    obj[key] = value;
  }

  rollback(): void {
    for (let i = this.undo.length - 1; i >= 0; i--) {
      const [o, k, v] = this.undo[i]!;
      o[k] = v;
    }
    this.undo = [];
  }

  private decline(code: string, message: string, at?: N): never {
    throw new Decline(code, (at && lineNear(at)) ?? this.line, `${this.label}: ${message}`);
  }

  /** the chain this candidate returns */
  static returnedChain(fn: N): N | null {
    if (fn.type === 'ArrowFunctionExpression' && fn.body.type !== 'BlockStatement')
      return isChainCall(fn.body) ? fn.body : null;
    const body = fn.body?.body;
    const last = body?.[body.length - 1];
    return last?.type === 'ReturnStatement' && isChainCall(last.argument) ? last.argument : null;
  }

  convert(): void {
    const j = this.j;
    const fn = this.fn;
    let evalOrWith = false;
    walk(fn.body, (n) => {
      if (
        n.type === 'WithStatement' ||
        (n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'eval')
      )
        evalOrWith = true;
    });
    if (evalOrWith) this.decline('MOLT048', 'the function uses eval or with');
    const consumer = knownConsumer(this.fnPath, this.f);
    const exposed = !consumer && !fn.async;
    const chainNode = Converter.returnedChain(fn);
    let body: N[];
    if (chainNode) {
      const pre: N[] = fn.body.type === 'BlockStatement' ? fn.body.body.slice(0, -1) : [];
      if (pre.some(containsReturn)) {
        if (exposed)
          this.decline(
            'MOLT049',
            'the function returns before its chain; only `[statements;] return <chain>` bodies are rewritten',
          );
        body = this.wholeBody();
      } else {
        if (!fn.async && pre.some((s: N) => usesAwaitName(s))) this.decline('MOLT048', '`await` is used as a name');
        const chain = this.parseChain(chainNode);
        if (exposed) {
          this.checkSyncThrows(pre, chain);
          this.checkCallers();
        }
        body = [...pre, ...this.compileChain(chain, { kind: 'return', inTry: false, atEnd: true }, true)];
      }
    } else {
      // a handler given to bluebird that returns a chain somewhere in its body
      body = this.wholeBody();
    }
    this.renameCollisions(body);

    this.set(fn, 'async', true);
    if (fn.type === 'ArrowFunctionExpression' && fn.body.type !== 'BlockStatement') this.set(fn, 'expression', false);
    this.set(fn, 'body', j.blockStatement(body));
    if (exposed) {
      this.notes.push({
        code: 'MOLT140',
        line: this.line,
        message: `${this.label} is now async and returns a native Promise, not a bluebird one: no caller molt can see uses a bluebird-only method on it (.spread, .tap, .return, .catch(filter, fn), ...); callers outside the package, or that pass the result on, must not either`,
      });
    }
  }

  /** every return of the body keeps its place; returned chains are flattened where they stand */
  private wholeBody(): N[] {
    const fn = this.fn;
    if (!fn.async && usesAwaitName(fn.body)) this.decline('MOLT048', '`await` is used as a name');
    const before = this.flattened;
    const body = this.compileBody(fn.body.body, { kind: 'return', inTry: false, atEnd: true }, true);
    if (this.flattened === before) this.decline('MOLT049', 'none of its returned chains can be flattened');
    return body;
  }

  // -------------------------------------------------------------------------------------------
  // checks for the function as a whole

  private checkSyncThrows(pre: N[], chain: Chain): void {
    for (const s of pre) {
      if (this.mayThrowStmt(s)) {
        this.decline(
          'MOLT040',
          `\`${snippet(s)}\` runs before the chain and may throw synchronously; as an async function that throw would become a rejection (move it into Promise.try to allow the rewrite)`,
          s,
        );
      }
    }
    if (chain.head.kind === 'expr' && this.mayThrowExpr(chain.head.expr)) {
      this.decline(
        'MOLT040',
        `the chain's head \`${snippet(chain.head.expr)}\` is called synchronously and molt cannot tell it never throws; as an async function a throw would become a rejection (wrap it in Promise.try to allow the rewrite)`,
        chain.head.expr,
      );
    }
    for (const step of chain.steps) {
      if (step.kind === 'return' && this.mayThrowExpr(step.value))
        this.decline(
          'MOLT040',
          `\`.return(${snippet(step.value)})\` is evaluated when the chain is built and may throw`,
          step.call,
        );
      if (step.kind === 'catch') {
        for (const flt of step.filters)
          if (this.mayThrowExpr(flt.expr))
            this.decline(
              'MOLT040',
              `the catch filter \`${snippet(flt.expr)}\` is evaluated when the chain is built and may throw`,
              step.call,
            );
      }
    }
  }

  /** same-file callers that need a bluebird promise, or `new` */
  private checkCallers(): void {
    const j = this.j;
    const names = new Set(namesOf(this.fnPath));
    if (!names.size) return;
    const holders = new Set<string>();
    const bad: string[] = [];
    const judge = (p: ASTPath, what: string) => {
      const parent = p.parent?.node;
      if (parent?.type === 'MemberExpression' && parent.object === p.node && !parent.computed) {
        const m = parent.property.name;
        const call = p.parent.parent?.node;
        const isCall = call?.type === 'CallExpression' && call.callee === parent;
        if (!NATIVE_METHODS.has(m) || (m === 'catch' && isCall && call.arguments.length > 1))
          bad.push(`${what}.${m}(...) at line ${lineOf(p.node)}`);
      }
      if (parent?.type === 'VariableDeclarator' && parent.init === p.node && parent.id.type === 'Identifier')
        holders.add(parent.id.name);
    };
    this.f.scan().calls.forEach((p: ASTPath<any>) => {
      const c = p.node.callee;
      const name =
        c.type === 'Identifier'
          ? c.name
          : c.type === 'MemberExpression' && !c.computed && c.property.type === 'Identifier'
            ? c.property.name
            : null;
      if (name && names.has(name)) judge(p, `${name}(...)`);
    });
    if (holders.size) {
      j(this.f.file)
        .find(j.Identifier)
        .forEach((p: ASTPath<any>) => {
          if (holders.has(p.node.name) && isNameUse(p.parent?.node, p.name as string)) judge(p, p.node.name);
        });
    }
    if (bad.length)
      this.decline('MOLT041', `callers in this file use methods a native Promise lacks: ${bad.slice(0, 3).join(', ')}`);
    const foreign = foreignMisuse(this.j, this.f.filePath, exportNames(this.f.program, names));
    if (foreign.length) {
      this.decline(
        'MOLT041',
        `callers in other modules use methods a native Promise lacks on its result: ${foreign.slice(0, 3).join(', ')}`,
      );
    }
    let constructed = false;
    walk(this.f.program, (n) => {
      if (n.type === 'NewExpression' && n.callee.type === 'Identifier' && names.has(n.callee.name)) constructed = true;
      if (
        n.type === 'MemberExpression' &&
        n.object.type === 'Identifier' &&
        names.has(n.object.name) &&
        !n.computed &&
        n.property.name === 'prototype'
      )
        constructed = true;
    });
    if (constructed)
      this.decline('MOLT049', 'used with `new` or through its prototype; async functions are not constructors');
  }

  // -------------------------------------------------------------------------------------------
  // may this run-before-the-first-await code throw? (conservative)

  private declared(name: string): boolean {
    return this.generated.has(name) || !!this.scope?.lookup(name) || KNOWN_GLOBALS.has(name);
  }

  private isModuleObject(n: N): boolean {
    if (n.type !== 'Identifier' || !this.f.requires.has(n.name)) return false;
    const s = this.scope?.lookup(n.name);
    return !s || s.node.type === 'Program' || s.node.type === 'File';
  }

  private mayThrowStmt(s: N): boolean {
    switch (s.type) {
      case 'EmptyStatement':
      case 'FunctionDeclaration':
        return false;
      case 'VariableDeclaration':
        return s.declarations.some((d: N) => d.id.type !== 'Identifier' || (d.init && this.mayThrowExpr(d.init)));
      case 'ExpressionStatement':
        return this.mayThrowExpr(s.expression);
      case 'IfStatement':
        return (
          this.mayThrowExpr(s.test) ||
          this.mayThrowStmt(s.consequent) ||
          (!!s.alternate && this.mayThrowStmt(s.alternate))
        );
      case 'BlockStatement':
        return s.body.some((x: N) => this.mayThrowStmt(x));
      case 'ReturnStatement':
        return !!s.argument && this.mayThrowExpr(s.argument);
      default:
        return true;
    }
  }

  mayThrowExpr(e: N, seen = new Set<N>()): boolean {
    if (!e) return false;
    if (isLiteral(e)) return false;
    switch (e.type) {
      case 'Identifier':
        return !this.declared(e.name);
      case 'ThisExpression':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return false;
      case 'TemplateLiteral':
        return e.expressions.some((x: N) => this.mayThrowExpr(x, seen));
      case 'ArrayExpression':
        return e.elements.some((x: N) => x && (x.type === 'SpreadElement' || this.mayThrowExpr(x, seen)));
      case 'ObjectExpression':
        return e.properties.some(
          (p: N) =>
            p.type === 'SpreadElement' ||
            p.type === 'RestElement' ||
            p.computed ||
            (p.type === 'Property' && p.kind !== 'init') ||
            this.mayThrowExpr(p.value, seen),
        );
      case 'UnaryExpression':
        if (e.operator === 'typeof' && e.argument.type === 'Identifier') return false;
        if (e.operator === 'delete') return true;
        return this.mayThrowExpr(e.argument, seen);
      case 'BinaryExpression':
        if (e.operator === 'in' || e.operator === 'instanceof') return true;
        return this.mayThrowExpr(e.left, seen) || this.mayThrowExpr(e.right, seen);
      case 'LogicalExpression':
        return this.mayThrowExpr(e.left, seen) || this.mayThrowExpr(e.right, seen);
      case 'ConditionalExpression':
        return (
          this.mayThrowExpr(e.test, seen) ||
          this.mayThrowExpr(e.consequent, seen) ||
          this.mayThrowExpr(e.alternate, seen)
        );
      case 'SequenceExpression':
        return e.expressions.some((x: N) => this.mayThrowExpr(x, seen));
      case 'AssignmentExpression':
        return (
          !(e.operator === '=' && e.left.type === 'Identifier' && this.declared(e.left.name)) ||
          this.mayThrowExpr(e.right, seen)
        );
      case 'MemberExpression':
        // reading a property of a required module object is taken as safe
        return e.computed || !this.isModuleObject(e.object);
      case 'CallExpression': {
        const c = e.callee;
        const argsThrow = () => e.arguments.some((a: N) => a.type === 'SpreadElement' || this.mayThrowExpr(a, seen));
        if (c.type === 'MemberExpression' && !c.computed && c.object.type === 'Identifier') {
          if (c.object.name === 'Date' && c.property.name === 'now' && !this.f.declaredCount.has('Date')) return false;
          // bluebird's statics report every failure as a rejection
          if (this.f.bluebird && c.object.name === this.f.bluebird && this.isModuleObject(c.object)) return argsThrow();
        }
        if (
          c.type === 'Identifier' &&
          this.f.moduleFunctions.has(c.name) &&
          this.scope?.lookup(c.name)?.node.type === 'Program'
        ) {
          const target = this.f.moduleFunctions.get(c.name);
          if (this.neverThrowsSync(target, seen)) return argsThrow();
        }
        return true;
      }
      default:
        return true;
    }
  }

  /** a same-file function that cannot throw before returning its promise */
  private neverThrowsSync(fn: N, seen: Set<N>): boolean {
    if (seen.has(fn)) return false;
    seen.add(fn);
    if (fn.async && !fn.generator) return true;
    if (fn.generator || fn.params.some((p: N) => p.type !== 'Identifier')) return false;
    const body: N[] = fn.body.body;
    const last = body[body.length - 1];
    if (!last || last.type !== 'ReturnStatement' || !last.argument) return false;
    const inner = new Converter(this.f, this.f.fnPaths.get(fn)!);
    if (body.slice(0, -1).some((s: N) => containsReturn(s) || inner.mayThrowStmt(s))) return false;
    let expr = last.argument;
    while (isChainCall(expr)) {
      const m = methodOf(expr);
      for (const a of expr.arguments) {
        if (m === 'return' || m === 'thenReturn' || (!isFunction(a) && a.type !== 'Identifier')) {
          if (inner.mayThrowExpr(a, seen)) return false;
        }
      }
      expr = expr.callee.object;
    }
    if (this.isBluebirdTry(expr)) return true;
    if (
      expr.type === 'CallExpression' &&
      expr.callee.type === 'MemberExpression' &&
      this.f.bluebird &&
      expr.callee.object.name === this.f.bluebird
    ) {
      return !inner.mayThrowExpr(expr, seen);
    }
    if (expr.type === 'CallExpression' && expr.callee.type === 'Identifier') return !inner.mayThrowExpr(expr, seen);
    return false;
  }

  private isBluebirdTry(n: N): boolean {
    return (
      n?.type === 'CallExpression' &&
      n.callee.type === 'MemberExpression' &&
      !n.callee.computed &&
      !!this.f.bluebird &&
      n.callee.object.type === 'Identifier' &&
      n.callee.object.name === this.f.bluebird &&
      this.isModuleObject(n.callee.object) &&
      (n.callee.property.name === 'try' || n.callee.property.name === 'attempt') &&
      n.arguments.length === 1
    );
  }

  // -------------------------------------------------------------------------------------------
  // parsing

  private parseChain(expr: N): Chain {
    const calls: N[] = [];
    let cur = expr;
    while (isChainCall(cur)) {
      calls.unshift(cur);
      cur = cur.callee.object;
    }
    let head: Head;
    if (this.isBluebirdTry(cur) && isFunction(cur.arguments[0]))
      head = { kind: 'try', handler: this.parseHandler(cur.arguments[0], 'try', cur), call: cur };
    else head = { kind: 'expr', expr: cur };
    const steps = calls.map((call) => this.parseStep(call));
    return { node: expr, head, steps };
  }

  private parseStep(call: N): Step {
    const m = methodOf(call);
    const args: N[] = call.arguments;
    if (args.some((a) => a.type === 'SpreadElement')) this.decline('MOLT047', `.${m}(...) with spread arguments`, call);
    const arity = (lo: number, hi: number) => {
      if (args.length < lo || args.length > hi) this.decline('MOLT047', `.${m}() with ${args.length} arguments`, call);
    };
    switch (m) {
      case 'then': {
        arity(1, 2);
        const [ok, fail] = args;
        if (isNullish(ok)) {
          if (!fail || isNullish(fail)) this.decline('MOLT047', '.then() without a handler', call);
          return { kind: 'catch', call, filters: [], handler: this.parseHandler(fail, 'catch', call) };
        }
        return {
          kind: 'then',
          call,
          ok: this.parseHandler(ok, 'then', call),
          fail: fail && !isNullish(fail) ? this.parseHandler(fail, 'catch', call) : null,
        };
      }
      case 'spread':
        arity(1, 1);
        return { kind: 'spread', call, handler: this.parseHandler(args[0], 'spread', call) };
      case 'tap':
        arity(1, 1);
        return { kind: 'tap', call, handler: this.parseHandler(args[0], 'tap', call) };
      case 'catch':
      case 'caught': {
        arity(1, Infinity);
        const handler = this.parseHandler(args[args.length - 1], 'catch', call);
        const filters = args.slice(0, -1).map((a) => this.classifyFilter(a, call));
        return { kind: 'catch', call, filters, handler };
      }
      case 'finally':
      case 'lastly':
        arity(1, 1);
        return { kind: 'finally', call, handler: this.parseHandler(args[0], 'finally', call) };
      default: {
        // return / thenReturn
        arity(0, 1);
        const value = args[0] ?? this.j.identifier('undefined');
        if (!this.isStable(value))
          this.decline(
            'MOLT046',
            `\`.${m}(${snippet(value)})\`: bluebird evaluates the value when the chain is built; molt cannot show it is the same later`,
            call,
          );
        return { kind: 'return', call, value };
      }
    }
  }

  private parseHandler(arg: N, role: 'try' | 'then' | 'spread' | 'tap' | 'catch' | 'finally', call: N): Handler {
    const j = this.j;
    if (arg.type === 'FunctionExpression' || arg.type === 'ArrowFunctionExpression') {
      if (arg.generator) this.decline('MOLT043', `the .${methodOf(call) ?? role} handler is a generator`, arg);
      if (arg.type === 'FunctionExpression' && usesOwnThis(arg))
        this.decline(
          'MOLT043',
          `a ${role} callback uses this, arguments, new.target or super, which mean something else once inlined`,
          arg,
        );
      if (arg.type === 'FunctionExpression' && arg.id && refersToName(arg.body, arg.id.name))
        this.decline('MOLT043', `a ${role} callback refers to itself by name`, arg);
      const params: N[] = arg.params;
      const maxParams = role === 'try' || role === 'finally' ? 0 : role === 'spread' ? Infinity : 1;
      if (params.length > maxParams)
        this.decline(
          'MOLT043',
          `a ${role} callback takes ${params.length} parameters (bluebird passes ${maxParams === 0 ? 'none' : 'one'})`,
          arg,
        );
      params.forEach((p, i) => {
        const restOk = role === 'spread' && p.type === 'RestElement' && i === params.length - 1;
        if (p.type !== 'Identifier' && p.type !== 'ObjectPattern' && p.type !== 'ArrayPattern' && !restOk)
          this.decline('MOLT043', `a ${role} callback has a default or rest parameter`, arg);
      });
      const body: N[] = arg.body.type === 'BlockStatement' ? arg.body.body : [j.returnStatement(arg.body)];
      if (!arg.async && usesAwaitName(arg.body))
        this.decline('MOLT048', '`await` is used as a name in a callback', arg);
      if (body.some((s) => s.type === 'FunctionDeclaration' || s.type === 'ClassDeclaration'))
        this.decline(
          'MOLT043',
          `a ${role} callback declares a function or class at its top level (hoisting would change once inlined)`,
          arg,
        );
      const nodes = new Set<N>();
      walk(arg, (n) => {
        nodes.add(n);
      });
      return { fn: arg, params, body, line: lineOf(arg), nodes, bindings: this.bindingsOf(arg) };
    }
    if (
      arg.type === 'Identifier' &&
      this.f.moduleFunctions.has(arg.name) &&
      this.scope?.lookup(arg.name)?.node.type === 'Program'
    ) {
      if (role === 'spread') this.decline('MOLT043', '.spread with a named function', call);
      const callee = () => j.identifier(arg.name);
      if (role === 'try' || role === 'finally')
        return synthetic([], [j.returnStatement(j.callExpression(callee(), []))]);
      const v = this.fresh(role === 'catch' ? 'err' : 'value');
      const use = j.identifier(v);
      if (role !== 'catch') this.resolved.add(use);
      return synthetic([j.identifier(v)], [j.returnStatement(j.callExpression(callee(), [use]))]);
    }
    return this.decline(
      'MOLT043',
      `the .${methodOf(call)} handler \`${snippet(arg)}\` is not a function literal or a function declared in this file`,
      arg,
    );

    function synthetic(params: N[], body: N[]): Handler {
      return { fn: null, params, body, line: lineOf(arg), nodes: new Set(), bindings: new Map() };
    }
  }

  /** names a callback declares (params, its own declarations), with every reference to them */
  private bindingsOf(fn: N): Map<string, Binding> {
    const j = this.j;
    const path = this.f.fnPaths.get(fn);
    const out = new Map<string, Binding>();
    if (!path) return out;
    const names = new Set<string>();
    for (const p of fn.params) for (const id of patternNames(p)) names.add(id.name);
    walkOwn(fn.body, (n) => {
      if (n.type === 'VariableDeclarator') for (const id of patternNames(n.id)) names.add(id.name);
      if ((n.type === 'FunctionDeclaration' || n.type === 'ClassDeclaration') && n.id) names.add(n.id.name);
    });
    for (const name of names) {
      const binding: Binding = { refs: [], reassigned: false };
      let declarations = 0;
      j(path)
        .find(j.Identifier, { name })
        .forEach((p: ASTPath<any>) => {
          const parent = p.parent?.node;
          const key = p.name as string;
          if (!isNameUse(parent, key) && !(parent?.shorthand && key === 'value')) return;
          if (
            (parent?.type === 'Property' || parent?.type === 'ObjectProperty') &&
            parent.shorthand &&
            key === 'key' &&
            parent.value !== p.node
          )
            return;
          if ((p as any).scope?.lookup(name)?.node !== fn) return;
          binding.refs.push({ node: p.node, parent, key });
          // climb out of patterns to see whether this is a declaration or an assignment
          let q: ASTPath<any> = p;
          while (
            q.parent &&
            [
              'ArrayPattern',
              'ObjectPattern',
              'RestElement',
              'AssignmentPattern',
              'Property',
              'ObjectProperty',
            ].includes(q.parent.node.type) &&
            !(q.parent.node.type === 'AssignmentPattern' && q.name === 'right')
          )
            q = q.parent;
          const top = q.parent?.node;
          if (top?.type === 'VariableDeclarator' && q.name === 'id') declarations++;
          else if (
            (top?.type === 'AssignmentExpression' && q.name === 'left') ||
            top?.type === 'UpdateExpression' ||
            ((top?.type === 'ForInStatement' || top?.type === 'ForOfStatement') && q.name === 'left')
          )
            binding.reassigned = true;
        });
      if (
        declarations > 1 ||
        (declarations === 1 && fn.params.some((p: N) => patternNames(p).some((id) => id.name === name)))
      )
        binding.reassigned = true;
      out.set(name, binding);
    }
    return out;
  }

  private isStable(n: N): boolean {
    if (isLiteral(n)) return true;
    switch (n.type) {
      case 'Identifier':
        // a settled callback value (never reassigned), or a name nothing in the file assigns
        return this.resolved.has(n) || (this.declared(n.name) && !this.f.assigned.has(n.name));
      case 'ArrayExpression':
        return n.elements.every((e: N) => e && e.type !== 'SpreadElement' && this.isStable(e));
      case 'ObjectExpression':
        return n.properties.every(
          (p: N) => p.type === 'Property' && p.kind === 'init' && !p.computed && !p.method && this.isStable(p.value),
        );
      case 'TemplateLiteral':
        return n.expressions.every((e: N) => this.isStable(e));
      case 'UnaryExpression':
        return n.operator !== 'delete' && this.isStable(n.argument);
      case 'MemberExpression':
        return !n.computed && this.isModuleObject(n.object);
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return true;
      default:
        return false;
    }
  }

  private classifyFilter(expr: N, call: N): Filter {
    if (!this.isStable(expr))
      this.decline(
        'MOLT046',
        `the catch filter \`${snippet(expr)}\` is evaluated when the chain is built; molt cannot show it is the same later`,
        call,
      );
    if (expr.type === 'Identifier') {
      const known = this.f.errorClass(expr.name);
      if (known !== null && this.scope?.lookup(expr.name)?.node.type !== 'Function') {
        if (known) return { kind: 'class', expr, heuristic: false };
        if (this.f.moduleFunctions.has(expr.name)) return { kind: 'predicate', expr, heuristic: false };
        this.decline(
          'MOLT045',
          `the catch filter ${expr.name} is a class that does not extend Error; bluebird would call it as a predicate`,
          call,
        );
      }
      return this.byName(expr, expr.name, call);
    }
    if (expr.type === 'MemberExpression' && !expr.computed) return this.byName(expr, expr.property.name, call);
    if (expr.type === 'ObjectExpression')
      this.decline('MOLT045', 'an object predicate in .catch (property matching) has no rewrite', call);
    return this.decline(
      'MOLT045',
      `cannot tell whether the catch filter \`${snippet(expr)}\` is an Error class or a predicate`,
      call,
    );
  }

  private byName(expr: N, name: string, call: N): Filter {
    if (/Error$/.test(name)) return { kind: 'class', expr, heuristic: true };
    if (/^(is|has)[A-Z0-9_]/.test(name)) return { kind: 'predicate', expr, heuristic: true };
    return this.decline(
      'MOLT045',
      `cannot tell whether the catch filter \`${snippet(expr)}\` is an Error class (matched with instanceof) or a predicate (called); molt treats names ending in "Error" as classes and is*/has* as predicates`,
      call,
    );
  }

  // -------------------------------------------------------------------------------------------
  // compiling

  private register(chain: Chain): void {
    const all: Handler[] = [];
    if (chain.head.kind === 'try') all.push(chain.head.handler);
    for (const s of chain.steps) {
      if (s.kind === 'then') {
        all.push(s.ok);
        if (s.fail) all.push(s.fail);
      } else if (s.kind !== 'return') all.push(s.handler);
    }
    for (const h of all) {
      if (h.fn) this.handlers.push(h);
    }
    // a value handed to then/spread/tap has been through promise resolution: never a thenable
    for (const s of chain.steps) {
      const h = s.kind === 'then' ? s.ok : s.kind === 'spread' || s.kind === 'tap' ? s.handler : null;
      if (!h?.fn) continue;
      for (const p of h.params) {
        const ids = p.type === 'Identifier' ? [p] : s.kind === 'spread' ? patternNames(p) : [];
        for (const id of ids) {
          const b = h.bindings.get(id.name);
          if (b && !b.reassigned) for (const r of b.refs) this.resolved.add(r.node);
        }
      }
    }
  }

  private compileChain(chain: Chain, sink: Sink, fresh: boolean): N[] {
    this.register(chain);
    return this.compileSteps(chain.head, chain.steps, sink, fresh, false);
  }

  /**
   * A returned expression that is itself a chain is flattened into the same sink; when that is
   * not possible it is awaited as it is (exact), and everything the attempt did is undone.
   */
  private flatten(expr: N, sink: Sink, fresh: boolean): N[] | null {
    if (!isChainCall(expr)) return null;
    const marks = {
      undo: this.undo.length,
      handlers: this.handlers.length,
      notes: this.notes.length,
      emitted: sink.kind === 'bind' ? sink.emitted.length : 0,
    };
    try {
      const out = this.compileChain(this.parseChain(expr), sink, fresh);
      this.flattened++;
      return out;
    } catch (e) {
      if (!(e instanceof Decline)) throw e;
      while (this.undo.length > marks.undo) {
        const [o, k, v] = this.undo.pop()!;
        o[k] = v;
      }
      this.handlers.length = marks.handlers;
      this.notes.length = marks.notes;
      if (sink.kind === 'bind') sink.emitted.length = marks.emitted;
      return null;
    }
  }

  private compileSteps(head: Head, steps: Step[], sink: Sink, fresh: boolean, prebound: boolean): N[] {
    const j = this.j;
    const m = findLastIndex(steps, isWrap);
    if (m < 0) return this.linear(head, steps, sink, fresh, prebound);
    if (prebound) throw new Error('molt: prebound head before a wrapping step');
    if (head.kind === 'expr' && this.mayThrowExpr(head.expr)) {
      // a synchronous throw from the head never reached bluebird's handlers: evaluate it before the try
      const name = this.fresh('promise');
      const hoisted = j.variableDeclaration('const', [j.variableDeclarator(j.identifier(name), head.expr)]);
      return [hoisted, ...this.compileSteps({ kind: 'expr', expr: j.identifier(name) }, steps, sink, fresh, prebound)];
    }
    const prefix = steps.slice(0, m);
    const w = steps[m]!;
    const suffix = steps.slice(m + 1);
    // a try head that throws synchronously reaches the handler before any await: bluebird still ran it
    // later (an earlier catch/finally in the prefix has already waited on that path)
    const defer =
      fresh && head.kind === 'try' && !prefix.some(isWrap) && head.handler.body.some((s) => this.mayThrowStmt(s))
        ? [this.deferral()]
        : [];

    if (!suffix.length) {
      const inner: Sink = sink.kind === 'return' ? { ...sink, inTry: true } : sink;
      if (w.kind === 'catch') {
        const tryBody = this.compileSteps(head, prefix, inner, fresh, false);
        const { param, guard } = this.catchParts(w);
        const handlerBody = this.compileBody(w.handler.body, sink, false);
        return [
          j.tryStatement(
            j.blockStatement(tryBody),
            j.catchClause(param, null, j.blockStatement([...defer, ...guard, ...handlerBody])),
          ),
        ];
      }
      if (w.kind === 'finally') {
        const tryBody = this.compileSteps(head, prefix, inner, fresh, false);
        const fin = this.compileBody(w.handler.body, { kind: 'discard' }, false);
        return [j.tryStatement(j.blockStatement(tryBody), null, j.blockStatement([...defer, ...fin]))];
      }
      // .then(ok, fail): fail handles what came before, never ok's own errors
      const step = w as Extract<Step, { kind: 'then' }>;
      if (sink.kind !== 'return')
        this.decline(
          'MOLT044',
          '`.then(ok, fail)` whose result feeds later steps (fail would have to skip them)',
          step.call,
        );
      const okParam = step.ok.params[0];
      if (okParam && okParam.type !== 'Identifier')
        this.decline('MOLT044', '`.then(ok, fail)` where ok destructures its parameter', step.call);
      const okSink: Sink = okParam ? this.bindSink(okParam, false, step.ok, step.call, false) : { kind: 'discard' };
      const tryBody = this.compileSteps(head, prefix, okSink, fresh, false);
      const failParam = step.fail!.params[0] ?? null;
      const failBody = this.compileBody(step.fail!.body, { ...(sink as ReturnSink), atEnd: false }, false);
      const okBody = this.compileBody(step.ok.body, sink, false);
      const decl = okParam ? [this.letOf(okParam)] : [];
      return [
        ...decl,
        j.tryStatement(
          j.blockStatement(tryBody),
          j.catchClause(failParam, null, j.blockStatement([...defer, ...failBody])),
        ),
        ...okBody,
      ];
    }

    if (w.kind === 'then')
      this.decline(
        'MOLT044',
        '`.then(ok, fail)` in the middle of a chain (fail would have to skip the later steps)',
        w.call,
      );
    const first = suffix[0]!;
    let target: N;
    let prebind = false;
    if (
      first.kind === 'then' &&
      !first.fail &&
      first.ok.params.length === 1 &&
      first.ok.params[0].type === 'Identifier'
    ) {
      target = first.ok.params[0];
      prebind = true;
    } else {
      target = j.identifier(this.fresh('result'));
    }
    const innerSink = this.bindSink(target, false, prebind ? (first as any).ok : null, w.call, false);
    innerSink.reassigned = true;
    const tryBody = this.compileSteps(head, prefix, innerSink, fresh, false);
    let stmt: N;
    if (w.kind === 'catch') {
      const { param, guard } = this.catchParts(w);
      const handlerBody = this.compileBody(w.handler.body, innerSink, false);
      stmt = j.tryStatement(
        j.blockStatement(tryBody),
        j.catchClause(param, null, j.blockStatement([...defer, ...guard, ...handlerBody])),
      );
    } else {
      const fin = this.compileBody((w as any).handler.body, { kind: 'discard' }, false);
      stmt = j.tryStatement(j.blockStatement(tryBody), null, j.blockStatement([...defer, ...fin]));
    }
    const headName = target.type === 'Identifier' ? target.name : '';
    if (!prebind) this.resolved.add(target);
    const rest = this.compileSteps({ kind: 'bound', name: headName }, prebind ? suffix : suffix, sink, false, prebind);
    return [this.letOf(target), stmt, ...rest];
  }

  private linear(head: Head, steps: Step[], sink: Sink, fresh: boolean, prebound: boolean): N[] {
    const out: N[] = [];
    if (!prebound) {
      const first = steps.length ? this.inputSink(steps[0]!) : sink;
      const seg = this.emitHead(head, first, fresh);
      out.push(...(first !== sink ? this.finish(first, seg) : seg));
    }
    steps.forEach((step, i) => {
      const next = i + 1 < steps.length ? this.inputSink(steps[i + 1]!) : sink;
      const seg = this.compileStep(step, next);
      out.push(...(next !== sink ? this.finish(next, seg) : seg));
    });
    return out;
  }

  private emitHead(head: Head, sink: Sink, fresh: boolean): N[] {
    if (head.kind === 'try') return this.compileBody(head.handler.body, sink, fresh);
    if (head.kind === 'expr') return this.exitWith(head.expr, sink, fresh);
    const id = this.j.identifier(head.name);
    this.resolved.add(id);
    return this.emitValue(sink, id, false);
  }

  private compileStep(step: Step, next: Sink): N[] {
    switch (step.kind) {
      case 'then':
        return this.compileBody(step.ok.body, next, false);
      case 'spread':
        return this.compileBody(step.handler.body, next, false);
      case 'tap': {
        const body = this.compileBody(step.handler.body, { kind: 'discard' }, false);
        if (terminatesList(body)) return body;
        const p = step.handler.params[0];
        const value = p ?? this.j.identifier(step.value!);
        this.resolved.add(value);
        return [...body, ...this.emitValue(next, value, false)];
      }
      case 'return':
        return this.emitValue(next, step.value, false);
      default:
        throw new Error(`molt: ${step.kind} is not a linear step`);
    }
  }

  /** the sink through which a step receives the previous step's value */
  private inputSink(step: Step): Sink {
    const j = this.j;
    switch (step.kind) {
      case 'then':
        return step.ok.params.length
          ? this.bindSink(step.ok.params[0], false, step.ok, step.call, true)
          : { kind: 'discard' };
      case 'spread':
        return this.bindSink(j.arrayPattern(step.handler.params), true, step.handler, step.call, true);
      case 'tap': {
        const p = step.handler.params[0];
        if (p && p.type !== 'Identifier')
          this.decline('MOLT043', 'a tap callback destructures its parameter', step.call);
        if (!p) step.value = this.fresh('result');
        const target = p ?? j.identifier(step.value!);
        return this.bindSink(target, false, p ? step.handler : null, step.call, true);
      }
      case 'return':
        return { kind: 'discard' };
      default:
        throw new Error(`molt: ${step.kind} has no input sink`);
    }
  }

  private bindSink(target: N, spread: boolean, handler: Handler | null, call: N, fallOffFree: boolean): BindSink {
    const reassigned = !!handler && patternNames(target).some((id) => handler.bindings.get(id.name)?.reassigned);
    return {
      kind: 'bind',
      target,
      spread,
      emitted: [],
      fallOffFree,
      reassigned,
      line: lineNear(call),
      caveated: false,
    };
  }

  private letOf(target: N): N {
    const j = this.j;
    return j.variableDeclaration(
      'let',
      patternNames(target).map((id) => j.variableDeclarator(id, null)),
    );
  }

  /** `let x; ... x = v;` becomes `const x = v;` when the one assignment sits at the top level */
  private finish(sink: Sink, seg: N[]): N[] {
    if (sink.kind !== 'bind') return seg;
    const j = this.j;
    if (sink.emitted.length === 1) {
      const at = seg.indexOf(sink.emitted[0]);
      if (at >= 0) {
        const assign = sink.emitted[0].expression;
        const decl = j.variableDeclaration(sink.reassigned ? 'let' : 'const', [
          j.variableDeclarator(sink.target, assign.right),
        ]);
        (decl as N).comments = sink.emitted[0].comments;
        return [...seg.slice(0, at), decl, ...seg.slice(at + 1)];
      }
    }
    return [this.letOf(sink.target), ...seg];
  }

  private catchParts(step: Extract<Step, { kind: 'catch' }>): { param: N; guard: N[] } {
    const j = this.j;
    const p = step.handler.params[0] ?? null;
    if (!step.filters.length) return { param: p, guard: [] };
    if (p && p.type !== 'Identifier')
      this.decline('MOLT043', 'a filtered catch callback destructures the error', step.call);
    const name = p ? null : this.fresh('err');
    const ref = () => p ?? j.identifier(name!);
    const tests = step.filters.map((flt) =>
      flt.kind === 'class' ? j.binaryExpression('instanceof', ref(), flt.expr) : j.callExpression(flt.expr, [ref()]),
    );
    const test = tests.slice(1).reduce<N>((a, b) => j.logicalExpression('||', a, b), tests[0]);
    const heuristic = step.filters.filter((flt) => flt.heuristic);
    if (heuristic.length) {
      const what = heuristic
        .map(
          (flt) =>
            `${snippet(flt.expr)} as ${flt.kind === 'class' ? 'an Error class (instanceof)' : "a predicate (called with the error, not with bluebird's `this`)"}`,
        )
        .join('; ');
      this.notes.push({
        code: 'MOLT142',
        line: lineNear(step.call),
        message: `${this.label}: filtered .catch rewritten by naming convention (names ending in "Error" are classes, is*/has* are predicates): ${what}`,
      });
    }
    return {
      param: ref(),
      guard: [j.ifStatement(j.unaryExpression('!', test), j.blockStatement([j.throwStatement(ref())]))],
    };
  }

  /** comments on a statement that is replaced go to the first statement that replaces it */
  private carryComments(from: N, stmts: N[]): N[] {
    if (from.comments?.length && stmts.length)
      this.set(stmts[0], 'comments', [...from.comments, ...(stmts[0].comments ?? [])]);
    return stmts;
  }

  private tickStatement(): N {
    return this.j.expressionStatement(this.j.awaitExpression(this.j.literal(null)));
  }

  private deferral(): N {
    const j = this.j;
    const stmt = j.expressionStatement(j.awaitExpression(j.literal(null)));
    (stmt as N).comments = [
      j.commentLine(' bluebird ran this handler in a later tick, even after a synchronous throw', true, false),
    ];
    return stmt;
  }

  // -------------------------------------------------------------------------------------------
  // callback bodies

  private compileBody(stmts: N[], sink: Sink, fresh: boolean): N[] {
    if (sink.kind === 'return') {
      const out = this.returnsInList(stmts, sink, fresh, true, false);
      if (!terminatesList(out)) {
        // leaving our try before anything was awaited would run its finally (or resolve) too early
        if (fresh && sink.inTry) out.push(this.tickStatement());
        if (!sink.atEnd) out.push(this.j.returnStatement(null));
      }
      return out;
    }
    return this.tail(stmts, sink, fresh);
  }

  /** return sink: returns stay where they are (awaited inside our try blocks; chains flattened) */
  private returnsInList(list: N[], sink: ReturnSink, fresh: boolean, top: boolean, inUserTry: boolean): N[] {
    const out: N[] = [];
    list.forEach((s, i) => {
      if (s.type === 'ReturnStatement') {
        const atEnd = top && sink.atEnd && i === list.length - 1;
        out.push(...this.returnAt(s, { ...sink, atEnd }, fresh, inUserTry));
      } else {
        this.returnsIn(s, sink, fresh, inUserTry);
        out.push(s);
      }
    });
    return out;
  }

  private returnsIn(node: N, sink: ReturnSink, fresh: boolean, inUserTry: boolean): void {
    if (!containsReturn(node)) return;
    const slot = (parent: N, key: string) => {
      const s = parent[key];
      if (!s) return;
      if (s.type === 'ReturnStatement') {
        const stmts = this.returnAt(s, { ...sink, atEnd: false }, fresh, inUserTry);
        this.set(parent, key, stmts.length === 1 ? stmts[0] : this.j.blockStatement(stmts));
      } else this.returnsIn(s, sink, fresh, inUserTry);
    };
    switch (node.type) {
      case 'BlockStatement':
        this.set(node, 'body', this.returnsInList(node.body, sink, fresh, false, inUserTry));
        break;
      case 'IfStatement':
        slot(node, 'consequent');
        slot(node, 'alternate');
        break;
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
      case 'WhileStatement':
      case 'DoWhileStatement':
      case 'LabeledStatement':
      case 'WithStatement':
        slot(node, 'body');
        break;
      case 'SwitchStatement':
        for (const c of node.cases)
          this.set(c, 'consequent', this.returnsInList(c.consequent, sink, fresh, false, inUserTry));
        break;
      case 'TryStatement':
        this.returnsIn(node.block, sink, fresh, true);
        if (node.handler) this.returnsIn(node.handler.body, sink, fresh, true);
        if (node.finalizer) this.returnsIn(node.finalizer, sink, fresh, true);
        break;
    }
  }

  private returnAt(ret: N, sink: ReturnSink, fresh: boolean, inUserTry: boolean): N[] {
    const j = this.j;
    const arg = ret.argument;
    if (!arg) {
      if (!(fresh && sink.inTry)) return [ret];
      if (inUserTry)
        this.decline('MOLT042', 'a callback returns from inside its own try block before anything was awaited', ret);
      return this.carryComments(ret, [this.tickStatement(), j.returnStatement(null)]);
    }
    if (!inUserTry) {
      const flat = this.flatten(arg, sink, fresh);
      if (flat) return this.carryComments(ret, flat);
    }
    // inside our try, the value is awaited there (so its rejection is caught and finally runs after
    // it); before anything was awaited, even a plain value must wait one tick, as bluebird did
    if (sink.inTry && (fresh || !this.nonThenable(arg))) {
      if (inUserTry)
        this.decline(
          'MOLT042',
          "a callback returns a promise from inside its own try block; awaiting it there would let that try catch the promise's rejection",
          ret,
        );
      const r = j.returnStatement(j.awaitExpression(arg));
      (r as N).comments = ret.comments;
      return [r];
    }
    return [ret];
  }

  /** bind/discard sink: returns must be at the tail; early returns in if/else move the rest into the other branch */
  private tail(list: N[], sink: BindSink | DiscardSink, fresh: boolean): N[] {
    const j = this.j;
    const out: N[] = [];
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      if (!containsReturn(s)) {
        out.push(s);
        continue;
      }
      const rest = list.slice(i + 1);
      if (s.type === 'ReturnStatement') {
        if (rest.length) this.decline('MOLT042', 'a callback has unreachable code after a return', rest[0]);
        out.push(...this.carryComments(s, this.exitWith(s.argument, sink, fresh)));
        return out;
      }
      if (s.type === 'IfStatement') {
        if (rest.some((r) => r.type === 'FunctionDeclaration' || r.type === 'ClassDeclaration'))
          this.decline('MOLT042', 'a declaration after an early return would move into a block', s);
        const consEnds = terminates(s.consequent);
        const altEnds = !!s.alternate && terminates(s.alternate);
        let cons: N[];
        let alt: N[];
        if (consEnds && altEnds) {
          if (rest.length)
            this.decline('MOLT042', 'a callback has unreachable code after an if/else that always returns', rest[0]);
          cons = this.tail(toList(s.consequent), sink, fresh);
          alt = this.tail(toList(s.alternate), sink, fresh);
        } else if (consEnds) {
          cons = this.tail(toList(s.consequent), sink, fresh);
          alt = this.tail([...toList(s.alternate), ...rest], sink, fresh);
        } else if (altEnds) {
          cons = this.tail([...toList(s.consequent), ...rest], sink, fresh);
          alt = this.tail(toList(s.alternate), sink, fresh);
        } else {
          return this.decline(
            'MOLT042',
            'a callback returns from a branch that does not always return or throw; its returns are not at the tail',
            s,
          );
        }
        const stmt = j.ifStatement(s.test, j.blockStatement(cons), alt.length ? j.blockStatement(alt) : null);
        (stmt as N).comments = s.comments;
        out.push(stmt);
        return out;
      }
      return this.decline(
        'MOLT042',
        `a callback returns from inside a ${s.type.replace(/Statement$/, '').toLowerCase()}; its returns are not at the tail`,
        s,
      );
    }
    if (!terminatesList(out)) out.push(...this.fallOff(sink, fresh));
    return out;
  }

  private exitWith(expr: N | null, sink: Sink, fresh: boolean): N[] {
    if (expr) {
      const flat = this.flatten(expr, sink, fresh);
      if (flat) return flat;
    }
    return this.emitValue(sink, expr, fresh);
  }

  private fallOff(sink: BindSink | DiscardSink, fresh: boolean): N[] {
    if (sink.kind === 'discard') return fresh ? [this.tickStatement()] : [];
    if (sink.spread || fresh || !sink.fallOffFree) return this.emitValue(sink, null, fresh);
    return [];
  }

  /** the value `expr` (null: undefined) goes into `sink` */
  private emitValue(sink: Sink, expr: N | null, fresh: boolean): N[] {
    const j = this.j;
    const value = expr ?? j.identifier('undefined');
    const plain = this.nonThenable(value);
    if (sink.kind === 'return') {
      if (!expr)
        return sink.inTry && fresh ? [this.tickStatement(), j.returnStatement(null)] : [j.returnStatement(null)];
      return [j.returnStatement(sink.inTry && (fresh || !plain) ? j.awaitExpression(value) : value)];
    }
    if (sink.kind === 'discard') {
      if (plain && !fresh) return this.isPure(value) ? [] : [j.expressionStatement(value)];
      return [j.expressionStatement(j.awaitExpression(value))];
    }
    let rhs: N;
    if (!sink.spread) {
      rhs = fresh || !plain ? j.awaitExpression(value) : value;
    } else if (
      value.type === 'ArrayExpression' &&
      value.elements.every((e: N) => e && e.type !== 'SpreadElement' && this.nonThenable(e))
    ) {
      rhs = fresh ? j.awaitExpression(value) : value;
    } else if (this.isBluebirdArray(value)) {
      rhs = j.awaitExpression(value);
    } else {
      const all = j.memberExpression(j.identifier(this.promiseName(sink)), j.identifier('all'));
      const inner = plain ? value : j.awaitExpression(value);
      rhs = j.awaitExpression(j.callExpression(all, [inner]));
      if (!plain || value.type === 'Identifier') this.spreadCaveat(sink);
    }
    const stmt = j.expressionStatement(j.assignmentExpression('=', sink.target, rhs));
    sink.emitted.push(stmt);
    return [stmt];
  }

  private spreadCaveat(sink: BindSink): void {
    if (sink.caveated) return;
    sink.caveated = true;
    this.notes.push({
      code: 'MOLT143',
      line: sink.line,
      message: `${this.label}: .spread rewritten as \`[...] = await Promise.all(...)\` because bluebird also waits for promises inside the array; drop Promise.all when the array never holds promises`,
    });
  }

  private promiseName(sink: BindSink): string {
    if (this.f.bluebird) return this.f.bluebird;
    if (!this.f.declaredCount.has('Promise') && !this.scope?.lookup('Promise')) return 'Promise';
    return this.decline('MOLT043', '.spread needs Promise.all but `Promise` is shadowed here', {
      loc: { start: { line: sink.line } },
    });
  }

  private isBluebirdArray(n: N): boolean {
    return (
      n.type === 'CallExpression' &&
      n.callee.type === 'MemberExpression' &&
      !n.callee.computed &&
      !!this.f.bluebird &&
      n.callee.object.type === 'Identifier' &&
      n.callee.object.name === this.f.bluebird &&
      BLUEBIRD_ARRAY_STATICS.has(n.callee.property.name) &&
      // Promise.join(a, b, fn) calls fn: the result is then fn's
      !(
        n.callee.property.name === 'join' &&
        n.arguments.some((a: N) => a.type !== 'CallExpression' && a.type !== 'ArrayExpression' && !isLiteral(a))
      )
    );
  }

  /** a value that is certainly not a thenable (await would not wait for anything) */
  private nonThenable(n: N): boolean {
    if (isLiteral(n)) return true;
    switch (n.type) {
      case 'TemplateLiteral':
      case 'UnaryExpression':
      case 'BinaryExpression':
      case 'UpdateExpression':
      case 'ArrayExpression':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return true;
      case 'ObjectExpression':
        return n.properties.every(
          (p: N) =>
            p.type === 'Property' &&
            !p.computed &&
            !(p.key.type === 'Identifier' ? p.key.name === 'then' : p.key.value === 'then'),
        );
      case 'Identifier':
        return this.resolved.has(n) || (n.name === 'undefined' && !this.f.declaredCount.has('undefined'));
      default:
        return false;
    }
  }

  private isPure(n: N): boolean {
    if (isLiteral(n)) return true;
    if (n.type === 'Identifier') return this.resolved.has(n) || n.name === 'undefined';
    if (n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression') return true;
    if (n.type === 'TemplateLiteral') return n.expressions.length === 0;
    return false;
  }

  // -------------------------------------------------------------------------------------------
  // names

  /** a name a callback declares that is used anywhere else in the new body gets a fresh name */
  private renameCollisions(body: N[]): void {
    const handlers = [...this.handlers].sort((a, b) => (a.fn.start ?? 0) - (b.fn.start ?? 0));
    for (const h of handlers) {
      for (const [name, binding] of h.bindings) {
        if (!this.usedOutside(name, h, body)) continue;
        const renamed = this.fresh(name);
        for (const ref of binding.refs) {
          const { parent } = ref;
          if ((parent?.type === 'Property' || parent?.type === 'ObjectProperty') && parent.shorthand) {
            this.set(parent, 'shorthand', false);
            if (parent.key === ref.node) this.set(parent, 'key', this.j.identifier(name));
            if (parent.extra?.shorthand) this.set(parent, 'extra', { ...parent.extra, shorthand: false });
          }
          this.set(ref.node, 'name', renamed);
        }
      }
    }
  }

  private usedOutside(name: string, h: Handler, body: N[]): boolean {
    let used = false;
    const visit = (n: N, parent: N, key: string) => {
      if (used) return false;
      if (h.nodes.has(n)) return false;
      if (n.type === 'Identifier' && n.name === name && isNameUse(parent, key)) used = true;
      return !used;
    };
    if (this.fn.id) walk(this.fn.id, visit);
    for (const p of this.fn.params) walk(p, visit);
    for (const s of body) walk(s, visit);
    return used;
  }
}

function findLastIndex<T>(list: T[], pred: (x: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (pred(list[i]!)) return i;
  return -1;
}

/** this/arguments/new.target/super used by the function itself (arrows included, other functions not) */
function usesOwnThis(fn: N): boolean {
  let found = false;
  walk(fn.body, (n, parent, key) => {
    if (found) return false;
    if (
      n.type === 'FunctionExpression' ||
      n.type === 'FunctionDeclaration' ||
      n.type === 'ClassMethod' ||
      n.type === 'ObjectMethod' ||
      n.type === 'ClassDeclaration' ||
      n.type === 'ClassExpression'
    )
      return false;
    if (n.type === 'Property' && n.method) return false;
    if (n.type === 'ThisExpression' || n.type === 'Super' || n.type === 'MetaProperty') found = true;
    if (n.type === 'Identifier' && n.name === 'arguments' && isNameUse(parent, key)) found = true;
    return !found;
  });
  return found;
}

function refersToName(node: N, name: string): boolean {
  let found = false;
  walk(node, (n, parent, key) => {
    if (n.type === 'Identifier' && n.name === name && isNameUse(parent, key)) found = true;
    return !found;
  });
  return found;
}

function usesAwaitName(node: N): boolean {
  return refersToName(node, 'await');
}

/** the names a function can be called by in this file */
function namesOf(path: ASTPath): string[] {
  const fn: N = path.node;
  const parent: N = path.parent?.node;
  if (fn.type === 'FunctionDeclaration' && fn.id) return [fn.id.name];
  if (!parent) return [];
  if (parent.type === 'VariableDeclarator' && parent.init === fn && parent.id.type === 'Identifier')
    return [parent.id.name];
  if (parent.type === 'AssignmentExpression' && parent.right === fn) {
    if (parent.left.type === 'Identifier') return [parent.left.name];
    if (parent.left.type === 'MemberExpression' && !parent.left.computed) return [parent.left.property.name];
  }
  if (
    (parent.type === 'Property' || parent.type === 'ObjectProperty' || parent.type === 'MethodDefinition') &&
    !parent.computed
  ) {
    const k = parent.key;
    const name = k.type === 'Identifier' ? k.name : typeof k.value === 'string' ? k.value : null;
    return name ? [name] : [];
  }
  return [];
}

/** a function handed straight to bluebird (a chain handler or Promise.map/each/try...): its throws already become rejections */
function knownConsumer(path: ASTPath, f: FileFacts): boolean {
  const parent: N = path.parent?.node;
  if (parent?.type !== 'CallExpression' || !parent.arguments.includes(path.node)) return false;
  const c = parent.callee;
  if (c.type !== 'MemberExpression' || c.computed || c.property.type !== 'Identifier') return false;
  const m = c.property.name;
  const at = parent.arguments.indexOf(path.node);
  // only bluebird (or another promise library that adopts native promises) will do: a file that
  // never requires bluebird may be chaining jQuery deferreds, which would not wait for the result
  if (!f.bluebird) return false;
  if (m === 'then' || m === 'spread' || m === 'tap' || m === 'finally' || m === 'lastly') return at <= 1;
  if (m === 'catch' || m === 'caught') return at === parent.arguments.length - 1;
  return c.object.type === 'Identifier' && c.object.name === f.bluebird && BLUEBIRD_HANDLER_STATICS.has(m);
}

function isCandidate(path: ASTPath, f: FileFacts): boolean {
  const fn: N = path.node;
  const parent: N = path.parent?.node;
  if (fn.generator) return false;
  if (fn.kind === 'get' || fn.kind === 'set' || fn.kind === 'constructor') return false;
  if (parent?.type === 'Property' && parent.value === fn && parent.kind !== 'init') return false;
  if (parent?.type === 'MethodDefinition' && parent.kind !== 'method') return false;
  if (Converter.returnedChain(fn) !== null) return true;
  // a handler given to bluebird may return chains anywhere in its body
  return fn.body.type === 'BlockStatement' && knownConsumer(path, f) && returnsAChain(fn.body);
}

function returnsAChain(node: N): boolean {
  let found = false;
  walkOwn(node, (n) => {
    if (n.type === 'ReturnStatement' && isChainCall(n.argument)) found = true;
    return !found;
  });
  return found;
}

// ---------------------------------------------------------------------------------------------
// callers in other modules: the file is on disk (the CLI hands units absolute paths), so the other
// modules of its package are read, and a require/import of this file whose function results get a
// method native promises lack (.tap, .spread, .return, .catch(filter, fn), ...) declines the function

/** the names other modules can reach a function by: its own and the export keys that point at it */
function exportNames(program: N, names: Set<string>): Set<string> {
  const out = new Set(names);
  walk(program, (n) => {
    if (
      (n.type === 'Property' || n.type === 'ObjectProperty') &&
      !n.computed &&
      n.value?.type === 'Identifier' &&
      names.has(n.value.name)
    ) {
      const k = n.key;
      const key = k.type === 'Identifier' ? k.name : typeof k.value === 'string' ? k.value : null;
      if (key) out.add(key);
    }
    if (
      n.type === 'AssignmentExpression' &&
      n.right.type === 'Identifier' &&
      names.has(n.right.name) &&
      n.left.type === 'MemberExpression' &&
      !n.left.computed
    ) {
      out.add(n.left.property.name);
    }
    if (n.type === 'ExportSpecifier' && names.has(n.local.name)) out.add(n.exported.name ?? n.exported.value);
  });
  return out;
}

interface ForeignUse {
  target: string;
  name: string;
  method: string;
  where: string;
}

const usesCache = new Map<string, { mtimeMs: number; uses: ForeignUse[] }>();

function packageRoot(file: string): string | null {
  for (let d = path.dirname(file); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'package.json'))) return d;
    if (path.dirname(d) === d) return null;
  }
}

function jsFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) jsFiles(full, out);
    else if (/\.(c|m)?js$/.test(e.name)) out.push(full);
  }
  return out;
}

function resolveLocal(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.js`, path.join(base, 'index.js')]) {
    try {
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return null;
}

/** every call in `file` on a function of a local module whose result gets a method native promises lack */
function usesIn(j: JSCodeshift, file: string): ForeignUse[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return [];
  }
  const cached = usesCache.get(file);
  if (cached && cached.mtimeMs === stat.mtimeMs) return cached.uses;
  const uses: ForeignUse[] = [];
  usesCache.set(file, { mtimeMs: stat.mtimeMs, uses });
  let program: N;
  try {
    program = j(fs.readFileSync(file, 'utf8')).get().node.program;
  } catch {
    return uses;
  }
  // local name -> [module file, member name, or null for the module object]
  const bound = new Map<string, [string, string | null]>();
  const moduleOf = (n: N): string | null => {
    const mod = n ? requiredModule(n) : null;
    return mod === null ? null : resolveLocal(file, mod);
  };
  walk(program, (n) => {
    if (n.type === 'VariableDeclarator' && n.init) {
      const target = moduleOf(n.init);
      if (!target) return;
      if (n.id.type === 'Identifier') bound.set(n.id.name, [target, null]);
      if (n.id.type === 'ObjectPattern') {
        for (const prop of n.id.properties) {
          if (
            prop.type !== 'RestElement' &&
            !prop.computed &&
            prop.key.type === 'Identifier' &&
            prop.value.type === 'Identifier'
          ) {
            bound.set(prop.value.name, [target, prop.key.name]);
          }
        }
      }
    }
    if (n.type === 'ImportDeclaration') {
      const target = resolveLocal(file, String(n.source.value));
      if (!target) return;
      for (const sp of n.specifiers) {
        if (sp.type === 'ImportSpecifier') bound.set(sp.local.name, [target, sp.imported.name ?? sp.imported.value]);
        else bound.set(sp.local.name, [target, null]);
      }
    }
  });
  const callTarget = (call: N): [string, string] | null => {
    const c = call.callee;
    if (c.type === 'Identifier') {
      const b = bound.get(c.name);
      return b && b[1] ? [b[0], b[1]] : null;
    }
    if (c.type === 'MemberExpression' && !c.computed && c.property.type === 'Identifier') {
      if (c.object.type === 'Identifier') {
        const b = bound.get(c.object.name);
        return b && b[1] === null ? [b[0], c.property.name] : null;
      }
      const target = moduleOf(c.object);
      return target ? [target, c.property.name] : null;
    }
    return null;
  };
  walk(program, (n) => {
    if (n.type !== 'CallExpression' || n.callee.type !== 'MemberExpression' || n.callee.computed) return;
    const inner = n.callee.object;
    if (inner.type !== 'CallExpression') return;
    const t = callTarget(inner);
    if (!t) return;
    const method = n.callee.property.name;
    if (!NATIVE_METHODS.has(method) || (method === 'catch' && n.arguments.length > 1)) {
      uses.push({ target: t[0], name: t[1], method, where: `${path.basename(file)}:${lineOf(n) ?? 0}` });
    }
  });
  return uses;
}

/** callers in the other modules of this file's package that need a bluebird promise from `names` */
function foreignMisuse(j: JSCodeshift, file: string, names: Set<string>): string[] {
  if (!path.isAbsolute(file) || !fs.existsSync(file)) return [];
  const root = packageRoot(file);
  if (!root) return [];
  const self = path.resolve(file);
  const out: string[] = [];
  for (const other of jsFiles(root)) {
    if (other === self) continue;
    for (const use of usesIn(j, other)) {
      if (use.target === self && names.has(use.name)) out.push(`${use.name}(...).${use.method}(...) in ${use.where}`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// the unit

interface PassResult {
  converted: number;
  notes: Diag[];
  declines: Diag[];
  declinedChains: Set<N>;
}

/**
 * One pass over the functions, outermost first. A conversion only changes its own function, so
 * the pass goes on with the others, except functions inside a converted one (their paths are
 * stale: the next pass sees them). Passes repeat until one converts nothing; its declines are
 * the ones reported (a later conversion can lift an earlier decline, e.g. a caller's .spread).
 */
function runPass(f: FileFacts): PassResult {
  const result: PassResult = { converted: 0, notes: [], declines: [], declinedChains: new Set<N>() };
  const converted = new Set<N>();
  for (const path of f.fnPaths.values()) {
    if (!isCandidate(path, f)) continue;
    let inside = false;
    for (let p = path.parent as ASTPath | null; p && !inside; p = p.parent as ASTPath | null)
      inside = converted.has(p.node);
    if (inside) continue;
    const conv = new Converter(f, path);
    try {
      conv.convert();
      converted.add(path.node);
      result.converted++;
      result.notes.push(...conv.notes);
    } catch (e) {
      conv.rollback();
      if (!(e instanceof Decline)) throw e;
      result.declines.push({ code: e.code, line: e.line, message: e.message });
      const chain = Converter.returnedChain(path.node);
      if (chain) result.declinedChains.add(chain);
      walkOwn((path.node as N).body, (n) => {
        if (n.type === 'ReturnStatement' && isChainCall(n.argument)) result.declinedChains.add(n.argument);
      });
    }
  }
  return result;
}

/** chains left in the file that no decline explains */
function leftovers(f: FileFacts, declinedChains: Set<N>): Diag[] {
  const j = f.j;
  const out: Diag[] = [];
  j(f.file)
    .find(j.CallExpression)
    .forEach((p: ASTPath<any>) => {
      const node = p.node;
      if (!isChainCall(node) || declinedChains.has(node)) return;
      const parent: N = p.parent?.node;
      const grand: N = p.parent?.parent?.node;
      if (parent?.type === 'MemberExpression' && parent.object === node && !parent.computed) {
        if (CHAIN_METHODS.has(parent.property.name) && grand?.type === 'CallExpression' && grand.callee === parent)
          return;
        out.push({
          code: 'MOLT047',
          line: lineNear(node, p),
          message: `chain continues with .${parent.property.name}(), which has no rewrite here; left alone`,
        });
        return;
      }
      const where =
        parent?.type === 'ExpressionStatement'
          ? 'a fire-and-forget chain (its result is not returned)'
          : parent?.type === 'ReturnStatement' || (parent?.type === 'ArrowFunctionExpression' && parent.body === node)
            ? null
            : parent?.type === 'AwaitExpression'
              ? 'an awaited chain'
              : (parent?.type === 'CallExpression' || parent?.type === 'NewExpression') &&
                  parent.arguments.includes(node)
                ? 'a chain passed as an argument'
                : `a chain inside ${parent?.type ?? 'the program'}`;
      if (where)
        out.push({
          code: 'MOLT141',
          line: lineNear(node, p),
          message: `${where} is not in return position; left alone`,
        });
      else
        out.push({
          code: 'MOLT049',
          line: lineNear(node, p),
          message: 'a returned chain in a function whose body is not `[statements;] return <chain>`; left alone',
        });
    });
  return out;
}

function indentOf(source: string): number {
  const widths = source
    .split('\n')
    .map((l) => /^( +)\S/.exec(l)?.[1]!.length ?? 0)
    .filter((w) => w > 0);
  const min = widths.length ? Math.min(...widths) : 2;
  return min === 4 ? 4 : 2;
}

const transform: Transform = (file, api, { molt }) => {
  const j = api.jscodeshift;
  const fileNode = j(file.source).get().node;
  let rewrote = 0;
  const notes: Diag[] = [];
  for (let pass = 0; pass < 100; pass++) {
    const facts = new FileFacts(j, fileNode, file.path);
    const result = runPass(facts);
    if (result.converted) {
      rewrote += result.converted;
      notes.push(...result.notes);
      continue;
    }
    for (const d of [...notes, ...result.declines, ...leftovers(facts, result.declinedChains)])
      molt.declined(d.code, d.line, d.message);
    break;
  }
  if (!rewrote) return undefined;
  molt.rewrote(rewrote);
  let out = j(fileNode).toSource({ tabWidth: indentOf(file.source) });
  // recast prints a reprinted anonymous function as `function(`; keep the file's `function (` style
  const spaced = (file.source.match(/\bfunction \(/g) ?? []).length;
  const tight = (file.source.match(/\bfunction\(/g) ?? []).length;
  if (spaced > tight) out = out.replace(/\basync function\(/g, 'async function (');
  return out;
};

export default transform;
