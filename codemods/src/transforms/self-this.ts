import type { ASTPath, JSCodeshift } from 'jscodeshift';
import { enclosingFunction, inside, lineOf, referencesTo, span } from '../ast.js';
import { usesEvalOrWith } from './function-facts.js';
import type { Transform } from '../unit.js';
import { thisOwner } from './function-facts.js';

// any: babel's estree nodes (Literal, Property, …) are told apart by `type`, which ast-types' unions do not narrow

const ALIASES = new Set(['self', 'that', '_this', 'me']);

type Verdict = { refs: ASTPath<any>[] } | { code: string; message: string };

/**
 * `var self = this;` → `this` at every use, and the declaration goes. Safe
 * when every use sees the same `this` as the declaration: in the function
 * itself or in arrows nested in it (function-to-arrow runs first and makes
 * most callbacks arrows). The alias must be set once, unconditionally,
 * before any use.
 */
const transform: Transform = (file, api, { molt }) => {
  const j = api.jscodeshift;
  const root = j(file.source);
  const rewrites: Array<() => void> = [];

  root.find(j.VariableDeclarator).forEach((declaratorPath: ASTPath<any>) => {
    const { id, init } = declaratorPath.node;
    if (id.type !== 'Identifier' || !ALIASES.has(id.name) || init?.type !== 'ThisExpression') return;
    const verdict = judge(declaratorPath);
    if ('code' in verdict) {
      molt.declined(verdict.code, lineOf(declaratorPath.node), verdict.message);
      return;
    }
    rewrites.push(() => {
      for (const ref of verdict.refs) toThis(j, ref);
      remove(declaratorPath);
    });
  });
  // verdicts are all taken on the untouched tree
  for (const rewrite of rewrites) rewrite();
  molt.rewrote(rewrites.length);
  return rewrites.length ? root.toSource() : undefined;

  function judge(declaratorPath: ASTPath<any>): Verdict {
    const name: string = declaratorPath.node.id.name;
    const declPath = declaratorPath.parent as ASTPath<any>;
    const holder = declPath.parent.node;
    if (holder.type !== 'BlockStatement' && holder.type !== 'Program') {
      return { code: 'MOLT024', message: `${name} is declared outside a block (in ${holder.type})` };
    }
    if (usesEvalOrWith(enclosingFunction(declPath))) {
      return { code: 'MOLT015', message: `${name} kept in a function that uses eval or with` };
    }
    const scope = (declaratorPath as any).scope;
    const bindings = scope.getBindings()[name] ?? [];
    if (bindings.length > 1)
      return { code: 'MOLT024', message: `${name} is declared ${bindings.length} times in its function` };
    const refs = referencesTo(j, j(scope.path), name, scope).filter((p) => p.node !== declaratorPath.node.id);
    const owner = thisOwner(declaratorPath).node;
    const after = span(declaratorPath.node).end;
    for (const ref of refs) {
      const line = lineOf(ref.node);
      if (isWrite(ref)) return { code: 'MOLT024', message: `${name} is reassigned (line ${line})` };
      const at = span(ref.node);
      if (at.start < after || !inside(at, span(holder))) {
        return {
          code: 'MOLT024',
          message: `${name} is used before its declaration or outside its block (line ${line})`,
        };
      }
      if (thisOwner(ref).node !== owner) {
        return {
          code: 'MOLT023',
          message: `${name} is used inside a nested function with its own this (line ${line})`,
        };
      }
    }
    return { refs };
  }
};

function isWrite(ref: ASTPath<any>): boolean {
  const parent = ref.parent.node;
  switch (parent.type) {
    case 'AssignmentExpression':
      return parent.left === ref.node;
    case 'UpdateExpression':
    case 'ArrayPattern':
    case 'RestElement':
      return true;
    case 'ForInStatement':
    case 'ForOfStatement':
      return parent.left === ref.node;
    case 'AssignmentPattern':
      return parent.left === ref.node;
    case 'Property':
      return ref.parent.parent.node.type === 'ObjectPattern';
    default:
      return false;
  }
}

function toThis(j: JSCodeshift, ref: ASTPath<any>): void {
  const parent = ref.parent.node;
  if (parent.type === 'Property' && parent.shorthand) {
    // `{ self }` is found twice, as key and as value (one node): it keeps its key, `{ self: this }`
    parent.shorthand = false;
    parent.value = j.thisExpression();
    return;
  }
  if (parent.type === 'Property' && parent.key === ref.node && !parent.computed) return;
  ref.replace(j.thisExpression());
}

/** Drops the declarator, or the whole declaration, keeping any comment on it on a neighbouring statement. */
function remove(declaratorPath: ASTPath<any>): void {
  const declPath = declaratorPath.parent as ASTPath<any>;
  if (declPath.node.declarations.length > 1) {
    declaratorPath.prune();
    return;
  }
  const comments = declPath.node.comments ?? [];
  const body: any[] = declPath.parent.node.body;
  const at = body.indexOf(declPath.node);
  const next = body[at + 1];
  const previous = body[at - 1];
  if (comments.length && next) {
    next.comments = [...comments.map((c: any) => ({ ...c, leading: true, trailing: false })), ...(next.comments ?? [])];
  } else if (comments.length && previous) {
    previous.comments = [
      ...(previous.comments ?? []),
      ...comments.map((c: any) => ({ ...c, leading: false, trailing: true })),
    ];
  }
  declPath.prune();
}

export default transform;
