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
