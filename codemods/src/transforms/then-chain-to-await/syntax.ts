/**
 * Syntax helpers for then-chain-to-await: a walker over raw AST nodes (and one that stays out of
 * nested functions), what counts as a use of a name, literal and nullish tests, the names a pattern
 * binds, and how a node is placed (line) and quoted (snippet) in a diagnostic. They take plain nodes,
 * not paths, because the converter rewrites nodes in place and paths would go stale.
 */
import type { ASTPath } from 'jscodeshift';
import { FUNCTION_TYPES, lineOf } from '../../ast.js';

// nodes from the parser jscodeshift was given (babel or recast's esprima): their shapes differ, so molt reads them untyped
export type N = any;

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

export function walk(
  node: N,
  visit: (node: N, parent: N, key: string) => boolean | void,
  parent: N = null,
  key = '',
): void {
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

/** walk with the chain of nodes above each one (the visited node's parent last) */
export function walkWithAncestors(node: N, visit: (node: N, ancestors: N[]) => void, ancestors: N[] = []): void {
  if (!node || typeof node.type !== 'string') return;
  visit(node, ancestors);
  ancestors.push(node);
  for (const k of Object.keys(node)) {
    if (SKIP_KEYS.has(k)) continue;
    const v = node[k];
    if (Array.isArray(v)) for (const c of v) walkWithAncestors(c, visit, ancestors);
    else if (v && typeof v.type === 'string') walkWithAncestors(v, visit, ancestors);
  }
  ancestors.pop();
}

export const isFunction = (n: N) => (!!n && FUNCTION_TYPES.has(n.type)) || n?.type === 'FunctionExpression';

/** walk that does not enter nested functions (the node itself may be one) */
export function walkOwn(node: N, visit: (node: N, parent: N, key: string) => boolean | void): void {
  walk(node, (n, p, k) => {
    if (n !== node && isFunction(n)) return false;
    return visit(n, p, k);
  });
}

export function containsReturn(node: N): boolean {
  let found = false;
  walkOwn(node, (n) => {
    if (n.type === 'ReturnStatement') found = true;
    return !found;
  });
  return found;
}

/** an Identifier used as a name (not a property key or member property) */
export function isNameUse(parent: N, key: string): boolean {
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

export function isNullish(n: N): boolean {
  return (
    (n.type === 'Literal' && n.value === null && !n.regex) ||
    n.type === 'NullLiteral' ||
    (n.type === 'Identifier' && n.name === 'undefined')
  );
}

export function isLiteral(n: N): boolean {
  return LITERAL_TYPES.has(n.type);
}

export function patternNames(p: N, out: N[] = []): N[] {
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
export function lineNear(node: N, path?: ASTPath | null): number | undefined {
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

export function snippet(n: N): string {
  const text = (n?.loc?.lines?.slice?.(n.loc.start, n.loc.end) as string | undefined) ?? '';
  const s = String(text).replace(/\s+/g, ' ').trim();
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** this/arguments/new.target/super used by the function itself (arrows included, other functions not) */
export function usesOwnThis(fn: N): boolean {
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

export function refersToName(node: N, name: string): boolean {
  let found = false;
  walk(node, (n, parent, key) => {
    if (n.type === 'Identifier' && n.name === name && isNameUse(parent, key)) found = true;
    return !found;
  });
  return found;
}

export function usesAwaitName(node: N): boolean {
  return refersToName(node, 'await');
}
