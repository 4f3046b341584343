import type { ASTPath } from 'jscodeshift';
import { referencesTo } from '../ast.js';
import type { Transform } from '../unit.js';
import { checkConstructor } from './prototype-to-class/constructor-check.js';
import { collectMembers, type InertLeftovers } from './prototype-to-class/members.js';
import { refuse, type Candidate, type Context, type Refusal } from './prototype-to-class/model.js';
import { classify, type Use } from './prototype-to-class/references.js';
import { dropUnusedUtil, inheritsBinding, isClassKey, rewriteAsClass } from './prototype-to-class/rewrite.js';
import { strictModeHazard } from './prototype-to-class/strict-mode.js';
import {
  ALL_FUNCTIONS,
  isIdent,
  isStatementList,
  scopeOf,
  some,
  type AnyNode,
  type Scope,
} from './prototype-to-class/syntax.js';

const DEFINES = new Set(['proto-member', 'proto-replace', 'proto-define', 'inherits']);

/**
 * `function X() {}` + `X.prototype.m = function…` (+ util.inherits) → `class X`.
 * A class is not a function with methods: it is not hoisted, throws without
 * `new`, runs strict, and with a parent creates `this` in super(). Each of
 * those is checked; a constructor that cannot be proven to keep its meaning
 * stays a function, with a diagnostic.
 */
const transform: Transform = (file, api, { molt }) => {
  const j = api.jscodeshift;
  const ctx: Context = { j, root: j(file.source), source: file.source };
  const candidates = ctx.root
    .find(j.FunctionDeclaration)
    .paths()
    .map((decl) => analyse(ctx, decl))
    .filter((c): c is Candidate => c !== undefined);
  settle(candidates);

  const utilNames = new Set<string>();
  for (const cand of candidates) {
    if (cand.refusal) {
      molt.declined(cand.refusal.code, cand.refusal.line, cand.refusal.message);
      continue;
    }
    for (const left of cand.accessorsLeft) molt.declined(left.code, left.line, left.message);
    const inherits = cand.parent && inheritsBinding((cand.parent.inherits.node as AnyNode).expression);
    if (inherits) utilNames.add(inherits);
    rewriteAsClass(ctx, cand);
    molt.rewrote();
  }
  if (candidates.every((c) => c.refusal)) return undefined;
  dropUnusedUtil(ctx, utilNames);
  return ctx.root.toSource();
};

export default transform;

function analyse(ctx: Context, decl: ASTPath): Candidate | undefined {
  const node = decl.node as AnyNode;
  if (!node.id || node.generator || node.async) return undefined;
  const name: string = node.id.name;
  // cheap text test first: every candidate has `X.prototype` or `inherits(X` in it
  const escaped = name.replace(/\$/g, '\\$');
  const mentions = new RegExp(`(?<![\\w$])${escaped}\\s*\\.\\s*prototype\\b|inherits\\s*\\(\\s*${escaped}(?![\\w$])`);
  if (!mentions.test(ctx.source)) return undefined;
  const containerPath = decl.parent as ASTPath;
  const scope = scopeOf(containerPath);
  if (!scope) return undefined;
  const refs = referencesTo(ctx.j, ctx.root, name, scope).filter((p) => p.node !== node.id && !isClassKey(p));
  const uses = refs.map((ref) => classify(ref, name, containerPath.node));
  if (!uses.some((u) => DEFINES.has(u.kind))) return undefined;
  const cand: Candidate = {
    name,
    decl,
    elements: [],
    removed: [],
    replaced: new Map(),
    classComments: [],
    callsWithoutNew: uses.flatMap((u) => (u.kind === 'call' ? [u.call] : [])),
    accessorsLeft: [],
  };
  cand.refusal = judge(ctx, cand, uses, containerPath, scope);
  return cand;
}

function judge(ctx: Context, cand: Candidate, uses: Use[], containerPath: ASTPath, scope: Scope): Refusal | undefined {
  const { name, decl } = cand;
  const node = decl.node as AnyNode;
  if (!isStatementList(containerPath)) return refuse('MOLT034', node, `${name} is declared inside a block`);
  if ((scope.getBindings()[name] ?? []).length > 1)
    return refuse('MOLT035', node, `${name} is declared more than once`);
  const early = uses.find((u) => (u.ref.node as AnyNode).start < node.start);
  if (early)
    return refuse(
      'MOLT035',
      early.ref.node,
      `${name} is used before its declaration; a class is not hoisted like a function`,
    );
  const refusal = uses.find((u) => u.kind === 'refuse');
  if (refusal && refusal.kind === 'refuse') return refusal.refusal;
  const hoisted = calledEarlyThroughHoisting(ctx, cand, containerPath.node, scope);
  if (hoisted) return hoisted;
  const left: InertLeftovers = new Set();
  const members = collectMembers(ctx, cand, uses, left);
  if (members) return members;
  const unfinished = usedBeforeMembersAreDefined(cand, uses, containerPath.node, left);
  if (unfinished) return unfinished;
  const ctor = checkConstructor(ctx, cand);
  if (ctor) return ctor;
  const getters = new Set(cand.elements.filter((e) => e.kind === 'get' && !e.isStatic).map((e) => e.name));
  for (const e of cand.elements) if (e.kind === 'set') getters.delete(e.name);
  return strictModeHazard(ctx, name, [decl, ...cand.elements.map((e) => e.fn)], getters);
}

