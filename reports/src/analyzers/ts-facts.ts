import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as ts from 'typescript';
import type { SourceFile } from '../types.js';

export interface TsFacts {
  files: number;
  anyTypeNodes: number;
  tsExpectError: number;
  tsIgnore: number;
  exportedFunctionsWithoutReturnType: { file: string; name: string; line: number }[];
}

// required, not imported: an ESM import of typescript.js scans its 9 MB for export names (a second), while
// require takes the copy eslint-plugin-sonarjs already loaded in this process
const typescript = createRequire(import.meta.url)('typescript') as typeof ts;

const DIRECTIVE = /\/\/\s*@ts-(expect-error|ignore)\b|\/\*+\s*@ts-(expect-error|ignore)\b/g;

type FunctionLike = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression;
interface Exported {
  name: string;
  fn: FunctionLike;
  at: ts.Node;
}

const asFunction = (node: ts.Node | undefined): FunctionLike | undefined =>
  node && (typescript.isFunctionDeclaration(node) || typescript.isArrowFunction(node) || typescript.isFunctionExpression(node)) ? node : undefined;
const hasModifier = (node: ts.Node, kind: ts.SyntaxKind): boolean =>
  typescript.canHaveModifiers(node) && (typescript.getModifiers(node) ?? []).some((m) => m.kind === kind);

/**
 * The file's own exported functions, found in its syntax: `export function`, `export const f = () => …`,
 * `export default function`/`export default () => …` and `export { f }` of a local one. Re-exports belong to the
 * file that declares them. Plain compiler nodes and no type checker: ts-morph's wrappers and checker made this
 * step 4 s of the report, the parse alone takes a quarter of a second.
 */
function ownExportedFunctions(source: ts.SourceFile): Exported[] {
  const found: Exported[] = [];
  const locals = new Map<string, Omit<Exported, 'name'>>();
  for (const statement of source.statements) {
    const exported = hasModifier(statement, typescript.SyntaxKind.ExportKeyword);
    if (typescript.isFunctionDeclaration(statement)) {
      const name = statement.name?.text ?? 'default';
      locals.set(name, { fn: statement, at: statement });
      const isDefault = hasModifier(statement, typescript.SyntaxKind.DefaultKeyword);
      if (exported) found.push({ name: isDefault ? 'default' : name, fn: statement, at: statement });
    } else if (typescript.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) {
        const fn = asFunction(decl.initializer);
        if (!fn || !typescript.isIdentifier(decl.name)) continue;
        locals.set(decl.name.text, { fn, at: decl });
        if (exported) found.push({ name: decl.name.text, fn, at: decl });
      }
    } else if (typescript.isExportAssignment(statement)) {
      const fn = asFunction(statement.expression);
      if (fn) found.push({ name: 'default', fn, at: statement });
    }
  }
  for (const statement of source.statements) {
    if (!typescript.isExportDeclaration(statement) || statement.moduleSpecifier || !statement.exportClause || !typescript.isNamedExports(statement.exportClause)) continue;
    for (const spec of statement.exportClause.elements) {
      const local = locals.get((spec.propertyName ?? spec.name).getText(source));
      if (local) found.push({ name: spec.name.getText(source), ...local });
    }
  }
  return found;
}

function countAny(node: ts.Node): number {
  let n = node.kind === typescript.SyntaxKind.AnyKeyword ? 1 : 0;
  typescript.forEachChild(node, (child) => {
    n += countAny(child);
  });
  return n;
}

/** Facts only the TypeScript side has: how much typing was given up, and where. */
export function collectTsFacts(files: SourceFile[]): TsFacts {
  const facts: TsFacts = { files: 0, anyTypeNodes: 0, tsExpectError: 0, tsIgnore: 0, exportedFunctionsWithoutReturnType: [] };
  for (const file of files) {
    const text = readFileSync(file.absPath, 'utf8');
    const source = typescript.createSourceFile(file.displayPath, text, typescript.ScriptTarget.Latest, true, typescript.ScriptKind.TS);
    facts.files++;
    facts.anyTypeNodes += countAny(source);
    for (const match of text.matchAll(DIRECTIVE)) {
      if ((match[1] ?? match[2]) === 'expect-error') facts.tsExpectError++;
      else facts.tsIgnore++;
    }
    for (const { name, fn, at } of ownExportedFunctions(source)) {
      const line = source.getLineAndCharacterOfPosition(at.getStart(source)).line + 1;
      if (!fn.type) facts.exportedFunctionsWithoutReturnType.push({ file: file.displayPath, name, line });
    }
  }
  return facts;
}
