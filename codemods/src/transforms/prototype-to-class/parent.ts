import type { ASTPath } from 'jscodeshift';
import { refuse, textOf, type Context, type ParentLink, type Refusal } from './model.js';
import {
  NON_ARROW_FUNCTIONS,
  isIdent,
  isStatementList,
  isMember,
  requiredModule,
  returnsValue,
  scopeOf,
  type AnyNode,
  type Scope,
} from './syntax.js';

/** Error.call(this) builds and drops a new error; super() initialises `this` as an error. */
const ERROR_CONSTRUCTORS = new Set([
  'Error',
  'TypeError',
  'RangeError',
  'ReferenceError',
  'SyntaxError',
  'EvalError',
  'URIError',
]);

/** The VariableDeclarator path that declares `name` as seen from `path`, when it is the only declaration. */
function declaratorOf(path: ASTPath, name: string): ASTPath | undefined {
  const bindings = scopeOf(path)?.lookup(name)?.getBindings()[name];
  const binding = bindings?.length === 1 ? bindings[0] : undefined;
  const holder = binding?.parent as ASTPath | undefined;
  return holder?.node.type === 'VariableDeclarator' && (holder.node as AnyNode).id === binding?.node
    ? holder
    : undefined;
}

function isUtilModule(node: AnyNode, path: ASTPath): boolean {
  const name = requiredModule(node, path);
  return name === 'util' || name === 'node:util';
}

/** `util.inherits(…)` / `require('util').inherits(…)` / `inherits(…)` with inherits taken from util. */
export function isInheritsCall(call: AnyNode, path: ASTPath): boolean {
  if (call?.type !== 'CallExpression' || call.arguments.length !== 2) return false;
  const callee = call.callee;
  if (isMember(callee, () => true, 'inherits')) {
    if (isUtilModule(callee.object, path)) return true;
    const holder = isIdent(callee.object) ? declaratorOf(path, callee.object.name) : undefined;
    return !!holder && isUtilModule((holder.node as AnyNode).init, holder);
  }
  if (isIdent(callee)) {
    const holder = declaratorOf(path, callee.name);
    return !!holder && isMember((holder.node as AnyNode).init, (o) => isUtilModule(o, holder), 'inherits');
  }
  return false;
}

function rootName(node: AnyNode): AnyNode | undefined {
  if (isIdent(node)) return node;
  if (node.type === 'MemberExpression' && !node.computed) return rootName(node.object);
  return undefined;
}

function reassigned(ctx: Context, name: string, scope: Scope): boolean {
  const { j } = ctx;
  const writes = [
    ...ctx.root.find(j.AssignmentExpression, { left: { type: 'Identifier', name } }).paths(),
    ...ctx.root.find(j.UpdateExpression, { argument: { type: 'Identifier', name } }).paths(),
  ];
  return writes.some((p) => scopeOf(p)?.lookup(name) === scope);
}

/**
 * What `class X extends <parent>` may name: `extends` reads the parent where the
 * function declaration stood, so the parent must hold its final value by then.
 */
export function resolveParent(ctx: Context, inherits: ASTPath, decl: ASTPath): ParentLink | Refusal {
  const call = (inherits.node as AnyNode).expression;
  const node = call.arguments[1];
  const text = textOf(ctx, node);
  const base = { node, text, isError: false, inherits };
  const root = rootName(node);
  if (!root) return refuse('MOLT031', call, `the parent ${text} is not a plain name`);
  const scope = scopeOf(inherits)?.lookup(root.name);
  if (!scope) {
    if (node === root && ERROR_CONSTRUCTORS.has(root.name)) return { ...base, isError: true };
    return refuse('MOLT031', call, `the parent ${text} is not declared in this file`);
  }
  const bindings = scope.getBindings()[root.name] ?? [];
  const binding = bindings[0];
  if (bindings.length !== 1 || !binding)
    return refuse('MOLT031', call, `the parent ${text} is declared more than once`);
  const holder = binding.parent?.node as AnyNode;
  if (holder?.type === 'FunctionDeclaration' && holder.id === binding.node && node === root) {
    // super() hands back what the parent returns as `this`; Parent.call(this) dropped it
    if (returnsValue(holder.body))
      return refuse('MOLT031', call, `the parent ${text} returns a value, which super() would use as this`);
    return { ...base, localDecl: holder };
  }
  if (holder?.type === 'VariableDeclarator' && holder.id === binding.node) {
    const statement = binding.parent?.parent as ASTPath | undefined;
    if (!isStatementList(statement?.parent) || (statement?.node as AnyNode).end > (decl.node as AnyNode).start) {
      return refuse(
        'MOLT031',
        call,
        `the parent ${text} gets its value after ${(decl.node as AnyNode).id.name} is declared`,
      );
    }
    if (reassigned(ctx, root.name, scope)) return refuse('MOLT031', call, `the parent ${text} is reassigned`);
    const init = holder.init;
    if (init && NON_ARROW_FUNCTIONS.has(init.type) && returnsValue(init.body)) {
      return refuse('MOLT031', call, `the parent ${text} returns a value, which super() would use as this`);
    }
    return base;
  }
  return refuse('MOLT031', call, `the parent ${text} is not a constructor declared in this file`);
}
