import type { ASTPath } from 'jscodeshift';
import { refuse, type Candidate, type Context, type Element, type Refusal } from './model.js';
import { resolveParent } from './parent.js';
import type { Use } from './references.js';
import {
  ALL_FUNCTIONS,
  IDENTIFIER_NAME,
  childNodes,
  isIdent,
  isInert,
  propertyKeyName,
  some,
  staticKeyName,
  type AnyNode,
} from './syntax.js';

/** Writing these on a function is not what a static method of that name does. */
const RESERVED_STATICS = new Set(['name', 'length', 'prototype', 'caller', 'arguments']);

/** Statements that stay after the class and may sit between its members: they observe nothing of it. */
export type InertLeftovers = Set<AnyNode>;

function commentsOutside(node: AnyNode, keep: Set<AnyNode>): AnyNode[] {
  if (keep.has(node)) return [];
  return [...(node.comments ?? []), ...childNodes(node).flatMap((child) => commentsOutside(child, keep))];
}

/** A function that can become method syntax without changing what its body sees. */
function isMethodFunction(fn: AnyNode): boolean {
  if (fn?.type !== 'FunctionExpression') return false;
  if (!fn.id) return true;
  // a named function expression sees its own name; a method does not
  const own = fn.id.name;
  return !some(fn.body, (n) => isIdent(n, own)) && !fn.params.some((p: AnyNode) => some(p, (n) => isIdent(n, own)));
}

function simpleAccessor(call: AnyNode): { name: string; get?: number; set?: number } | string {
  const [, key, desc] = call.arguments;
  if (call.arguments.length !== 3 || key.type !== 'Literal' || typeof key.value !== 'string')
    return 'the property name is not a string literal';
  if (desc.type !== 'ObjectExpression') return 'the descriptor is not an object literal';
  if (key.value === 'constructor') return 'a class constructor cannot be an accessor';
  const out: { name: string; get?: number; set?: number } = { name: key.value };
  for (const [i, prop] of desc.properties.entries()) {
    const name = prop.type === 'Property' && prop.kind === 'init' && !prop.computed ? propertyKeyName(prop) : undefined;
    const value = prop.value;
    if (name === 'get' || name === 'set') {
      if (!isMethodFunction(value) || value.generator || value.async)
        return `its ${name} is not a plain function expression`;
      const arity = name === 'get' ? 0 : 1;
      if (value.params.length !== arity || value.params.some((p: AnyNode) => p.type !== 'Identifier'))
        return `its ${name} takes ${value.params.length} parameters`;
      out[name] = i;
    } else if (name === 'enumerable') {
      if (value.type !== 'Literal' || value.value !== false) return 'it is enumerable, class accessors are not';
    } else if (name === 'configurable') {
      if (value.type !== 'Literal' || value.value !== true) return 'it is not configurable, class accessors are';
    } else {
      return `its descriptor has ${name ?? 'a computed or spread entry'}`;
    }
  }
  return out.get === undefined && out.set === undefined ? 'it has neither get nor set' : out;
}

/**
 * Turns the top-level member statements of `cand` into class elements, in
 * source order, or refuses. Also resolves the parent named by util.inherits.
 */
