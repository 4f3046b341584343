/**
 * May the code that runs before the first await throw synchronously? An async function turns such a
 * throw into a rejection, so a function whose prelude or chain head might throw is declined
 * (MOLT040). The answer is conservative: literals, declared names, required modules' members,
 * bluebird statics, and functions of this file or exported by a local module that provably return
 * their promise first count as safe.
 */
import type { ConverterBase } from './converter-base.js';
import type { FileFacts } from './file-facts.js';
import { boundByName, namesOf } from './callers.js';
import { exportNames } from './foreign-callers.js';
import { foreignFunction } from './foreign-functions.js';
import { exportListings, foreignThrowCallers, ownThrowCallers, reachedByName } from './throw-callers.js';
import { KNOWN_GLOBALS } from './known-names.js';
import { isChainCall, methodOf, type Chain } from './model.js';
import { containsReturn, isFunction, isLiteral, lineNear, snippet, type N } from './syntax.js';

export class SyncThrows {
  constructor(
    readonly f: FileFacts,
    private readonly scope: any,
    /** names molt declared in the function */
    private readonly generated: Set<string>,
  ) {}

  declared(name: string): boolean {
    return this.generated.has(name) || !!this.scope?.lookup(name) || KNOWN_GLOBALS.has(name);
  }

  isModuleObject(n: N): boolean {
    if (n.type !== 'Identifier' || !this.f.requires.has(n.name)) return false;
    const s = this.scope?.lookup(n.name);
    return !s || s.node.type === 'Program' || s.node.type === 'File';
  }

  mayThrowStmt(s: N): boolean {
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
          // a function another local module exports, that cannot throw before returning its promise
          const foreign = this.isModuleObject(c.object)
            ? foreignFunction(this.f, c.object.name, c.property.name)
            : null;
          if (
            foreign &&
            new SyncThrows(foreign.module.facts, foreign.module.scope, new Set()).neverThrowsSync(foreign.fn, seen)
          )
            return argsThrow();
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

  /** a function of this file that cannot throw before returning its promise */
  neverThrowsSync(fn: N, seen: Set<N>): boolean {
    if (seen.has(fn)) return false;
    seen.add(fn);
    if (fn.async && !fn.generator) return true;
    if (fn.generator || fn.params.some((p: N) => p.type !== 'Identifier')) return false;
    const body: N[] = fn.body.body;
    const last = body[body.length - 1];
    if (!last || last.type !== 'ReturnStatement' || !last.argument) return false;
    const inner = new SyncThrows(this.f, (this.f.fnPaths.get(fn) as any).scope, new Set());
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

  isBluebirdTry(n: N): boolean {
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
}

/**
 * Declines a function that may throw before its first await (MOLT040), unless every caller molt can see returns
 * its value from a promise handler (throw-callers.ts): then it notes that (MOLT144) and lets it be converted.
 */
export function checkSyncThrows(cx: ConverterBase, pre: N[], chain: Chain): void {
  const reason = syncThrow(cx, pre, chain);
  if (!reason) return;
  // a value the chain evaluates when it is built would be evaluated later: not a matter of who catches its throw
  if (reason.built) cx.decline('MOLT040', reason.message, reason.at);
  const listing = exportListings(cx.f.program);
  if (!reachedByName(cx.fnPath, cx.f.program, listing)) cx.decline('MOLT040', reason.message, reason.at);
  const names = new Set(namesOf(cx.fnPath));
  const own = ownThrowCallers(cx.f.program, names, boundByName(cx.fnPath), listing);
  const foreign = foreignThrowCallers(cx.j, cx.f.filePath, exportNames(cx.f.program, names));
  if (names.size && !own.escaping.length && !foreign.escaping.length && own.absorbed + foreign.absorbed > 0) {
    cx.notes.push({
      code: 'MOLT144',
      line: reason.at ? lineNear(reason.at) : undefined,
      message: `${reason.message.replace(/ \(.*\)$/, '')}; but each of its ${own.absorbed + foreign.absorbed} callers returns its value from a promise handler, which turns a throw into a rejection too`,
    });
    return;
  }
  cx.decline('MOLT040', reason.message, reason.at);
}

/** The first thing that may throw before the chain's first await, as MOLT040 tells it, or null. */
function syncThrow(cx: ConverterBase, pre: N[], chain: Chain): { message: string; at: N; built?: boolean } | null {
  for (const s of pre) {
    if (cx.throws.mayThrowStmt(s))
      return {
        message: `\`${snippet(s)}\` runs before the chain and may throw synchronously; as an async function that throw would become a rejection (move it into Promise.try to allow the rewrite)`,
        at: s,
      };
  }
  if (chain.head.kind === 'expr' && cx.throws.mayThrowExpr(chain.head.expr)) {
    return {
      message: `the chain's head \`${snippet(chain.head.expr)}\` is called synchronously and molt cannot tell it never throws; as an async function a throw would become a rejection (wrap it in Promise.try to allow the rewrite)`,
      at: chain.head.expr,
    };
  }
  for (const step of chain.steps) {
    if (step.kind === 'return' && cx.throws.mayThrowExpr(step.value))
      return { message: `\`.return(${snippet(step.value)})\` is evaluated when the chain is built and may throw`, at: step.call, built: true };
    if (step.kind === 'catch') {
      for (const flt of step.filters)
        if (cx.throws.mayThrowExpr(flt.expr))
          return { message: `the catch filter \`${snippet(flt.expr)}\` is evaluated when the chain is built and may throw`, at: step.call, built: true };
    }
  }
  return null;
}
