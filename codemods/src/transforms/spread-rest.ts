import type { ASTPath, JSCodeshift } from 'jscodeshift';
import { freeName, isReference, lineOf } from '../ast.js';
import type { SiteReporter, Transform } from '../unit.js';
import { propertyName, thisOwner } from './function-facts.js';

// any: babel's estree nodes are told apart by `type`, which ast-types' unions do not narrow

/**
 * `arguments` → a rest parameter, and `Object.assign({}, a, b)` → `{ ...a, ...b }`.
 *
 *   function () { var parts = Array.prototype.slice.call(arguments); … }    function (...parts) { … }
 *   function (a) { return [].slice.call(arguments, 1); }                    function (a, ...args) { return args; }
 *   function () { return f.apply(this, arguments); }                        function (...args) { return f.apply(this, args); }
 *   function () { if (arguments.length) … arguments[0] … }                  function (...args) { if (args.length) … args[0] … }
 *
 * A rest parameter holds the arguments after the named ones, in a real array. So every use of `arguments` in the
 * function must be one of the forms above, reading it: `.length` and `[i]` only when there are no named parameters
 * (they count those too), a slice only from the index where the rest begins. `arguments` handed on as a value is
 * kept (an array is not an arguments object: toString, JSON and aliasing differ), and so is a function with "use
 * strict" in its body, which a rest parameter would make a syntax error, or a getter or setter.
 *
 * Object.assign onto a fresh object literal copies own enumerable properties with [[Get]], skipping null and
 * undefined, in order, as object spread does; the literal must be plain (no accessors, no __proto__ key).
 */
const transform: Transform = (file, api, { molt }) => {
  const j = api.jscodeshift;
  const root = j(file.source);
  let rewritten = 0;

  // every `arguments` reference once, by the function it belongs to (arrows have none of their own)
  const byOwner = new Map<unknown, { fn: ASTPath<any>; refs: ASTPath<any>[] }>();
  root
    .find(j.Identifier, { name: 'arguments' })
    .filter((p: ASTPath<any>) => isReference(p) && !p.scope?.lookup('arguments'))
    .forEach((p: ASTPath<any>) => {
      const fn = thisOwner(p);
      if (fn.node.type === 'Program') return;
      const entry = byOwner.get(fn.node) ?? { fn, refs: [] };
      entry.refs.push(p);
      byOwner.set(fn.node, entry);
    });
  for (const { fn, refs } of byOwner.values()) {
    if (toRest(j, fn, refs, molt)) rewritten++;
  }
  root.find(j.CallExpression).forEach((call: ASTPath<any>) => {
    if (assignToSpread(j, call, molt)) rewritten++;
  });

  molt.rewrote(rewritten);
  return rewritten ? root.toSource({ quote: 'single' }) : undefined;
};

type Use =
  | { kind: 'slice'; path: ASTPath<any>; from: number }
  | { kind: 'apply'; path: ASTPath<any> }
  | { kind: 'length'; path: ASTPath<any> }
  | { kind: 'index'; path: ASTPath<any> };

