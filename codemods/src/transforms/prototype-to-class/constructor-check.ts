import { refuse, textOf, type Candidate, type Context, type Refusal } from './model.js';
import {
  ALL_FUNCTIONS,
  hasReturn,
  isIdent,
  isMember,
  isSideEffectFree,
  returnsValue,
  scopeOf,
  some,
  usesThis,
  type AnyNode,
} from './syntax.js';

const notIntoFunctions = (n: AnyNode) => !ALL_FUNCTIONS.has(n.type);

/**
 * The constructor body as a class constructor: it must not return a value,
 * and with a parent, `Parent.call(this, …)` must be a statement of its own
 * that runs first for `this` (it becomes super(), which creates `this`).
 */
export function checkConstructor(ctx: Context, cand: Candidate): Refusal | undefined {
  const name = cand.name;
  const body = (cand.decl.node as AnyNode).body;
  const returned = returnsValue(body);
  if (returned) {
    const guard = some(
      body,
      (n) => n.type === 'BinaryExpression' && n.operator === 'instanceof' && n.left.type === 'ThisExpression',
      notIntoFunctions,
    );
    if (guard)
      return refuse(
        'MOLT030',
        returned,
        `${name} works without new (this instanceof guard); a class throws when called without new`,
      );
    return refuse('MOLT033', returned, `${name}'s constructor returns a value`);
  }
  return cand.parent ? findSuperCall(ctx, cand) : undefined;
}

function findSuperCall(ctx: Context, cand: Candidate): Refusal | undefined {
  const { j } = ctx;
  const parent = cand.parent!;
  const name = cand.name;
  const fn = cand.decl.node as AnyNode;
  const statements: AnyNode[] = fn.body.body;
  const calls: AnyNode[] = [];
  some(fn.body, (n) => {
    const callee = n.type === 'CallExpression' ? n.callee : undefined;
    const method = callee?.type === 'MemberExpression' && !callee.computed ? callee.property.name : undefined;
    if ((method === 'call' || method === 'apply') && textOf(ctx, callee.object) === parent.text) calls.push(n);
    return false;
  });
  const call = calls[0];
  if (!call)
    return refuse(
      'MOLT031',
      fn,
      `${name} never calls ${parent.text}.call(this, …); super() would run ${parent.text} where it did not run`,
    );
  const method = call.callee.property.name;
  const site = `${parent.text}.${method}(this, …)`;
  if (calls.length > 1)
    return refuse('MOLT031', calls[1], `${name} calls ${parent.text} more than once; super() runs once`);
  const index = statements.findIndex((s) => s.type === 'ExpressionStatement' && s.expression === call);
  if (index < 0)
    return refuse(
      'MOLT031',
      call,
      `${site} is conditional or nested; super() must run exactly once before this is used`,
    );
  const [self, ...rest] = call.arguments;
  if (self?.type !== 'ThisExpression') return refuse('MOLT031', call, `${parent.text}.${method} is not called on this`);
  for (const stmt of statements.slice(0, index)) {
    if (usesThis(stmt)) return refuse('MOLT031', stmt, `this is used before ${site}; super() must come first`);
    if (hasReturn(stmt))
      return refuse('MOLT031', stmt, `${name} may return before ${site}; a class constructor must call super()`);
  }
  let args: AnyNode[] = rest;
  if (method === 'apply') {
    const ownArguments = rest.length === 1 && isIdent(rest[0], 'arguments') && !scopeOf(cand.decl)?.lookup('arguments');
    if (rest.length > 1 || (rest.length === 1 && !ownArguments))
      return refuse('MOLT031', call, `${parent.text}.apply(this, …) is given something other than arguments`);
    args = rest.length ? [j.spreadElement(j.identifier('arguments'))] : [];
  }
  if (rest.some(usesThis))
    return refuse('MOLT031', call, `${site} passes this in its arguments; super() must come first`);
  if (parent.isError) {
    const refusal = checkErrorSubclass(cand, statements.slice(index + 1), rest, site);
    if (refusal) return refusal;
    // Error.call(this, msg) never set this.message; super(msg) would, as a non-enumerable own property
    args = [];
  }
  cand.superCall = { stmt: cand.decl.get('body', 'body', index), call, args };
  return undefined;
}

/**
 * `Error.call(this)` returns a fresh error and leaves `this` a plain object;
 * `super()` makes `this` the error and gives it an own `stack`. Equal own
 * properties need the constructor to set message itself and capture the stack.
 */
function checkErrorSubclass(cand: Candidate, after: AnyNode[], args: AnyNode[], site: string): Refusal | undefined {
  const name = cand.name;
  const fn = cand.decl.node;
  const isThis = (n: AnyNode) => n.type === 'ThisExpression';
  if (!args.every(isSideEffectFree))
    return refuse('MOLT037', fn, `the arguments of ${site} have side effects; super() must not take them`);
  const setsMessage = after.some(
    (s) =>
      s.type === 'ExpressionStatement' &&
      s.expression.type === 'AssignmentExpression' &&
      s.expression.operator === '=' &&
      isMember(s.expression.left, isThis, 'message'),
  );
  if (!setsMessage) return refuse('MOLT037', fn, `${name} does not set this.message itself after ${site}`);
  const capturesStack = after.some((s) =>
    some(
      s,
      (n) =>
        n.type === 'CallExpression' &&
        isMember(n.callee, (o) => isIdent(o, 'Error'), 'captureStackTrace') &&
        isThis(n.arguments[0] ?? {}),
      notIntoFunctions,
    ),
  );
  if (!capturesStack)
    return refuse(
      'MOLT037',
      fn,
      `${name} does not call Error.captureStackTrace(this, …): super() would give it an own stack it did not have`,
    );
  return undefined;
}
