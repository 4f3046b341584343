import { createRequire } from 'node:module';
import jscodeshift from 'jscodeshift';

/**
 * jscodeshift's `Collection#find`, without ast-types' PathVisitor.
 *
 * The units call `find` about seventy times per file, and each call walked the
 * whole tree through a PathVisitor, which builds a method table, a visitor
 * context and a path for every value it passes (locations, flags and strings
 * included): profiled on the corpus, `find` was over half of the es2022
 * stage's time. This walk goes over the same children in the same order (the
 * fields ast-types defines for each node type) but only steps into nodes, and
 * makes a path only for a node that matches, from the keys that lead to it
 * (`path.get`, which ast-types caches: these are the very paths the visitor
 * would create). It returns the same paths in the same order: codemods/test/fast-find.test.ts compares the
 * two on every legacy and corpus file.
 *
 * Unlike the PathVisitor it does not write defaults of missing fields into the
 * nodes it passes.
 */

const require = createRequire(import.meta.url);
const Collection = require('jscodeshift/src/Collection.js') as {
  fromPaths(paths: unknown[], parent: unknown, type: unknown): unknown;
};
const matchNode = require('jscodeshift/src/matchNode.js') as (node: unknown, filter: unknown) => boolean;
const { getFieldNames, getSupertypeNames, Type } = jscodeshift.types as unknown as {
  getFieldNames(node: unknown): string[];
  getSupertypeNames(typeName: string): string[];
  Type: { def(typeName: string): { allFields?: Record<string, { type: { toString(): string } }> } };
};

interface Path {
  value: any;
  get(...names: (string | number)[]): Path;
}

/** per node type: its field names that may hold a node, in ast-types' order */
const fieldsOf = new Map<string, string[]>();

/**
 * The fields of this node's type that may hold a node: not its type or location, nor a field ast-types
 * declares as strings, booleans or numbers only (a declared type with no node type in it: no capital).
 */
function childFields(node: { type: string }): string[] {
  let fields = fieldsOf.get(node.type);
  if (!fields) {
    let declared: Record<string, { type: { toString(): string } }> | undefined;
    try {
      declared = Type.def(node.type).allFields;
    } catch {
      declared = undefined;
    }
    fields = getFieldNames(node).filter((name) => {
      if (name === 'type' || name === 'loc') return false;
      const type = declared?.[name]?.type.toString();
      return type === undefined || /[A-Z]/.test(type);
    });
    fieldsOf.set(node.type, fields);
  }
  return fields;
}
/** per wanted type: per node type, is it that type or one of its subtypes */
const matchers = new Map<string, Map<string, boolean>>();

function isA(wanted: string, nodeType: string): boolean {
  let known = matchers.get(wanted);
  if (!known) matchers.set(wanted, (known = new Map()));
  let yes = known.get(nodeType);
  if (yes === undefined) {
    try {
      yes = nodeType === wanted || getSupertypeNames(nodeType).includes(wanted);
    } catch {
      yes = false; // a type ast-types does not define: the visitor would not dispatch on it either
    }
    known.set(nodeType, yes);
  }
  return yes;
}

export const isNode = (value: unknown): value is { type: string } =>
  typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';

export const originalFind = (Collection as any).fromPaths([], null, undefined).constructor.prototype.find as (
  type: unknown,
  filter?: unknown,
) => unknown;

/** What a walk does with a node's children: `one` for a node in a field, `many` for a field's array. */
export type Children = (node: any, one: (field: string, value: any) => void, many: (field: string, values: any[]) => void) => void;

/** per node type: a function that hands its children to a walk (childWalker) */
const walkers = new Map<string, Children>();

/**
 * The children of a node of this type, as a function made for the type: it reads each field by its name, where a
 * loop over the field names reads them by a variable key, which is several times slower on nodes of many shapes.
 */
export function childWalker(node: { type: string }): Children {
  let walk = walkers.get(node.type);
  if (!walk) {
    const body = childFields(node)
      .map((field) => {
        const name = JSON.stringify(field);
        return `v = node[${name}]; if (typeof v === 'object' && v !== null) { if (Array.isArray(v)) many(${name}, v); else if (typeof v.type === 'string') one(${name}, v); }`;
      })
      .join('\n');
    walk = new Function('node', 'one', 'many', `let v;\n${body}`) as Children;
    walkers.set(node.type, walk);
  }
  return walk;
}

/**
 * Hands every node under `node` (itself included) to `test`, depth first, without making a path for any: stops at
 * the first for which it holds, and says whether one did.
 */
export function someNode(node: any, test: (n: any) => boolean): boolean {
  let found = false;
  const visit = (n: any): void => {
    if (found) return;
    if (test(n)) found = true;
    else childWalker(n)(n, one, many);
  };
  const one = (_field: string, value: any): void => visit(value);
  const many = (_field: string, values: any[]): void => {
    for (const value of values) if (isNode(value)) visit(value);
  };
  visit(node);
  return found;
}

function find(this: { __paths: Path[] }, type: { toString(): string }, filter?: unknown): unknown {
  const wanted = type.toString();
  let known = matchers.get(wanted);
  if (!known) matchers.set(wanted, (known = new Map()));
  const matches = known;
  const found: Path[] = [];
  // the keys from the walk's root to the node at hand, route[0 .. depth): a path is made only for a node that matches
  const route: (string | number)[] = [];
  let depth = 0;
  // made[k]: the path that route[0 .. k) leads to, for k <= madeTo: a match makes only the steps past the last
  // match's that the walk has not left since
  const made: Path[] = [];
  let madeTo = 0;
  const step = (at: number, key: string | number): void => {
    route[at] = key;
    if (madeTo > at) madeTo = at;
  };
  const visit = (node: any): void => {
    const yes = matches.get(node.type) ?? isA(wanted, node.type);
    if (yes && (!filter || matchNode(node, filter))) {
      let path = made[madeTo]!;
      for (let k = madeTo; k < depth; k++) made[k + 1] = path = path.get(route[k]!);
      madeTo = depth;
      found.push(path);
    }
    childWalker(node)(node, one, many);
  };
  const one = (field: string, value: any): void => {
    step(depth++, field);
    visit(value);
    depth--;
  };
  const many = (field: string, values: any[]): void => {
    step(depth, field);
    depth += 2;
    for (let i = 0; i < values.length; i++) {
      if (!isNode(values[i])) continue;
      step(depth - 1, i);
      visit(values[i]);
    }
    depth -= 2;
  };
  // the collection's own paths are where the search starts, not what it finds
  for (const path of this.__paths) {
    if (!isNode(path.value)) continue;
    made[0] = path;
    madeTo = 0;
    depth = 0;
    childWalker(path.value)(path.value, one, many);
  }
  return Collection.fromPaths(found, this, type);
}

/** Puts the walk in place of jscodeshift's `find` for every collection in this process. */
export function installFastFind(): void {
  const proto = (Collection as any).fromPaths([], null, undefined).constructor.prototype;
  proto.find = find;
}
