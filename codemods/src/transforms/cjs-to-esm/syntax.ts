/**
 * Syntax helpers for cjs-to-esm: the CommonJS names, the nodes whose code runs later (functions,
 * class fields) or gives `this` a new meaning, static strings and member names, which identifiers
 * are references, where a path sits (its ancestors, its top-level statement), property keys, a
 * node's children, whether a function uses super, whether code holds strings that run over lines,
 * and the shapes a destructured require may take.
 */
import type { ASTPath } from 'jscodeshift';
import { FUNCTION_TYPES, IDENTIFIER_NAME, isReference } from '../../ast.js';

// babel's estree nodes: too many shapes for the ast-types typings to help here
export type N = any;

export const CJS_NAMES = new Set(['require', 'module', 'exports', '__dirname', '__filename']);

/** nodes whose body does not run when the surrounding code runs */
export const DEFERRED = new Set([
  ...FUNCTION_TYPES,
  'ClassProperty',
  'ClassPrivateProperty',
  'ClassAccessorProperty',
  'PropertyDefinition',
  'StaticBlock',
]);
/** nodes that give `this` / `arguments` a new meaning (arrows do not) */
export const THIS_SCOPES = new Set([...DEFERRED].filter((t) => t !== 'ArrowFunctionExpression'));

const isStringLiteral = (n: N): boolean => n?.type === 'Literal' && typeof n.value === 'string';
export const staticString = (n: N): string | null => {
  if (isStringLiteral(n)) return n.value;
  if (n?.type === 'TemplateLiteral' && n.expressions.length === 0 && n.quasis.length === 1)
    return n.quasis[0].value.cooked ?? null;
  return null;
};
/** `obj.name` or `obj['name']`: the property name, else null */
export const memberName = (n: N): string | null => {
  if (n?.type !== 'MemberExpression') return null;
  if (!n.computed && n.property.type === 'Identifier') return n.property.name;
  if (n.computed) return staticString(n.property);
  return null;
};

export function isRef(p: ASTPath): boolean {
  if (!isReference(p)) return false;
  const parent = p.parent?.node as N;
  if (!parent) return true;
  if (
    (parent.type === 'MethodDefinition' ||
      parent.type === 'PropertyDefinition' ||
      parent.type === 'ClassProperty' ||
      parent.type === 'ClassAccessorProperty') &&
    parent.key === p.node &&
    !parent.computed
  ) {
    return false;
  }
  if (parent.type === 'MetaProperty') return false;
  if (
    parent.type === 'ImportSpecifier' ||
    parent.type === 'ImportDefaultSpecifier' ||
    parent.type === 'ImportNamespaceSpecifier'
  )
    return false;
  if (parent.type === 'ExportSpecifier' && parent.exported === p.node && parent.local !== p.node) return false;
  return true;
}

export function hasAncestor(p: ASTPath, types: Set<string>): boolean {
  for (let q = p.parent as ASTPath | null; q; q = q.parent as ASTPath | null)
    if (types.has((q.node as N).type)) return true;
  return false;
}

/** the statement directly in Program.body that holds `p` */
export function topStatement(p: ASTPath): N {
  let q: ASTPath = p;
  while (q.parent && (q.parent.node as N).type !== 'Program') q = q.parent as ASTPath;
  return q.node;
}

export function propKey(p: N): string | null {
  if (p.key.type === 'Identifier') return p.key.name;
  if (isStringLiteral(p.key)) return p.key.value;
  return null;
}

/** Does something inside `n` (or `n`) satisfy `test`? */
export function contains(n: N, test: (x: N) => boolean): boolean {
  let found = false;
  const visit = (x: N): void => {
    if (found || !x || typeof x.type !== 'string') return;
    if (test(x)) found = true;
    else eachChild(x, visit);
  };
  visit(n);
  return found;
}

export const containsSuper = (n: N): boolean => contains(n.body, (x) => x.type === 'Super');

/**
 * A function expression that can be declared under another name: it uses no super, and its own name, if it has
 * one, nowhere. (Left in a const, function-to-arrow, which runs before cjs-to-esm, would make it an arrow on a
 * second run.)
 */
export const renamable = (v: N): boolean =>
  v.type === 'FunctionExpression' && !containsSuper(v) && (!v.id || !contains(v.body, (x) => x.type === 'Identifier' && x.name === v.id.name));

/**
 * Does `n` hold a literal whose text runs over a line break: a template, or a string continued with a backslash?
 * Moving its lines to another indent would change the string.
 */
export const holdsMultiLineText = (n: N): boolean =>
  contains(n, (x) => (x.type === 'TemplateElement' ? /[\r\n]/.test(x.value.raw) : isStringLiteral(x) && /\\\r?\n/.test(x.raw ?? x.extra?.raw ?? '')));

/** visit() on each child of a node: array elements (holes included) and nodes, not loc or comments */
export function eachChild(n: N, visit: (child: N) => void): void {
  for (const key of Object.keys(n)) {
    if (key === 'loc' || key === 'comments') continue;
    const v = n[key];
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object' && typeof v.type === 'string') visit(v);
  }
}

/** const { a, b: c } = …: [[key, local]], or null for anything richer */
export function namedPattern(pattern: N): [string, string][] | null {
  const out: [string, string][] = [];
  for (const p of pattern.properties as N[]) {
    if (p.type !== 'Property' || p.computed || p.value.type !== 'Identifier') return null;
    const key = propKey(p);
    if (key === null || !IDENTIFIER_NAME.test(key) || key === 'default') return null;
    out.push([key, p.value.name]);
  }
  return out.length ? out : null;
}
