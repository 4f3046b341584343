import { Node, Project, SyntaxKind } from 'ts-morph';
import type { SourceFile } from '../types.js';

export interface TsFacts {
  files: number;
  anyTypeNodes: number;
  tsExpectError: number;
  tsIgnore: number;
  exportedFunctionsWithoutReturnType: { file: string; name: string; line: number }[];
}

const DIRECTIVE = /\/\/\s*@ts-(expect-error|ignore)\b|\/\*+\s*@ts-(expect-error|ignore)\b/g;

/** Facts only the TypeScript side has: how much typing was given up, and where. */
export function collectTsFacts(files: SourceFile[]): TsFacts {
  const project = new Project({ skipAddingFilesFromTsConfig: true, compilerOptions: { allowJs: false } });
  const facts: TsFacts = { files: 0, anyTypeNodes: 0, tsExpectError: 0, tsIgnore: 0, exportedFunctionsWithoutReturnType: [] };
  for (const file of files) {
    const source = project.addSourceFileAtPath(file.absPath);
    facts.files++;
    facts.anyTypeNodes += source.getDescendantsOfKind(SyntaxKind.AnyKeyword).length;
    for (const match of source.getFullText().matchAll(DIRECTIVE)) {
      if ((match[1] ?? match[2]) === 'expect-error') facts.tsExpectError++;
      else facts.tsIgnore++;
    }
    for (const [name, declarations] of source.getExportedDeclarations()) {
      for (const decl of declarations) {
        const fn = Node.isVariableDeclaration(decl) ? decl.getInitializer() : decl;
        const isFunction = Node.isFunctionDeclaration(fn) || Node.isArrowFunction(fn) || Node.isFunctionExpression(fn);
        if (isFunction && !fn.getReturnTypeNode() && decl.getSourceFile() === source) {
          facts.exportedFunctionsWithoutReturnType.push({ file: file.displayPath, name, line: decl.getStartLineNumber() });
        }
      }
    }
  }
  return facts;
}
