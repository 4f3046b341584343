import type { ASTPath } from 'jscodeshift';
import { refuse, type Refusal } from './model.js';
import { isInheritsCall } from './parent.js';
import { isIdent, isMember, scopeOf, type AnyNode } from './syntax.js';

/**
 * What one reference to the constructor name does. `stmt` is the statement
 * when the use is a statement of the constructor's own statement list (the
 * only place a member may come from); undefined when nested or conditional.
 */
export type Use = { ref: ASTPath } & (
  | { kind: 'proto-member' | 'proto-replace' | 'static-member'; assign: ASTPath; stmt?: ASTPath }
  | { kind: 'proto-define' | 'inherits'; call: ASTPath; stmt?: ASTPath }
  | { kind: 'call'; call: ASTPath }
  | { kind: 'extended' | 'fine' }
  | { kind: 'refuse'; refusal: Refusal }
);

function topStatement(expr: ASTPath, container: AnyNode): ASTPath | undefined {
  const stmt = expr.parent as ASTPath | undefined;
  return stmt?.node.type === 'ExpressionStatement' && stmt.parent?.node === container ? stmt : undefined;
}

const isModule = (n: AnyNode) => isIdent(n, 'module');

function isExportTarget(left: AnyNode): boolean {
  if (isMember(left, isModule, 'exports')) return true;
  return (
    left?.type === 'MemberExpression' && (isIdent(left.object, 'exports') || isMember(left.object, isModule, 'exports'))
  );
}

/** `module.exports = X`, `exports.X = X`, `module.exports = { X: X }`: other files get the class. */
function isExported(ref: ASTPath): boolean {
  const parent = ref.parent?.node as AnyNode;
  if (parent?.type === 'AssignmentExpression' && parent.right === ref.node) return isExportTarget(parent.left);
  if (parent?.type !== 'Property' || parent.value !== ref.node) return false;
  const object = ref.parent?.parent;
  const assign = object?.parent?.node as AnyNode;
  return (
    assign?.type === 'AssignmentExpression' &&
    assign.right === object?.node &&
    isMember(assign.left, isModule, 'exports')
  );
}

const isPrototypeOf = (n: AnyNode, name: string) => isMember(n, (o) => isIdent(o, name), 'prototype');

/** `X.prototype.constructor = X` or `X.prototype = { constructor: X, … }`: what a class has anyway. */
function isOwnConstructorSlot(ref: ASTPath, name: string): boolean {
  const parent = ref.parent?.node as AnyNode;
  if (parent?.type === 'AssignmentExpression' && parent.right === ref.node) {
    return isMember(parent.left, (o) => isPrototypeOf(o, name), 'constructor');
  }
  if (
    parent?.type !== 'Property' ||
    parent.value !== ref.node ||
    parent.computed ||
    !isIdent(parent.key, 'constructor')
  )
    return false;
  const object = ref.parent?.parent;
  const assign = object?.parent?.node as AnyNode;
  return assign?.type === 'AssignmentExpression' && assign.right === object?.node && isPrototypeOf(assign.left, name);
}

export function classify(ref: ASTPath, name: string, container: AnyNode): Use {
  const parentPath = ref.parent as ASTPath;
  const parent = parentPath.node as AnyNode;
  const fine: Use = { ref, kind: 'fine' };
  const refusal = (code: string, message: string): Use => ({
    ref,
    kind: 'refuse',
    refusal: refuse(code, ref.node, message),
  });

  if (parent.type === 'MemberExpression' && parent.object === ref.node) {
    const prop = !parent.computed && parent.property.type === 'Identifier' ? parent.property.name : undefined;
    if (prop === 'prototype') return classifyPrototype(ref, parentPath, name, container);
    if (prop === 'super_') return refusal('MOLT032', `${name}.super_ is read; util.inherits sets it, a class does not`);
    const outer = parentPath.parent as ASTPath;
    if (prop === 'call' || prop === 'apply' || prop === 'bind') {
      if ((outer.node as AnyNode).type === 'CallExpression' && (outer.node as AnyNode).callee === parent)
        return { ref, kind: 'call', call: outer };
      return refusal('MOLT030', `${name}.${prop} is passed around; it could call ${name} without new`);
    }
    const assign = outer.node as AnyNode;
    if (assign.type === 'AssignmentExpression' && assign.left === parent && assign.operator === '=') {
      return { ref, kind: 'static-member', assign: outer, stmt: topStatement(outer, container) };
    }
    return fine;
  }
  if (parent.type === 'NewExpression' && parent.callee === ref.node) return fine;
  if (parent.type === 'CallExpression' && parent.callee === ref.node) return { ref, kind: 'call', call: parentPath };
  if (parent.type === 'BinaryExpression' && parent.operator === 'instanceof' && parent.right === ref.node) return fine;
  if (parent.type === 'UnaryExpression' && parent.operator === 'typeof') return fine;
  if ((parent.type === 'ClassDeclaration' || parent.type === 'ClassExpression') && parent.superClass === ref.node) {
    return { ref, kind: 'extended' };
  }
  if (parent.type === 'CallExpression' && isInheritsCall(parent, parentPath)) {
    if (parent.arguments[0] === ref.node)
      return { ref, kind: 'inherits', call: parentPath, stmt: topStatement(parentPath, container) };
    if (parent.arguments[1] === ref.node) return { ref, kind: 'extended' };
  }
  if (parent.type === 'AssignmentExpression' && parent.left === ref.node) {
    return refusal('MOLT035', `${name} is reassigned; a class's methods would still see the class`);
  }
  if (isExported(ref) || isOwnConstructorSlot(ref, name)) return fine;
  if (
    parent.type === 'CallExpression' &&
    parent.arguments[1] === ref.node &&
    isMember(parent.callee, (o) => isIdent(o, 'Error'), 'captureStackTrace')
  ) {
    return fine;
  }
  return refusal('MOLT030', `${name} is used as a plain value; it could be called without new`);
}

function classifyPrototype(ref: ASTPath, protoPath: ASTPath, name: string, container: AnyNode): Use {
  const outerPath = protoPath.parent as ASTPath;
  const outer = outerPath.node as AnyNode;
  const proto = protoPath.node;
  if (outer.type === 'MemberExpression' && outer.object === proto) {
    const assignPath = outerPath.parent as ASTPath;
    const assign = assignPath.node as AnyNode;
    if (assign.type === 'AssignmentExpression' && assign.left === outer && assign.operator === '=') {
      return { ref, kind: 'proto-member', assign: assignPath, stmt: topStatement(assignPath, container) };
    }
    return { ref, kind: 'fine' };
  }
  if (outer.type === 'AssignmentExpression' && outer.left === proto && outer.operator === '=') {
    return { ref, kind: 'proto-replace', assign: outerPath, stmt: topStatement(outerPath, container) };
  }
  if (outer.type === 'CallExpression' && outer.arguments[0] === proto && !scopeOf(outerPath)?.lookup('Object')) {
    const isObject = (o: AnyNode) => isIdent(o, 'Object');
    if (isMember(outer.callee, isObject, 'defineProperty'))
      return { ref, kind: 'proto-define', call: outerPath, stmt: topStatement(outerPath, container) };
    if (isMember(outer.callee, isObject, 'defineProperties')) return { ref, kind: 'fine' };
  }
  return {
    ref,
    kind: 'refuse',
    refusal: refuse(
      'MOLT032',
      ref.node,
      `${name}.prototype is used as a value; class methods are not enumerable, prototype ones were`,
    ),
  };
}