/** `Array.prototype.slice.call(arguments[, k])`, `[].slice.call(arguments[, k])`, `Array.from(arguments)` */
function sliceOf(call: any, argsNode: any): number | undefined {
  if (call?.type !== 'CallExpression' || call.arguments[0] !== argsNode) return undefined;
  const callee = call.callee;
  if (callee.type !== 'MemberExpression') return undefined;
  if (propertyName(callee) === 'from' && callee.object.type === 'Identifier' && callee.object.name === 'Array') {
    return call.arguments.length === 1 ? 0 : undefined;
  }
  if (propertyName(callee) !== 'call' || callee.object.type !== 'MemberExpression' || propertyName(callee.object) !== 'slice') return undefined;
  const owner = callee.object.object;
  const isArrayProto = owner.type === 'MemberExpression' && owner.object.type === 'Identifier' && owner.object.name === 'Array' && propertyName(owner) === 'prototype';
  const isEmptyArray = owner.type === 'ArrayExpression' && owner.elements.length === 0;
  if (!isArrayProto && !isEmptyArray) return undefined;
  const from = call.arguments[1];
  if (call.arguments.length === 1) return 0;
  const value = from?.type === 'NumericLiteral' || (from?.type === 'Literal' && typeof from.value === 'number') ? from.value : undefined;
  return call.arguments.length === 2 && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** How one `arguments` reference is used, or why it cannot follow a rest parameter. */
function classify(ref: ASTPath<any>): Use | string {
  const parent = ref.parent.node;
  const slice = sliceOf(parent, ref.node);
  if (slice !== undefined) return { kind: 'slice', path: ref.parent, from: slice };
  if (parent.type === 'CallExpression' && parent.arguments[1] === ref.node && parent.arguments.length === 2 && propertyName(parent.callee) === 'apply') {
    return { kind: 'apply', path: ref };
  }
  if (parent.type === 'MemberExpression' && parent.object === ref.node) {
    const grand = ref.parent.parent.node;
    const written = (grand.type === 'AssignmentExpression' && grand.left === parent) || grand.type === 'UpdateExpression' || (grand.type === 'UnaryExpression' && grand.operator === 'delete');
    if (written) return 'it writes to arguments';
    if (!parent.computed && propertyName(parent) === 'length') return { kind: 'length', path: ref };
    if (parent.computed) return { kind: 'index', path: ref };
    return `it reads arguments.${propertyName(parent) ?? '?'}`;
  }
  return 'it hands arguments on as a value (an array is not an arguments object)';
}

function toRest(j: JSCodeshift, fn: ASTPath<any>, refs: ASTPath<any>[], molt: SiteReporter): boolean {
  const node = fn.node;
  const decline = (why: string): false => {
    molt.declined('MOLT025', lineOf(node), `arguments kept: ${why}`);
    return false;
  };
  // estree: an accessor is a FunctionExpression under a Property or MethodDefinition of kind get/set
  const holder = fn.parent?.node;
  const accessor = (k: unknown): boolean => k === 'get' || k === 'set';
  if (accessor(node.kind) || ((holder?.type === 'Property' || holder?.type === 'MethodDefinition') && holder.value === node && accessor(holder.kind))) {
    return decline('the function is a getter or setter');
  }
  if (node.params.some((p: any) => p.type !== 'Identifier')) return decline('the function has default, rest or destructured parameters');
  const body = node.body.body as any[];
  if (body.some((s: any) => s.type === 'ExpressionStatement' && s.directive === 'use strict') || (node.body.directives ?? []).some((d: any) => d.value.value === 'use strict')) {
    return decline('its body says "use strict", which a function with a rest parameter may not');
  }
  const named = node.params.length;
  const uses: Use[] = [];
  for (const ref of refs) {
    const use = classify(ref);
    if (typeof use === 'string') return decline(use);
    if (named > 0 && (use.kind === 'length' || use.kind === 'index' || use.kind === 'apply')) {
      return decline(`it reads arguments.${use.kind === 'index' ? '[i]' : use.kind} beside ${named} named parameter(s), which the rest parameter would not count`);
    }
    if (use.kind === 'slice' && named > 0 && use.from !== named) return decline(`it slices arguments from ${use.from}, and the rest parameter starts at ${named}`);
    uses.push(use);
  }

  // `var parts = <slice from the start>` as the first statement and the only use: parts becomes the rest parameter.
  // Otherwise each slice stays a copy of its own (args.slice()), as it was, and the rest reads args itself.
  const first = body[0];
  const firstDecl = first?.type === 'VariableDeclaration' && first.declarations.length === 1 ? first.declarations[0] : null;
  const sole = uses.length === 1 ? uses[0] : undefined;
  const adopted = firstDecl?.id.type === 'Identifier' && sole?.kind === 'slice' && sole.path.node === firstDecl.init && sole.from === named ? firstDecl.id.name : null;
  const name = adopted ?? freeName(j, fn.get('body'), 'args');
  for (const use of uses) {
    if (adopted) break;
    if (use.kind === 'slice') {
      const sole = uses.length === 1 && use.from === named;
      const from = use.from === named ? [] : [j.numericLiteral(use.from - named)];
      use.path.replace(sole ? j.identifier(name) : j.callExpression(j.memberExpression(j.identifier(name), j.identifier('slice')), from));
    } else {
      use.path.replace(j.identifier(name));
    }
  }
  if (adopted) body.shift();
  node.params.push(j.restElement(j.identifier(name)));
  return true;
}

/** data properties only: no accessors, no methods, no __proto__ key (which sets the prototype in a literal) */
function isPlain(literal: any): boolean {
  return literal.properties.every(
    (p: any) => (p.type === 'ObjectProperty' || p.type === 'Property') && p.kind !== 'get' && p.kind !== 'set' && !p.method && (p.computed || propertyName(p) !== '__proto__'),
  );
}

/** Object.assign({ plain literal }, a, b) → { …literal, ...a, ...b } */
function assignToSpread(j: JSCodeshift, call: ASTPath<any>, molt: SiteReporter): boolean {
  const { callee, arguments: args } = call.node;
  const isAssign = callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'Object' && propertyName(callee) === 'assign';
  if (!isAssign || call.scope?.lookup('Object')) return false;
  const [target, ...sources] = args;
  if (target?.type !== 'ObjectExpression' || sources.length === 0) return false;
  if (!isPlain(target) || sources.some((s: any) => s.type === 'SpreadElement')) {
    molt.declined('MOLT026', lineOf(call.node), 'Object.assign kept: its target literal has accessors, methods or a __proto__ key, or a source is spread from a list');
    return false;
  }
  // a source that is itself a plain literal gives its properties as they are: { a: 1, ...{ b: 2 } } is { a: 1, b: 2 }
  const parts = sources.flatMap((s: any) => (s.type === 'ObjectExpression' && isPlain(s) ? s.properties : [j.spreadElement(s)]));
  call.replace(j.objectExpression([...target.properties, ...parts]));
  return true;
}

export default transform;
