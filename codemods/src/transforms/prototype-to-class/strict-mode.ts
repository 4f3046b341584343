import type { ASTPath } from 'jscodeshift';
import { usesEvalOrWith } from '../function-facts.js';
import { refuse, type Context, type Refusal } from './model.js';
import { NON_ARROW_FUNCTIONS, isIdent, scopeOf, usesThis, type AnyNode } from './syntax.js';

/** Code inside a class body is strict; is the code it comes from strict already? */
function isStrictAlready(path: ASTPath): boolean {
  for (let p: ASTPath | null = path; p; p = p.parent as ASTPath | null) {
    const node = p.node as AnyNode;
    const list = node.type === 'Program' ? node.body : NON_ARROW_FUNCTIONS.has(node.type) ? node.body.body : undefined;
    if (list?.some((s: AnyNode) => s.type === 'ExpressionStatement' && s.directive === 'use strict')) return true;
  }
  return false;
}

/** A function expression whose caller supplies `this`: an object-literal method, bound, or stored on an object. */
function hasReceiver(fn: ASTPath): boolean {
  const parent = fn.parent?.node as AnyNode;
  if (parent?.type === 'Property' && parent.value === fn.node) return true;
  if (parent?.type === 'MemberExpression' && parent.object === fn.node)
    return ['bind', 'call', 'apply'].includes(parent.property?.name);
  return parent?.type === 'AssignmentExpression' && parent.right === fn.node && parent.left.type === 'MemberExpression';
}

/**
 * Sloppy-mode behaviour the class body would lose: implicit globals,
 * arguments.callee, arguments aliasing parameters, `this` as the global
 * object in plain calls, silent writes to getter-only properties.
 */
export function strictModeHazard(
  ctx: Context,
  name: string,
  functions: ASTPath[],
  getterOnly: Set<string>,
): Refusal | undefined {
  const { j } = ctx;
  if (isStrictAlready(functions[0]!)) return undefined;
  const hazard = (node: AnyNode, what: string) =>
    refuse('MOLT039', node, `${name}: ${what}; class bodies are strict mode`);
  for (const fn of functions) {
    // strict eval keeps its declarations to itself
    if (usesEvalOrWith(fn)) return hazard(fn.node, 'it calls eval');
    const code = j(fn);
    const undeclared = (p: ASTPath, target: AnyNode) =>
      isIdent(target) && target.name !== 'undefined' && !scopeOf(p)?.lookup(target.name);
    const implicit = [
      ...code
        .find(j.AssignmentExpression)
        .filter((p) => undeclared(p, p.node.left))
        .paths(),
      ...code
        .find(j.UpdateExpression)
        .filter((p) => undeclared(p, p.node.argument))
        .paths(),
      ...code
        .find(j.ForInStatement)
        .filter((p) => undeclared(p, p.node.left))
        .paths(),
    ];
    if (implicit[0]) return hazard(implicit[0].node, 'it assigns an undeclared variable (an implicit global)');
    const callee = code.find(j.MemberExpression, { object: { type: 'Identifier', name: 'arguments' } }).filter((p) => {
      const prop = (p.node as AnyNode).property;
      return !p.node.computed && (prop.name === 'callee' || prop.name === 'caller');
    });
    if (callee.size()) return hazard(callee.paths()[0]!.node, 'it reads arguments.callee');
    const nested = code
      .find(j.Function)
      .filter((p) => NON_ARROW_FUNCTIONS.has(p.node.type))
      .paths() as ASTPath[];
    for (const f of [fn, ...nested]) {
      const aliased = aliasesArguments(ctx, f);
      if (aliased) return hazard(aliased, 'it assigns a parameter and reads arguments (they are no longer linked)');
      if (f !== fn && usesThis((f.node as AnyNode).body) && !hasReceiver(f)) {
        return hazard(
          f.node,
          'a nested function uses this and may be called plainly (this would be undefined, not the global object)',
        );
      }
    }
    const getterWrite = [
      ...code
        .find(j.AssignmentExpression)
        .paths()
        .map((p) => p.node.left),
      ...code
        .find(j.UpdateExpression)
        .paths()
        .map((p) => p.node.argument),
    ].find(
      (t: AnyNode) =>
        t.type === 'MemberExpression' &&
        t.object.type === 'ThisExpression' &&
        !t.computed &&
        getterOnly.has(t.property.name),
    );
    if (getterWrite)
      return hazard(
        getterWrite,
        `it writes this.${(getterWrite as AnyNode).property.name}, which has only a getter (a silent no-op before, a TypeError now)`,
      );
  }
  return undefined;
}

/** In sloppy mode `arguments[i]` and parameter i are the same variable; in strict mode they are not. */
function aliasesArguments(ctx: Context, f: ASTPath): AnyNode | undefined {
  const { j } = ctx;
  const own = (p: ASTPath) => {
    let q = p.parent as ASTPath | null;
    while (q && !NON_ARROW_FUNCTIONS.has(q.node.type)) q = q.parent as ASTPath | null;
    return q?.node === f.node;
  };
  const scope = scopeOf(f);
  const params = new Set<string>(
    ((f.node as AnyNode).params as AnyNode[]).filter((p) => isIdent(p)).map((p) => p.name),
  );
  if (!params.size || !j(f).find(j.Identifier, { name: 'arguments' }).filter(own).size()) return undefined;
  const writesParam = (p: ASTPath, target: AnyNode) =>
    isIdent(target) && params.has(target.name) && scopeOf(p)?.lookup(target.name) === scope;
  const write = [
    ...j(f)
      .find(j.AssignmentExpression)
      .filter((p) => writesParam(p, p.node.left))
      .paths(),
    ...j(f)
      .find(j.UpdateExpression)
      .filter((p) => writesParam(p, p.node.argument))
      .paths(),
  ][0];
  return write?.node;
}
