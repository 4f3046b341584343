/**
 * Who calls the function being converted. An async function returns a native Promise and cannot be
 * constructed, so callers in this file (or, through foreign-callers, in the package) that use a
 * bluebird-only method on its result, or `new`, decline it (MOLT041, MOLT049). A function handed
 * straight to bluebird is a known consumer: its throws already become rejections.
 */
import type { ASTPath } from 'jscodeshift';
import { lineOf } from '../../ast.js';
import type { ConverterBase } from './converter-base.js';
import type { FileFacts } from './file-facts.js';
import { exportNames, foreignMisuse } from './foreign-callers.js';
import { BLUEBIRD_HANDLER_STATICS, NATIVE_METHODS } from './known-names.js';
import { isNameUse, walk, type N } from './syntax.js';

/** the names a function can be called by in this file */
export function namesOf(path: ASTPath): string[] {
  const fn: N = path.node;
  const parent: N = path.parent?.node;
  if (fn.type === 'FunctionDeclaration' && fn.id) return [fn.id.name];
  if (!parent) return [];
  if (parent.type === 'VariableDeclarator' && parent.init === fn && parent.id.type === 'Identifier')
    return [parent.id.name];
  if (parent.type === 'AssignmentExpression' && parent.right === fn) {
    if (parent.left.type === 'Identifier') return [parent.left.name];
    if (parent.left.type === 'MemberExpression' && !parent.left.computed) return [parent.left.property.name];
  }
  if (
    (parent.type === 'Property' || parent.type === 'ObjectProperty' || parent.type === 'MethodDefinition') &&
    !parent.computed
  ) {
    const k = parent.key;
    const name = k.type === 'Identifier' ? k.name : typeof k.value === 'string' ? k.value : null;
    return name ? [name] : [];
  }
  return [];
}

/**
 * Is the function bound to the name it is called by (a declaration, a variable, `name = function …`), rather than
 * a property or a method of something?
 */
export function boundByName(path: ASTPath): boolean {
  const parent: N = path.parent?.node;
  return path.node.type === 'FunctionDeclaration' || parent?.type === 'VariableDeclarator' || (parent?.type === 'AssignmentExpression' && parent.left.type === 'Identifier');
}

/** a function handed straight to bluebird (a chain handler or Promise.map/each/try...): its throws already become rejections */
export function knownConsumer(path: ASTPath, f: FileFacts): boolean {
  const parent: N = path.parent?.node;
  if (parent?.type !== 'CallExpression' || !parent.arguments.includes(path.node)) return false;
  const c = parent.callee;
  if (c.type !== 'MemberExpression' || c.computed || c.property.type !== 'Identifier') return false;
  const m = c.property.name;
  const at = parent.arguments.indexOf(path.node);
  // only bluebird (or another promise library that adopts native promises) will do: a file that
  // never requires bluebird may be chaining jQuery deferreds, which would not wait for the result
  if (!f.bluebird) return false;
  if (m === 'then' || m === 'spread' || m === 'tap' || m === 'finally' || m === 'lastly') return at <= 1;
  if (m === 'catch' || m === 'caught') return at === parent.arguments.length - 1;
  return c.object.type === 'Identifier' && c.object.name === f.bluebird && BLUEBIRD_HANDLER_STATICS.has(m);
}

/** same-file callers that need a bluebird promise, or `new` */
export function checkCallers(cx: ConverterBase): void {
  const j = cx.j;
  const names = new Set(namesOf(cx.fnPath));
  if (!names.size) return;
  const holders = new Set<string>();
  const bad: string[] = [];
  const judge = (p: ASTPath, what: string) => {
    const parent = p.parent?.node;
    if (parent?.type === 'MemberExpression' && parent.object === p.node && !parent.computed) {
      const m = parent.property.name;
      const call = p.parent.parent?.node;
      const isCall = call?.type === 'CallExpression' && call.callee === parent;
      if (!NATIVE_METHODS.has(m) || (m === 'catch' && isCall && call.arguments.length > 1))
        bad.push(`${what}.${m}(...) at line ${lineOf(p.node)}`);
    }
    if (parent?.type === 'VariableDeclarator' && parent.init === p.node && parent.id.type === 'Identifier')
      holders.add(parent.id.name);
  };
  // a function bound to its name is not what another module's object calls: `chat.typing(...)` in the `typing`
  // handler is the chat module's
  const bound = boundByName(cx.fnPath);
  cx.f.scan().calls.forEach((p: ASTPath<any>) => {
    const c = p.node.callee;
    const name =
      c.type === 'Identifier'
        ? c.name
        : c.type === 'MemberExpression' && !c.computed && c.property.type === 'Identifier'
          ? c.property.name
          : null;
    const imported = c.type === 'MemberExpression' && c.object.type === 'Identifier' && cx.f.requires.has(c.object.name);
    if (name && names.has(name) && !(bound && imported)) judge(p, `${name}(...)`);
  });
  if (holders.size) {
    j(cx.f.file)
      .find(j.Identifier)
      .forEach((p: ASTPath<any>) => {
        if (holders.has(p.node.name) && isNameUse(p.parent?.node, p.name as string)) judge(p, p.node.name);
      });
  }
  if (bad.length)
    cx.decline('MOLT041', `callers in this file use methods a native Promise lacks: ${bad.slice(0, 3).join(', ')}`);
  const foreign = foreignMisuse(cx.j, cx.f.filePath, exportNames(cx.f.program, names));
  if (foreign.length) {
    cx.decline(
      'MOLT041',
      `callers in other modules use methods a native Promise lacks on its result: ${foreign.slice(0, 3).join(', ')}`,
    );
  }
  let constructed = false;
  walk(cx.f.program, (n) => {
    if (n.type === 'NewExpression' && n.callee.type === 'Identifier' && names.has(n.callee.name)) constructed = true;
    if (
      n.type === 'MemberExpression' &&
      n.object.type === 'Identifier' &&
      names.has(n.object.name) &&
      !n.computed &&
      n.property.name === 'prototype'
    )
      constructed = true;
  });
  if (constructed)
    cx.decline('MOLT049', 'used with `new` or through its prototype; async functions are not constructors');
}
