import { ts, type SourceFile } from 'ts-morph';

/** The innermost node at pos, as a compiler node: wrapping each node on the way in ts-morph costs. */
export function innermostNodeAt(sf: ts.SourceFile, pos: number): ts.Node {
  let node: ts.Node = sf;
  for (;;) {
    const child: ts.Node | undefined = node.forEachChild((c) => (c.getStart(sf) <= pos && pos < c.end ? c : undefined));
    if (!child) return node;
    node = child;
  }
}

/**
 * The innermost node a diagnostic is at, in this program: a kept check's diagnostic (checks.ts) may name an earlier
 * program's source file with the same text, whose nodes this program's checker does not know.
 */
export function diagnosticNode(program: ts.Program, d: ts.Diagnostic): ts.Node | undefined {
  const file = program.getSourceFile(d.file!.fileName);
  return file && innermostNodeAt(file, d.start!);
}

/**
 * Sets a file's whole text. ts-morph's replaceWithText first asks the language service for the indentation at the
 * file's start, which parses the file once more, and a text given as a string never uses it.
 */
export function setText(sf: SourceFile, text: string): void {
  sf.replaceText([sf.getPos(), sf.getEnd()], text);
}

export type FunctionLike = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

/**
 * The function a node names, through imports, an object's shorthand or property (`errors.notFound` of
 * `export default { notFound }`) and a variable; a function or a method is itself.
 */
export function functionNamed(checker: ts.TypeChecker, start: ts.Node): FunctionLike | undefined {
  let node: ts.Node | undefined = start;
  for (let step = 0; node && step < 8; step++) {
    if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node)) return node;
    if (ts.isVariableDeclaration(node) || ts.isPropertyAssignment(node)) node = node.initializer;
    else if (ts.isShorthandPropertyAssignment(node)) node = checker.getShorthandAssignmentValueSymbol(node)?.valueDeclaration;
    else if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) {
      let symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(node) ? node.name : node);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      node = symbol?.valueDeclaration;
    } else return undefined;
  }
  return undefined;
}

/** An edit of a file's text: `text` in place of what is between start and end. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Whether the file's text declares or imports `name` somewhere (an import molt adds of that name would clash). */
export function bindsName(text: string, name: string): boolean {
  return new RegExp(`\\b(?:import|const|let|var|function|class|interface|type|enum)\\b[^;\\n]*\\b${name.replace(/\$/g, '\\$')}\\b`).test(text);
}

/** An insertion before a file's first statement (after its leading comments): where molt adds an import. */
export function atTop(sf: ts.SourceFile, text: string): TextEdit {
  const first = sf.statements[0];
  const at = first ? first.getStart(sf) : 0;
  return { start: at, end: at, text };
}
