import type { ASTPath, JSCodeshift } from 'jscodeshift';
import { FUNCTION_TYPES, isReference, referencesTo } from '../ast.js';
import { someNode } from '../fast-find.js';

/** Class members whose value runs with the instance (or class) as `this`. */
const CLASS_FIELDS = new Set(['ClassProperty', 'ClassPrivateProperty', 'PropertyDefinition', 'StaticBlock']);

/**
 * Where `this`, `arguments` and `new.target` at `path` come from: the nearest
 * non-arrow function, class field or the Program. Arrows see through to it,
 * and so does a computed key, which is evaluated outside its member.
 */
export function thisOwner(path: ASTPath): ASTPath {
  let child: unknown = path.node;
  for (let p = path.parent as ASTPath | null; p; child = p.node, p = p.parent as ASTPath | null) {
    const node = p.node as any; // any: the member shapes differ; only key/value are read
    if (node.type === 'Program') return p;
    if (node.computed && node.key === child) continue;
    if (FUNCTION_TYPES.has(node.type) && node.type !== 'ArrowFunctionExpression') return p;
    if (CLASS_FIELDS.has(node.type) && (node.type === 'StaticBlock' || node.value === child)) return p;
  }
  throw new Error('molt: node outside a Program');
}

export interface OwnUses {
  this: boolean;
  arguments: boolean;
  newTarget: boolean;
}

/** What the function at `fnPath` takes from its own call: nested arrows count, nested functions do not. */
export function ownUses(j: JSCodeshift, fnPath: ASTPath): OwnUses {
  const scope = j(fnPath);
  const own = (p: ASTPath) => thisOwner(p).node === fnPath.node;
  return {
    this: scope.find(j.ThisExpression).some(own),
    arguments: scope.find(j.Identifier, { name: 'arguments' }).some((p: ASTPath) => isReference(p) && own(p)),
    newTarget: scope
      .find(j.MetaProperty)
      .some((p: ASTPath<any>) => p.node.meta.name === 'new' && p.node.property.name === 'target' && own(p)),
  };
}

/** true when a named function expression calls or reads itself through its own name. */
export function refersToItself(j: JSCodeshift, fnPath: ASTPath<any>): boolean {
  const id = fnPath.node.id;
  if (!id) return false;
  // a function path's scope is the one the function itself opens, which binds its name
  return referencesTo(j, j(fnPath), id.name, (fnPath as any).scope).some((p) => p.node !== id);
}

/** The expression `node` applies `new` to (`new X()`) or reads `.prototype` of (`X.prototype`), if it does either. */
function constructedBy(node: any): any {
  if (node.type === 'NewExpression') return node.callee;
  return node.type === 'MemberExpression' && propertyName(node) === 'prototype' ? node.object : undefined;
}

/** true when `path` (an expression) is the callee of `new`, or reads `.prototype` from it. */
export function constructorUse(path: ASTPath): boolean {
  const parent = path.parent?.node;
  return parent !== undefined && constructedBy(parent) === path.node;
}

/**
 * What the tree applies `new` to or reads `.prototype` of, each by the name `nameOf` gives it (none: not counted),
 * in one walk that makes no paths: a name not among them has no constructorUse anywhere.
 */
export function constructedNames(tree: any, nameOf: (expression: any) => string | undefined): Set<string> {
  const names = new Set<string>();
  someNode(tree, (node) => {
    const constructed = constructedBy(node);
    const name = constructed && nameOf(constructed);
    if (name !== undefined) names.add(name);
    return false;
  });
  return names;
}

/** The name a non-computed member or property key spells, or a computed string key. */
export function propertyName(node: any): string | undefined {
  const key = node.type === 'MemberExpression' ? node.property : node.key;
  if (!key) return undefined;
  if (!node.computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  return undefined;
}

/** Does the function (nested functions included) call eval or hold a with statement? One walk, no paths. */
export function usesEvalOrWith(fn: ASTPath): boolean {
  return someNode(
    fn.node,
    (n) => n.type === 'WithStatement' || (n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'eval'),
  );
}
