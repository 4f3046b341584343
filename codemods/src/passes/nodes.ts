import { ts } from 'ts-morph';

/** The innermost node at pos, as a compiler node: wrapping each node on the way in ts-morph costs. */
export function innermostNodeAt(sf: ts.SourceFile, pos: number): ts.Node {
  let node: ts.Node = sf;
  for (;;) {
    const child: ts.Node | undefined = node.forEachChild((c) => (c.getStart(sf) <= pos && pos < c.end ? c : undefined));
    if (!child) return node;
    node = child;
  }
}
