import type { ASTPath, Collection, JSCodeshift } from 'jscodeshift';

/** Node types that start a new `this`/`arguments`/var scope. */
export const FUNCTION_TYPES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ObjectMethod',
  'ClassMethod',
  'ClassPrivateMethod',
]);

export const LOOP_TYPES = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);

export interface Span {
  start: number;
  end: number;
}

export function span(node: unknown): Span {
  const n = node as { start?: number; end?: number };
  return { start: n.start ?? -1, end: n.end ?? -1 };
}

export function lineOf(node: unknown): number | undefined {
  return (node as { loc?: { start: { line: number } } }).loc?.start.line;
}

export function inside(inner: Span, outer: Span): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

/** The nearest function (or the Program) that contains `path`. */
export function enclosingFunction(path: ASTPath): ASTPath {
  let p: ASTPath | null = path.parent as ASTPath | null;
  while (p && !FUNCTION_TYPES.has(p.node.type) && p.node.type !== 'Program') p = p.parent as ASTPath | null;
  if (!p) throw new Error('molt: node outside a Program');
  return p;
}

/** true when an Identifier path is a variable reference, not a property name or key. */
export function isReference(path: ASTPath): boolean {
  const parent = path.parent?.node as any;
  if (!parent) return true;
  if ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.property === path.node && !parent.computed) {
    return false;
  }
  if ((parent.type === 'Property' || parent.type === 'ObjectProperty') && parent.key === path.node && !parent.computed && !parent.shorthand) {
    return false;
  }
  if ((parent.type === 'ObjectMethod' || parent.type === 'ClassMethod' || parent.type === 'ClassProperty') && parent.key === path.node && !parent.computed) {
    return false;
  }
  if (parent.type === 'LabeledStatement' || parent.type === 'BreakStatement' || parent.type === 'ContinueStatement') return false;
  return true;
}

/** Does the function body (not nested functions' bodies excepted) use eval or with? */
export function usesEvalOrWith(j: JSCodeshift, fn: ASTPath): boolean {
  const scope = j(fn);
  return (
    scope.find(j.WithStatement).size() > 0 ||
    scope.find(j.CallExpression, { callee: { type: 'Identifier', name: 'eval' } }).size() > 0
  );
}

/** true when an Identifier path reads or writes the binding of `name` declared in `scope`. */
export function refersTo(p: ASTPath, name: string, scope: unknown): boolean {
  return isReference(p) && (p as any).scope?.lookup(name) === scope;
}

/** Identifier references to `name` that resolve to the binding declared in `scope`. */
export function referencesTo(j: JSCodeshift, within: Collection, name: string, scope: unknown): ASTPath[] {
  return within
    .find(j.Identifier, { name })
    .filter((p: ASTPath) => refersTo(p, name, scope))
    .paths();
}

/** `require('x')` → 'x'; anything else → null. */
export function requiredModule(init: any): string | null {
  if (init?.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === 'require' && init.arguments.length === 1) {
    const a = init.arguments[0];
    if ((a.type === 'Literal' || a.type === 'StringLiteral') && typeof a.value === 'string') return a.value;
  }
  return null;
}

/**
 * `base`, or `base2`, `base3`…: a name to declare at `at` that neither resolves from there nor appears anywhere
 * in the enclosing function (so it shadows nothing the function reads, globals included).
 */
export function freeName(j: JSCodeshift, at: ASTPath, base: string): string {
  const used = new Set(
    j(enclosingFunction(at))
      .find(j.Identifier)
      .nodes()
      .map((n: any) => n.name),
  );
  const scope = (at as any).scope;
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}${n}`;
    if (!used.has(name) && !scope?.lookup(name)) return name;
  }
}
