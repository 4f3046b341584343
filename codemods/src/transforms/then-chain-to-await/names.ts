/**
 * The names a callback declares, and what happens to them once its body is inlined: bindingsOf finds
 * each name a callback binds with every reference to it (and whether it is ever reassigned), and
 * renameCollisions gives a fresh name to any that the new function body also uses elsewhere.
 */
import type { ASTPath } from 'jscodeshift';
import type { ConverterBase } from './converter-base.js';
import type { FileFacts } from './file-facts.js';
import type { Binding, Handler } from './model.js';
import { isNameUse, patternNames, walk, walkOwn, type N } from './syntax.js';

/** names a callback declares (params, its own declarations), with every reference to them */
export function bindingsOf(f: FileFacts, fn: N): Map<string, Binding> {
  const j = f.j;
  const path = f.fnPaths.get(fn);
  const out = new Map<string, Binding>();
  if (!path) return out;
  const names = new Set<string>();
  for (const p of fn.params) for (const id of patternNames(p)) names.add(id.name);
  walkOwn(fn.body, (n) => {
    if (n.type === 'VariableDeclarator') for (const id of patternNames(n.id)) names.add(id.name);
    if ((n.type === 'FunctionDeclaration' || n.type === 'ClassDeclaration') && n.id) names.add(n.id.name);
  });
  for (const name of names) {
    const binding: Binding = { refs: [], reassigned: false };
    let declarations = 0;
    j(path)
      .find(j.Identifier, { name })
      .forEach((p: ASTPath<any>) => {
        const parent = p.parent?.node;
        const key = p.name as string;
        if (!isNameUse(parent, key) && !(parent?.shorthand && key === 'value')) return;
        if (
          (parent?.type === 'Property' || parent?.type === 'ObjectProperty') &&
          parent.shorthand &&
          key === 'key' &&
          parent.value !== p.node
        )
          return;
        if ((p as any).scope?.lookup(name)?.node !== fn) return;
        binding.refs.push({ node: p.node, parent, key });
        // climb out of patterns to see whether this is a declaration or an assignment
        let q: ASTPath<any> = p;
        while (
          q.parent &&
          ['ArrayPattern', 'ObjectPattern', 'RestElement', 'AssignmentPattern', 'Property', 'ObjectProperty'].includes(
            q.parent.node.type,
          ) &&
          !(q.parent.node.type === 'AssignmentPattern' && q.name === 'right')
        )
          q = q.parent;
        const top = q.parent?.node;
        if (top?.type === 'VariableDeclarator' && q.name === 'id') declarations++;
        else if (
          (top?.type === 'AssignmentExpression' && q.name === 'left') ||
          top?.type === 'UpdateExpression' ||
          ((top?.type === 'ForInStatement' || top?.type === 'ForOfStatement') && q.name === 'left')
        )
          binding.reassigned = true;
      });
    if (
      declarations > 1 ||
      (declarations === 1 && fn.params.some((p: N) => patternNames(p).some((id) => id.name === name)))
    )
      binding.reassigned = true;
    out.set(name, binding);
  }
  return out;
}

/** a name a callback declares that is used anywhere else in the new body gets a fresh name */
export function renameCollisions(cx: ConverterBase, body: N[]): void {
  const handlers = [...cx.handlers].sort((a, b) => (a.fn.start ?? 0) - (b.fn.start ?? 0));
  for (const h of handlers) {
    for (const [name, binding] of h.bindings) {
      if (!usedOutside(cx, name, h, body)) continue;
      const renamed = cx.fresh(name);
      for (const ref of binding.refs) {
        const { parent } = ref;
        if ((parent?.type === 'Property' || parent?.type === 'ObjectProperty') && parent.shorthand) {
          cx.set(parent, 'shorthand', false);
          if (parent.key === ref.node) cx.set(parent, 'key', cx.j.identifier(name));
          if (parent.extra?.shorthand) cx.set(parent, 'extra', { ...parent.extra, shorthand: false });
        }
        cx.set(ref.node, 'name', renamed);
      }
    }
  }
}

function usedOutside(cx: ConverterBase, name: string, h: Handler, body: N[]): boolean {
  let used = false;
  const visit = (n: N, parent: N, key: string) => {
    if (used) return false;
    if (h.nodes.has(n)) return false;
    if (n.type === 'Identifier' && n.name === name && isNameUse(parent, key)) used = true;
    return !used;
  };
  if (cx.fn.id) walk(cx.fn.id, visit);
  for (const p of cx.fn.params) walk(p, visit);
  for (const s of body) walk(s, visit);
  return used;
}