export function collectMembers(ctx: Context, cand: Candidate, uses: Use[], left: InertLeftovers): Refusal | undefined {
  const { j } = ctx;
  const name = cand.name;
  const defined = new Map<string, string[]>();
  const note = (isStatic: boolean, key: string | undefined, kind: string) => {
    if (key === undefined) return;
    const slot = `${isStatic ? 'static ' : ''}${key}`;
    defined.set(slot, [...(defined.get(slot) ?? []), kind]);
  };
  const keep = (stmt: ASTPath, inert: boolean) => {
    if (inert) left.add(stmt.node);
  };
  // `original`: the key as written, so a quoted name keeps its quotes
  const add = (
    kind: Element['kind'],
    isStatic: boolean,
    key: string,
    original: AnyNode,
    fn: ASTPath,
    comments: AnyNode[],
    at: number,
  ) => {
    note(isStatic, key, kind);
    const keyNode = IDENTIFIER_NAME.test(key) ? j.identifier(key) : original;
    cand.elements.push({ kind, isStatic, name: key, key: keyNode, fn, comments, at });
  };

  for (const use of uses) {
    if (!('stmt' in use) || use.stmt) continue;
    const site = 'assign' in use ? use.assign.node : use.call.node;
    const value = (site as AnyNode).right;
    const isFunction = value && ALL_FUNCTIONS.has(value.type);
    if (use.kind === 'proto-replace' || use.kind === 'proto-define' || use.kind === 'inherits' || isFunction) {
      return refuse(
        'MOLT034',
        site,
        `${name} gets members conditionally or inside a function; a class defines them once`,
      );
    }
    note(use.kind === 'static-member', staticKeyName((site as AnyNode).left), 'left');
  }

  const tops = uses
    .filter((u): u is Use & { stmt: ASTPath } => 'stmt' in u && !!u.stmt)
    .sort((a, b) => (a.stmt.node as AnyNode).start - (b.stmt.node as AnyNode).start);
  let sawMember = false;
  let sawInherits = false;
  let replaced = false;
  for (const use of tops) {
    const stmt = use.stmt;
    const at = (stmt.node as AnyNode).start;
    if (use.kind === 'inherits') {
      if (sawInherits) return refuse('MOLT032', stmt.node, `util.inherits(${name}, …) is called twice`);
      sawInherits = true;
      const link = resolveParent(ctx, stmt, cand.decl);
      if ('code' in link) return link;
      cand.parent = link;
      cand.removed.push(stmt);
      cand.classComments.push(...commentsOutside(stmt.node, new Set()));
    } else if (use.kind === 'proto-replace') {
      if (sawMember || replaced)
        return refuse('MOLT032', stmt.node, `${name}.prototype is replaced after members were added to it`);
      if (sawInherits)
        return refuse(
          'MOLT032',
          stmt.node,
          `${name}.prototype is replaced after util.inherits, which drops the parent`,
        );
      replaced = true;
      const refusal = fromObjectLiteral(use.assign, stmt, at);
      if (refusal) return refusal;
    } else if (use.kind === 'proto-member' || use.kind === 'static-member') {
      const isStatic = use.kind === 'static-member';
      sawMember ||= !isStatic;
      const assign = use.assign.node as AnyNode;
      const key = staticKeyName(assign.left);
      const value = assign.right;
      if (key === undefined) {
        if (!isStatic || ALL_FUNCTIONS.has(value.type))
          return refuse('MOLT032', stmt.node, `${name} gets a member with a computed name`);
        keep(stmt, isInert(value, name));
      } else if (!isStatic && key === 'constructor') {
        if (!isIdent(value, name))
          return refuse('MOLT032', stmt.node, `${name}.prototype.constructor is set to something else`);
        cand.removed.push(stmt);
        cand.classComments.push(...commentsOutside(stmt.node, new Set()));
      } else if (!isStatic && value.type === 'ArrowFunctionExpression') {
        return refuse(
          'MOLT036',
          stmt.node,
          `${name}.prototype.${key} is an arrow function: it does not get the instance as this`,
        );
      } else if (isMethodFunction(value) && key !== '__proto__' && !(isStatic && RESERVED_STATICS.has(key))) {
        add(
          'method',
          isStatic,
          key,
          assign.left.property,
          use.assign.get('right'),
          commentsOutside(stmt.node, new Set([value])),
          at,
        );
        cand.removed.push(stmt);
      } else {
        note(isStatic, key, 'left');
        keep(stmt, isInert(value, name));
      }
    } else if (use.kind === 'proto-define') {
      sawMember = true;
      const call = use.call.node as AnyNode;
      const accessor = simpleAccessor(call);
      if (typeof accessor === 'string') {
        cand.accessorsLeft.push(
          refuse('MOLT038', call, `Object.defineProperty(${name}.prototype, …) kept: ${accessor}`),
        );
        const key = call.arguments[1];
        note(false, key?.type === 'Literal' ? String(key.value) : undefined, 'left');
        keep(
          stmt,
          call.arguments.slice(1).every((a: AnyNode) => isInert(a, name)),
        );
        continue;
      }
      const props = call.arguments[2].properties;
      let comments = commentsOutside(stmt.node, new Set(props.map((p: AnyNode) => p.value)));
      for (const kind of ['get', 'set'] as const) {
        const index = accessor[kind];
        if (index === undefined) continue;
        add(
          kind,
          false,
          accessor.name,
          call.arguments[1],
          use.call.get('arguments', 2, 'properties', index, 'value'),
          comments,
          at,
        );
        comments = [];
      }
      cand.removed.push(stmt);
    }
  }

  for (const [slot, kinds] of defined) {
    const count = (k: string) => kinds.filter((x) => x === k).length;
    if (kinds.length > 1 && (count('method') > 0 || count('get') > 1 || count('set') > 1 || count('left') > 0)) {
      return refuse('MOLT032', cand.decl.node, `${name}: ${slot} is defined more than once`);
    }
  }
  return undefined;

  function fromObjectLiteral(assignPath: ASTPath, stmt: ASTPath, at: number): Refusal | undefined {
    const object = (assignPath.node as AnyNode).right;
    if (object.type !== 'ObjectExpression')
      return refuse('MOLT032', stmt.node, `${name}.prototype is set to something other than an object literal`);
    let hasConstructor = false;
    const leftovers: AnyNode[] = [];
    cand.classComments.push(...commentsOutside(stmt.node, new Set(object.properties)));
    let comments: AnyNode[] = [];
    for (const [i, prop] of object.properties.entries()) {
      const key = prop.type === 'Property' ? propertyKeyName(prop) : undefined;
      if (key === undefined || key === '__proto__')
        return refuse('MOLT032', prop, `${name}.prototype = {…} has a computed, spread or __proto__ entry`);
      const value = prop.value;
      const own = commentsOutside(prop, new Set([value]));
      if (key === 'constructor') {
        if (prop.kind !== 'init' || !isIdent(value, name))
          return refuse('MOLT032', prop, `${name}.prototype.constructor is set to something else`);
        hasConstructor = true;
        comments = [...comments, ...own];
      } else if (value.type === 'ArrowFunctionExpression') {
        return refuse(
          'MOLT036',
          prop,
          `${name}.prototype.${key} is an arrow function: it does not get the instance as this`,
        );
      } else if (prop.kind === 'get' || prop.kind === 'set' || isMethodFunction(value)) {
        add(
          prop.kind === 'init' ? 'method' : prop.kind,
          false,
          key,
          prop.key,
          assignPath.get('right', 'properties', i, 'value'),
          [...comments, ...own],
          at,
        );
        comments = [];
      } else {
        note(false, key, 'left');
        const target = j.memberExpression(
          j.memberExpression(j.identifier(name), j.identifier('prototype')),
          prop.computed ? prop.key : j.identifier(key),
          prop.computed,
        );
        if (!prop.computed && prop.key.type === 'Literal')
          Object.assign(target, { property: prop.key, computed: true });
        const assignment = j.expressionStatement(j.assignmentExpression('=', target, value));
        (assignment as AnyNode).comments = own;
        leftovers.push(assignment);
      }
    }
    if (!hasConstructor)
      return refuse('MOLT032', stmt.node, `${name}.prototype = {…} drops constructor; a class would keep it`);
    if (comments.length) cand.classComments.push(...comments);
    cand.replaced.set(stmt, leftovers);
    return undefined;
  }
}
