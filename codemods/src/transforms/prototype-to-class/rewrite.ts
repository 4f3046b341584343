import type { ASTPath } from 'jscodeshift';
import { isReference } from '../../ast.js';
import type { Candidate, Context } from './model.js';
import { isIdent, isMember, requiredModule, type AnyNode } from './syntax.js';

/** Replaces the function declaration by the class and drops the statements it absorbed. */
export function rewriteAsClass(ctx: Context, cand: Candidate): void {
  const { j } = ctx;
  const fn = cand.decl.node as AnyNode;
  if (cand.superCall) {
    const call = j.expressionStatement(j.callExpression(j.super(), cand.superCall.args));
    (call as AnyNode).comments = (cand.superCall.stmt.node as AnyNode).comments;
    cand.superCall.stmt.replace(call);
  }
  const members: AnyNode[] = [];
  const emptyBase = !cand.parent && fn.params.length === 0 && fn.body.body.length === 0 && !fn.body.comments?.length;
  if (!emptyBase)
    members.push(
      j.methodDefinition('constructor', j.identifier('constructor'), j.functionExpression(null, fn.params, fn.body)),
    );
  for (const element of [...cand.elements].sort((a, b) => a.at - b.at)) {
    const value = element.fn.node as AnyNode;
    value.id = null;
    const method = j.methodDefinition(element.kind, element.key, value, element.isStatic);
    (method as AnyNode).comments = element.comments.length ? element.comments : undefined;
    members.push(method);
  }
  const cls = j.classDeclaration(fn.id, j.classBody(members), cand.parent?.node ?? null);
  // the function's own comment (JSDoc) stays right above the class
  const comments = [...cand.classComments, ...(fn.comments ?? [])];
  (cls as AnyNode).comments = comments.length ? comments : undefined;
  cand.decl.replace(cls);
  for (const [stmt, leftovers] of cand.replaced) {
    // its own comments already went to the class
    if (leftovers.length) stmt.replace(...leftovers);
    else stmt.prune();
  }
  for (const stmt of cand.removed) stmt.prune();
}

/** Removes a statement and hands its comments to a neighbour, so a file header survives. */
function removeStatement(stmt: ASTPath): void {
  const comments: AnyNode[] = (stmt.node as AnyNode).comments ?? [];
  const siblings: AnyNode[] = (stmt.parent?.node as AnyNode)?.body ?? [];
  const index = siblings.indexOf(stmt.node);
  const next = siblings[index + 1];
  const previous = siblings[index - 1];
  if (comments.length && next) {
    next.comments = [...comments.map((c) => ({ ...c, leading: true, trailing: false })), ...(next.comments ?? [])];
  } else if (comments.length && previous) {
    previous.comments = [
      ...(previous.comments ?? []),
      ...comments.map((c) => ({ ...c, leading: false, trailing: true })),
    ];
  }
  stmt.prune();
}

/** The variable a util.inherits call reads util (or inherits) from, if any. */
export function inheritsBinding(call: AnyNode): string | undefined {
  const callee = call.callee;
  if (isIdent(callee)) return callee.name;
  return isIdent(callee.object) ? callee.object.name : undefined;
}

/** After util.inherits calls are gone: `var util = require('util')` (or its inherits) with no reader left. */
export function dropUnusedUtil(ctx: Context, names: Set<string>): void {
  const { j } = ctx;
  ctx.root.find(j.VariableDeclarator).forEach((declarator: ASTPath) => {
    const node = declarator.node as AnyNode;
    const isUtil = (n: AnyNode) => ['util', 'node:util'].includes(requiredModule(n, declarator) ?? '');
    if (
      !isIdent(node.id) ||
      !names.has(node.id.name) ||
      !(isUtil(node.init) || isMember(node.init, isUtil, 'inherits'))
    )
      return;
    const declaration = declarator.parent as ASTPath;
    if (declaration.parent?.node.type !== 'Program' && declaration.parent?.node.type !== 'BlockStatement') return;
    const name = node.id.name;
    const readers = ctx.root
      .find(j.Identifier, { name })
      .filter((p: ASTPath) => p.node !== node.id && isReference(p) && !isClassKey(p));
    if (readers.size()) return;
    if ((declaration.node as AnyNode).declarations.length === 1) removeStatement(declaration);
    else declarator.prune();
  });
}

/** `m` in `class { m() {} }` names a member, not a variable. */
export function isClassKey(path: ASTPath): boolean {
  const parent = path.parent?.node as AnyNode;
  return (
    (parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition') &&
    parent.key === path.node &&
    !parent.computed
  );
}
