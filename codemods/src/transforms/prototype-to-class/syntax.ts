import type { ASTPath } from 'jscodeshift';

/**
 * Plain-node helpers for prototype-to-class. The babel parser runs with its
 * estree plugin, so nodes are ESTree shaped (Literal, Property, MethodDefinition);
 * ast-types' unions do not narrow across those shapes, hence `AnyNode`.
 */
export type AnyNode = any;

export const NON_ARROW_FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression']);
export const ALL_FUNCTIONS = new Set([...NON_ARROW_FUNCTIONS, 'ArrowFunctionExpression']);

/** ast-types' Scope, which jscodeshift's typings leave out. */
export interface Scope {
  lookup(name: string): Scope | null;
  getBindings(): Record<string, ASTPath[]>;
  parent: Scope | null;
  node: AnyNode;
}

export function scopeOf(path: ASTPath): Scope | undefined {
  return (path as unknown as { scope?: Scope }).scope;
}

const SKIPPED_KEYS = new Set([
  'loc',
  'comments',
  'tokens',
  'extra',
  'range',
  'leadingComments',
  'trailingComments',
  'innerComments',
]);

export function childNodes(node: AnyNode): AnyNode[] {
  const out: AnyNode[] = [];
  for (const key of Object.keys(node)) {
    if (SKIPPED_KEYS.has(key)) continue;
    const value = node[key];
    if (Array.isArray(value)) {
      for (const item of value) if (item && typeof item.type === 'string') out.push(item);
    } else if (value && typeof value.type === 'string') {
      out.push(value);
    }
  }
  return out;
}

/** Depth-first search; `enter` returns false to skip a node's children. true when `found` matched. */
export function some(
  node: AnyNode,
  found: (n: AnyNode) => boolean,
  enter: (n: AnyNode) => boolean = () => true,
): boolean {
  if (found(node)) return true;
  if (!enter(node)) return false;
  return childNodes(node).some((child) => some(child, found, enter));
}

/** Does `node` use `this` as its function would see it (arrows inherit it, other functions do not)? */
export function usesThis(node: AnyNode): boolean {
  if (node.type === 'ThisExpression') return true;
  if (NON_ARROW_FUNCTIONS.has(node.type)) return false;
  return childNodes(node).some(usesThis);
}

/** A `return` of a value by the function whose body is `body` (nested functions excluded). */
export function returnsValue(body: AnyNode): AnyNode | undefined {
  let hit: AnyNode;
  some(
    body,
    (n) => n.type === 'ReturnStatement' && n.argument != null && (hit = n) !== undefined,
    (n) => !ALL_FUNCTIONS.has(n.type),
  );
  return hit;
}

export function hasReturn(node: AnyNode): boolean {
  return some(
    node,
    (n) => n.type === 'ReturnStatement',
    (n) => !ALL_FUNCTIONS.has(n.type),
  );
}

/** Evaluating it calls nothing and does not read `name` (functions are only created, not run; getters are not expected). */
export function isInert(node: AnyNode, name: string): boolean {
  return !some(
    node,
    (n) =>
      n.type === 'CallExpression' ||
      n.type === 'NewExpression' ||
      n.type === 'TaggedTemplateExpression' ||
      n.type === 'AssignmentExpression' ||
      n.type === 'UpdateExpression' ||
      (n.type === 'Identifier' && n.name === name),
    (n) => !ALL_FUNCTIONS.has(n.type),
  );
}

/** Literal-only arguments: dropping them cannot skip a side effect. */
export function isSideEffectFree(node: AnyNode): boolean {
  return (
    node.type === 'Identifier' ||
    node.type === 'Literal' ||
    node.type === 'ThisExpression' ||
    (node.type === 'TemplateLiteral' && node.expressions.length === 0)
  );
}

export function isMember(node: AnyNode, object: (o: AnyNode) => boolean, property: string): boolean {
  return (
    node?.type === 'MemberExpression' &&
    !node.computed &&
    node.property.type === 'Identifier' &&
    node.property.name === property &&
    object(node.object)
  );
}

export function isIdent(node: AnyNode, name?: string): boolean {
  return node?.type === 'Identifier' && (name === undefined || node.name === name);
}

/** `require('x')` → 'x' (require not redeclared in the file). */
export function requiredModule(node: AnyNode, path: ASTPath): string | undefined {
  if (node?.type !== 'CallExpression' || !isIdent(node.callee, 'require') || node.arguments.length !== 1)
    return undefined;
  const arg = node.arguments[0];
  if (arg.type !== 'Literal' || typeof arg.value !== 'string') return undefined;
  if (scopeOf(path)?.lookup('require')) return undefined;
  return arg.value;
}

/** A Program or a function body: where a function declaration is hoisted to the top. */
export function isStatementList(path: ASTPath | null | undefined): boolean {
  const node = path?.node;
  if (node?.type === 'Program') return true;
  return node?.type === 'BlockStatement' && !!path?.parent && ALL_FUNCTIONS.has(path.parent.node.type);
}

export { IDENTIFIER_NAME } from '../../ast.js';

/** The name a non-computed or literal-keyed member uses, or undefined when it is computed at run time. */
export function staticKeyName(member: AnyNode): string | undefined {
  if (!member.computed) return member.property.type === 'Identifier' ? member.property.name : undefined;
  const key = member.property;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number'))
    return String(key.value);
  return undefined;
}

export function propertyKeyName(prop: AnyNode): string | undefined {
  if (prop.computed) return prop.key.type === 'Literal' ? String(prop.key.value) : undefined;
  if (prop.key.type === 'Identifier') return prop.key.name;
  if (prop.key.type === 'Literal') return String(prop.key.value);
  return undefined;
}
