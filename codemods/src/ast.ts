import { parse as babelParse, type ParserOptions } from '@babel/parser';
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

/** true when an Identifier path reads or writes the binding of `name` declared in `scope`. */
export function refersTo(p: ASTPath, name: string, scope: unknown): boolean {
  return isReference(p) && (p as any).scope?.lookup(name) === scope;
}

/**
 * Identifier references to `name` that resolve to the binding declared in `scope`; with `shape`, only those it
 * accepts, tested first (which binding a name resolves to costs a scope scan).
 */
export function referencesTo(j: JSCodeshift, within: Collection, name: string, scope: unknown, shape?: (p: ASTPath) => boolean): ASTPath[] {
  return within
    .find(j.Identifier, { name })
    .filter((p: ASTPath) => (!shape || shape(p)) && refersTo(p, name, scope))
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

/** A name JavaScript can write without quotes (as a property key or a binding). */
export const IDENTIFIER_NAME = /^[A-Za-z_$][\w$]*$/;

/** The module-level name bound to a package: `import X from 'pkg'` (or `* as X`) or `const X = require('pkg')`. */
export function moduleBinding(
  j: JSCodeshift,
  root: Collection,
  pkg: string,
): { name: string; isModule: boolean } | null {
  for (const s of (root.find(j.Program).paths()[0]?.node.body ?? []) as any[]) {
    if (s.type === 'ImportDeclaration' && s.source.value === pkg) {
      const spec = s.specifiers.find(
        (x: any) => x.type === 'ImportDefaultSpecifier' || x.type === 'ImportNamespaceSpecifier',
      );
      if (spec) return { name: spec.local.name, isModule: true };
    }
    if (s.type === 'VariableDeclaration') {
      for (const d of s.declarations) {
        if (requiredModule(d.init) === pkg && d.id.type === 'Identifier') return { name: d.id.name, isModule: false };
      }
    }
  }
  return null;
}

/** `base`, or base2, base3…: a name no identifier of the file has (a module-level import must shadow nothing). */
export function moduleFreeName(j: JSCodeshift, root: Collection, base: string): string {
  // names, not property names: `Promise.delay` does not take `delay`
  const used = new Set(
    root
      .find(j.Identifier)
      .filter(
        (p: ASTPath<any>) =>
          !(p.parent.node.type === 'MemberExpression' && p.parent.node.property === p.node && !p.parent.node.computed),
      )
      .nodes()
      .map((n: any) => n.name),
  );
  for (let n = 1; ; n++) if (!used.has(n === 1 ? base : `${base}${n}`)) return n === 1 ? base : `${base}${n}`;
}

/**
 * `import { imported as local } from 'esm'` in an ES module, `const { imported: local } = require('cjs')` in a
 * CommonJS file, after the last import or require at the top (so the file's header comment stays first).
 */
export function addNamedImport(
  j: JSCodeshift,
  root: Collection,
  named: { imported: string; local: string; esm: string; cjs: string; isModule: boolean },
): void {
  const program = root.find(j.Program).paths()[0]!.node;
  const same = named.imported === named.local;
  const statement = named.isModule
    ? j.importDeclaration(
        [same ? j.importSpecifier(j.identifier(named.imported)) : j.importSpecifier(j.identifier(named.imported), j.identifier(named.local))],
        j.literal(named.esm),
      )
    : j.variableDeclaration('const', [
        j.variableDeclarator(
          j.objectPattern([
            j.property.from({
              kind: 'init',
              key: j.identifier(named.imported),
              value: j.identifier(named.local),
              shorthand: same,
            }),
          ]),
          j.callExpression(j.identifier('require'), [j.literal(named.cjs)]),
        ),
      ]);
  const last = (program.body as any[]).findLastIndex(
    (s: any) =>
      s.type === 'ImportDeclaration' ||
      (s.type === 'VariableDeclaration' && s.declarations.some((d: any) => requiredModule(d.init))),
  );
  program.body.splice(last + 1, 0, statement);
}

/**
 * The options of jscodeshift's babel parser (jscodeshift/parser/babel5Compat.js; its allowHashBang and
 * ecmaVersion are not babel 7 options, which reads a hashbang anyway), without the tokens recast
 * needs to reprint: for a tree nobody will change or print (a check, a unit that edits text, another
 * module read for what it exports or requires). shared-tree.test.ts holds the two to the same verdicts.
 */
export const READ_OPTIONS: ParserOptions = {
  sourceType: 'module',
  allowImportExportEverywhere: true,
  allowReturnOutsideFunction: true,
  startLine: 1,
  tokens: false,
  // comments stay in File.comments: a unit reading babel's tree finds them by the text, as in recast's
  attachComment: false,
  plugins: [
    'estree',
    'jsx',
    'asyncGenerators',
    'classProperties',
    'doExpressions',
    'exportExtensions',
    'functionBind',
    'functionSent',
    'objectRestSpread',
    'dynamicImport',
    'nullishCoalescingOperator',
    'optionalChaining',
    ['decorators', { decoratorsBeforeExport: false }],
  ] as ParserOptions['plugins'],
};

/**
 * The options for a parse that only checks the code: no ESTree shapes, which cost babel a property
 * redefined on each node's positions, and nobody reads the tree.
 */
export const CHECK_OPTIONS: ParserOptions = { ...READ_OPTIONS, plugins: READ_OPTIONS.plugins!.filter((p) => p !== 'estree') };

/** babel's tree of `source` in a collection, to read (not to print: recast would print it all anew) */
export function readTree(j: JSCodeshift, source: string): Collection {
  return j(babelParse(source, READ_OPTIONS) as any);
}
