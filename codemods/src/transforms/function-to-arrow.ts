import type { ASTPath, JSCodeshift } from 'jscodeshift';
import { lineOf, referencesTo } from '../ast.js';
import type { Transform } from '../unit.js';
import { constructedNames, constructorUse, ownUses, refersToItself } from './function-facts.js';

// any: babel's estree nodes (Literal, Property, …) are told apart by `type`, which ast-types' unions do not narrow

/** Where a function expression sits: what gets replaced, and the variable it is stored in, if any. */
interface Site {
  target: ASTPath<any>;
  /** `function () {…}.bind(this)`: the bind goes with the function */
  bound: boolean;
  variable?: { name: string; scope: unknown };
}

type Verdict = { ok: true } | { code: string; message: string };

/**
 * Function expressions passed as arguments or stored in a variable → arrows,
 * when nothing an arrow lacks is used: its own `this` (unless it is bound to
 * the outer one), `arguments`, `new.target`, its own name, `new`/`.prototype`,
 * generators. Object-literal values and `X.prototype.*` assignments are left
 * to object-shorthand and the class units.
 */
const transform: Transform = (file, api, { molt }) => {
  const j = api.jscodeshift;
  const root = j(file.source);
  const rewrites: Array<() => void> = [];
  let constructorNames: Set<string> | undefined;

  root.find(j.FunctionExpression).forEach((fnPath: ASTPath<any>) => {
    const site = siteOf(fnPath);
    if (!site) return;
    const verdict = judge(fnPath, site);
    if ('code' in verdict) {
      molt.declined(verdict.code, lineOf(fnPath.node), verdict.message);
      return;
    }
    rewrites.push(() => site.target.replace(toArrow(j, fnPath.node, site)));
  });
  // every verdict is taken on the untouched tree; innermost functions are replaced first
  for (const rewrite of rewrites.reverse()) rewrite();
  molt.rewrote(rewrites.length);
  return rewrites.length ? root.toSource() : undefined;

  function judge(fnPath: ASTPath<any>, site: Site): Verdict {
    const fn = fnPath.node;
    if (fn.generator) return { code: 'MOLT022', message: 'generator function' };
    const uses = ownUses(j, fnPath);
    if (uses.this && !site.bound) return { code: 'MOLT020', message: 'function uses its own `this`' };
    if (uses.arguments) return { code: 'MOLT021', message: 'function uses `arguments`' };
    if (uses.newTarget) return { code: 'MOLT022', message: 'function reads new.target' };
    if (refersToItself(j, fnPath)) return { code: 'MOLT022', message: `function refers to itself as ${fn.id.name}` };
    const variable = site.variable;
    if (!variable) return { ok: true };
    // other modules may `new` it: a capitalised name is the only hint they leave
    if (/^[A-Z]/.test(variable.name))
      return { code: 'MOLT022', message: `${variable.name} is named like a constructor` };
    // which binding a name resolves to costs a scope scan: only for a name something news or reads .prototype of
    constructorNames ??= constructedNames(root.get().node, (e) => (e.type === 'Identifier' ? e.name : undefined));
    if (constructorNames.has(variable.name) && referencesTo(j, root, variable.name, variable.scope, constructorUse).length > 0) {
      return { code: 'MOLT022', message: `${variable.name} is used with new or .prototype` };
    }
    return { ok: true };
  }
};

function siteOf(fnPath: ASTPath<any>): Site | undefined {
  let target: ASTPath<any> = fnPath;
  let bound = false;
  const member = fnPath.parent.node;
  const call = fnPath.parent.parent?.node;
  if (
    member.type === 'MemberExpression' &&
    member.object === fnPath.node &&
    !member.computed &&
    member.property.name === 'bind' &&
    call?.type === 'CallExpression' &&
    call.callee === member &&
    call.arguments.length === 1 &&
    call.arguments[0].type === 'ThisExpression'
  ) {
    target = fnPath.parent.parent;
    bound = true;
  }
  const holder = target.parent.node;
  if ((holder.type === 'CallExpression' || holder.type === 'NewExpression') && holder.callee !== target.node) {
    return { target, bound };
  }
  const stored =
    (holder.type === 'VariableDeclarator' && holder.init === target.node && holder.id) ||
    (holder.type === 'AssignmentExpression' && holder.operator === '=' && holder.right === target.node && holder.left);
  if (stored?.type !== 'Identifier') return undefined;
  // the holder's path sits in the scope the variable is looked up from; the function's own path opens a new one
  const scope = (target.parent as any).scope?.lookup(stored.name) ?? null;
  return { target, bound, variable: { name: stored.name, scope } };
}

function toArrow(j: JSCodeshift, fn: any, site: Site) {
  const arrow = j.arrowFunctionExpression(fn.params, conciseBody(j, fn) ?? fn.body);
  arrow.async = fn.async;
  const comments = [...(site.target.node.comments ?? []), ...(site.bound ? (fn.comments ?? []) : [])];
  if (comments.length) (arrow as any).comments = comments;
  return arrow;
}

/** `{ return expr; }` → `expr`, unless a comment would be lost or the body is more than the return. */
function conciseBody(j: JSCodeshift, fn: any) {
  const statements = fn.body.body;
  const only = statements[0];
  if (statements.length !== 1 || only.type !== 'ReturnStatement' || !only.argument) return undefined;
  if (only.comments?.length || fn.body.comments?.length) return undefined;
  // an expression body that starts with `{` would read as a block
  if (startsWithBrace(only.argument)) return j.parenthesizedExpression(only.argument);
  return only.argument;
}

/** Does the code of `node` begin with `{`: is its leftmost part an object literal without parentheses? */
function startsWithBrace(node: any): boolean {
  for (let n = node; n && !n.extra?.parenthesized; ) {
    if (n.type === 'ObjectExpression' || n.type === 'ObjectPattern') return true;
    if (n.type === 'UpdateExpression' && n.prefix) return false;
    n = LEFTMOST[n.type as string]?.(n);
  }
  return false;
}

const LEFTMOST: Record<string, (n: any) => any> = {
  MemberExpression: (n) => n.object,
  OptionalMemberExpression: (n) => n.object,
  CallExpression: (n) => n.callee,
  OptionalCallExpression: (n) => n.callee,
  TaggedTemplateExpression: (n) => n.tag,
  BinaryExpression: (n) => n.left,
  LogicalExpression: (n) => n.left,
  AssignmentExpression: (n) => n.left,
  ConditionalExpression: (n) => n.test,
  SequenceExpression: (n) => n.expressions[0],
  UpdateExpression: (n) => n.argument,
};

export default transform;