/** A function declared after X but called before it would meet the class in its dead zone. */
function calledEarlyThroughHoisting(
  ctx: Context,
  cand: Candidate,
  container: AnyNode,
  scope: Scope,
): Refusal | undefined {
  const start = (cand.decl.node as AnyNode).start;
  const later: AnyNode[] = container.body.filter(
    (s: AnyNode) => s.type === 'FunctionDeclaration' && s.id && s.start > start,
  );
  const tainted = new Set([cand.name]);
  for (let grew = true; grew;) {
    grew = false;
    for (const f of later) {
      if (!tainted.has(f.id.name) && some(f.body, (n) => isIdent(n) && tainted.has(n.name))) {
        tainted.add(f.id.name);
        grew = true;
      }
    }
  }
  for (const fname of tainted) {
    if (fname === cand.name) continue;
    const early = referencesTo(ctx.j, ctx.root, fname, scope).find((p) => (p.node as AnyNode).start < start);
    if (early)
      return refuse(
        'MOLT035',
        early.node,
        `${fname}, which uses ${cand.name}, is used before ${cand.name}'s declaration`,
      );
  }
  return undefined;
}

/**
 * Between the declaration and its last member statement, the function lacked
 * members the class has from the start: code there must not see the name,
 * unless it only runs later (inside a function) or cannot observe members.
 */
function usedBeforeMembersAreDefined(
  cand: Candidate,
  uses: Use[],
  container: AnyNode,
  left: InertLeftovers,
): Refusal | undefined {
  const consumed = new Set<AnyNode>([...cand.removed, ...cand.replaced.keys()].map((p) => p.node));
  if (!consumed.size) return undefined;
  const from = (cand.decl.node as AnyNode).end;
  const to = Math.max(...[...consumed].map((n) => n.end));
  for (const use of uses) {
    const at = (use.ref.node as AnyNode).start;
    if (at < from || at > to || use.kind === 'extended') continue;
    let top: ASTPath = use.ref;
    let nested = false;
    while (top.parent && top.parent.node !== container) {
      nested ||= ALL_FUNCTIONS.has(top.node.type);
      top = top.parent as ASTPath;
    }
    if (nested || consumed.has(top.node) || left.has(top.node)) continue;
    return refuse(
      'MOLT035',
      use.ref.node,
      `${cand.name} is used before all its members are defined; the class would have them earlier`,
    );
  }
  return undefined;
}

/**
 * Decisions that depend on other constructors: `X.call(this)` is fine only as
 * the super() of a child that becomes a class; a parent class must be
 * declared before its child's.
 */
function settle(candidates: Candidate[]): void {
  const byDecl = new Map(candidates.map((c) => [c.decl.node, c]));
  for (let changed = true; changed;) {
    changed = false;
    for (const cand of candidates) {
      if (cand.refusal) continue;
      cand.refusal = settleOne(cand);
      changed ||= cand.refusal !== undefined;
    }
  }

  function settleOne(cand: Candidate): Refusal | undefined {
    for (const call of cand.callsWithoutNew) {
      const child = candidates.find((c) => c.superCall?.call === call.node);
      if (child && !child.refusal) continue;
      const at = (call.node as AnyNode).start;
      const host = candidates.find(
        (c) => c.refusal && (c.decl.node as AnyNode).start < at && at < (c.decl.node as AnyNode).end,
      );
      const where = host ? ` in ${host.name}, which stays a function` : '';
      return refuse('MOLT030', call.node, `${cand.name} is called without new${where}; a class throws there`);
    }
    const parent = cand.parent?.localDecl ? byDecl.get(cand.parent.localDecl) : undefined;
    if (parent && !parent.refusal && (parent.decl.node as AnyNode).start > (cand.decl.node as AnyNode).start) {
      return refuse(
        'MOLT035',
        cand.decl.node,
        `${cand.name} extends ${parent.name}, whose class would be declared after it`,
      );
    }
    return undefined;
  }
}
