import type { ASTPath, VariableDeclaration, VariableDeclarator } from 'jscodeshift';
import { LOOP_TYPES, enclosingFunction, inside, lineOf, refersTo, span, type Span } from '../ast.js';
import { usesEvalOrWith } from './function-facts.js';
import type { Transform } from '../unit.js';

type Kind = 'const' | 'let';
type Verdict = { kind: Kind } | { code: string; message: string };

/**
 * var → const (never reassigned) or let. A var is only rewritten when block
 * scoping cannot change what any reference sees: every reference lies after
 * the declaration and inside its block, the name is declared once, and no
 * closure in a loop captures it.
 */
const transform: Transform = (file, api, { molt }) => {
  const j = api.jscodeshift;
  const root = j(file.source);
  let changed = false;
  // Per function, computed once: eval/with, and its identifiers by name (nested functions included, for
  // closures). Asked per declaration, both walked the whole function each time: quadratic in a file that is
  // one big function (lodash 3: 15 s).
  const evalOrWith = new Map<unknown, boolean>();
  const identifiers = new Map<unknown, Map<string, ASTPath[]>>();
  const usesEval = (fn: ASTPath): boolean => {
    let known = evalOrWith.get(fn.node);
    if (known === undefined) evalOrWith.set(fn.node, (known = usesEvalOrWith(fn)));
    return known;
  };
  const referencesIn = (fn: ASTPath, name: string, scope: unknown): ASTPath[] => {
    let byName = identifiers.get(fn.node);
    if (!byName) {
      const found = new Map<string, ASTPath[]>();
      j(fn)
        .find(j.Identifier)
        .forEach((p: ASTPath<any>) => {
          const list = found.get(p.node.name);
          if (list) list.push(p);
          else found.set(p.node.name, [p]);
        });
      identifiers.set(fn.node, (byName = found));
    }
    return (byName.get(name) ?? []).filter((p) => refersTo(p, name, scope));
  };

  root.find(j.VariableDeclaration, { kind: 'var' }).forEach((declPath: ASTPath<VariableDeclaration>) => {
    const fn = enclosingFunction(declPath);
    if (usesEval(fn)) {
      molt.declined('MOLT015', lineOf(declPath.node), 'var kept in a function that uses eval or with');
      return;
    }
    const holder = declPath.parent.node;
    const inForHead =
      (holder.type === 'ForStatement' && holder.init === declPath.node) ||
      ((holder.type === 'ForInStatement' || holder.type === 'ForOfStatement') && holder.left === declPath.node);
    if (holder.type === 'SwitchCase') {
      molt.declined('MOLT014', lineOf(declPath.node), 'var declared in a switch case');
      return;
    }
    if (!inForHead && holder.type !== 'BlockStatement' && holder.type !== 'Program') {
      molt.declined('MOLT010', lineOf(declPath.node), `var declared outside a block (in ${holder.type})`);
      return;
    }
    const block = span(holder);
    const inLoop = inForHead || hasLoopAncestor(declPath);
    const verdicts = declPath.node.declarations.map((d) =>
      judge(d as VariableDeclarator, { declPath, fn, block, inLoop, inForHead, iteratesInHead: inForHead && holder.type !== 'ForStatement' }),
    );
    const refused = verdicts.filter((v): v is { code: string; message: string } => 'code' in v);
    if (refused.length) {
      for (const v of refused) molt.declined(v.code, lineOf(declPath.node), v.message);
      return;
    }
    const kinds = verdicts.map((v) => (v as { kind: Kind }).kind);
    if (inForHead || kinds.every((k) => k === kinds[0])) {
      // a for head holds one declaration: let wins when any binding is reassigned
      declPath.node.kind = kinds.includes('let') ? 'let' : 'const';
    } else {
      const parts = declPath.node.declarations.map((d, i) => j.variableDeclaration(kinds[i] ?? 'let', [d]));
      (parts[0] as any).comments = (declPath.node as any).comments;
      declPath.replace(...parts);
    }
    molt.rewrote(declPath.node.declarations.length);
    changed = true;
  });

  return changed ? root.toSource() : undefined;

  function hasLoopAncestor(path: ASTPath): boolean {
    const fn = enclosingFunction(path);
    for (let p = path.parent as ASTPath | null; p && p !== fn; p = p.parent as ASTPath | null) {
      if (LOOP_TYPES.has(p.node.type)) return true;
    }
    return false;
  }

  function judge(
    d: VariableDeclarator,
    ctx: { declPath: ASTPath; fn: ASTPath; block: Span; inLoop: boolean; inForHead: boolean; iteratesInHead: boolean },
  ): Verdict {
    if (d.id.type !== 'Identifier') return { code: 'MOLT010', message: 'var with a pattern' };
    const name = d.id.name;
    const scope = (ctx.declPath as any).scope;
    const bindings = scope?.getBindings?.()[name] ?? [];
    if (bindings.length > 1) return { code: 'MOLT011', message: `${name} is declared ${bindings.length} times in its function` };
    const declEnd = span(d).end;
    const refs = referencesIn(ctx.fn, name, scope).filter((p) => p.node !== d.id);
    for (const ref of refs) {
      const at = span(ref.node);
      if (!inside(at, ctx.block)) return { code: 'MOLT010', message: `${name} is used outside its block (line ${lineOf(ref.node)})` };
      if (at.start < declEnd) return { code: 'MOLT010', message: `${name} is used before its declaration (line ${lineOf(ref.node)})` };
    }
    if (ctx.inLoop && refs.some((ref) => enclosingFunction(ref) !== ctx.fn)) {
      return { code: 'MOLT012', message: `${name} is captured by a closure inside a loop` };
    }
    if (ctx.inLoop && !ctx.inForHead && d.init == null) {
      return { code: 'MOLT013', message: `${name} has no initial value inside a loop` };
    }
    const reassigned = refs.some((ref) => {
      const parent = ref.parent.node;
      return (
        (parent.type === 'AssignmentExpression' && parent.left === ref.node) ||
        parent.type === 'UpdateExpression' ||
        ((parent.type === 'ForInStatement' || parent.type === 'ForOfStatement') && parent.left === ref.node)
      );
    });
    const initialized = d.init != null || ctx.iteratesInHead;
    return { kind: reassigned || !initialized ? 'let' : 'const' };
  }
};

export default transform;
