import type { ASTPath, JSCodeshift } from 'jscodeshift';
import { addNamedImport, lineOf, moduleBinding, moduleFreeName } from '../ast.js';
import type { Transform } from '../unit.js';

// any: babel's estree nodes are told apart by `type`, which ast-types' unions do not narrow

/**
 * bluebird's promisifyAll → util.promisify at the call sites molt can see through:
 *
 *   Promise.promisifyAll(Datastore.prototype);     (kept: other modules may call its …Async methods)
 *   const store = new Datastore(options);
 *   await store.loadDatabaseAsync();               await promisify(store.loadDatabase).call(store);
 *
 * A site is rewritten when its receiver is a variable that only ever holds `new X(…)` of a class whose
 * prototype was promisified in the file, the method is not one the file defines itself under its Async name,
 * and the promise is awaited (so nothing calls a bluebird-only method on it). Like bluebird, util.promisify
 * reads the method when it is called, calls it with the receiver as `this`, resolves with the callback's first
 * value and turns a synchronous throw into a rejection. Other …Async sites are declined with a code; the
 * promisifyAll call stays, with a note of why (MOLT066), while any …Async call may still need it.
 */
const transform: Transform = (file, api, { molt }) => {
  const j = api.jscodeshift;
  const root = j(file.source);
  const bluebird = moduleBinding(j, root, 'bluebird')?.name;
  if (!bluebird) return undefined;
  const classes = promisifiedClasses(j, root, bluebird);
  if (!classes.size) return undefined;
  const ownAsync = ownAsyncNames(j, root);
  const instances = instancesOf(j, root, classes);

  let rewritten = 0;
  let promisify: string | null = null;
  root
    .find(j.CallExpression, { callee: { type: 'MemberExpression', computed: false } })
    .filter((p: ASTPath<any>) => /^\w+Async$/.test(p.node.callee.property.name ?? ''))
    .forEach((p: ASTPath<any>) => {
      const callee = p.node.callee;
      const method = callee.property.name.slice(0, -'Async'.length);
      const receiver = callee.object;
      const line = lineOf(p.node);
      if (
        receiver.type !== 'Identifier' ||
        !instances.has(receiver.name) ||
        (p.get('callee', 'object') as any).scope?.lookup(receiver.name) !== instances.get(receiver.name)
      ) {
        molt.declined(
          'MOLT065',
          line,
          `${method}Async: its receiver is not a variable that only holds a new instance of a promisified class here (its type is known in another module, or not at all)`,
        );
        return;
      }
      if (ownAsync.has(callee.property.name)) {
        molt.declined(
          'MOLT065',
          line,
          `${method}Async: the file defines ${callee.property.name} itself, so it is no promisified method`,
        );
        return;
      }
      if (p.parent.node.type !== 'AwaitExpression') {
        molt.declined(
          'MOLT065',
          line,
          `${method}Async: its promise is not awaited, so something may call a bluebird-only method on it`,
        );
        return;
      }
      // a module-level import: its name must be free in the whole file, not just where it is first used
      promisify ??= moduleFreeName(j, root, 'promisify');
      p.replace(
        j.callExpression(
          j.memberExpression(
            j.callExpression(j.identifier(promisify), [
              j.memberExpression(j.identifier(receiver.name), j.identifier(method)),
            ]),
            j.identifier('call'),
          ),
          [j.identifier(receiver.name), ...p.node.arguments],
        ),
      );
      rewritten += 1;
    });

  const left = root
    .find(j.CallExpression, { callee: { type: 'MemberExpression', property: { type: 'Identifier' } } })
    .filter(
      (p: ASTPath<any>) => /^\w+Async$/.test(p.node.callee.property.name) && !ownAsync.has(p.node.callee.property.name),
    )
    .size();
  for (const [, call] of classes) {
    molt.declined(
      'MOLT066',
      lineOf(call.node),
      `promisifyAll kept: ${left} …Async call(s) left in this file, and other modules may call its …Async methods`,
    );
  }
  if (!rewritten || !promisify) return undefined;
  const program = root.find(j.Program).paths()[0]!.node;
  const isModule = program.body.some((s: any) => s.type === 'ImportDeclaration' || s.type.startsWith('Export'));
  addNamedImport(j, root, { imported: 'promisify', local: promisify, esm: 'node:util', cjs: 'util', isModule });
  molt.rewrote(rewritten);
  return root.toSource({ quote: 'single' });
};

/** `B.promisifyAll(X.prototype)` at the top level → X (or `redis.RedisClient`), with the call */
function promisifiedClasses(
  j: JSCodeshift,
  root: ReturnType<JSCodeshift>,
  bluebird: string,
): Map<string, ASTPath<any>> {
  const found = new Map<string, ASTPath<any>>();
  root
    .find(j.CallExpression, {
      callee: {
        type: 'MemberExpression',
        object: { type: 'Identifier', name: bluebird },
        property: { name: 'promisifyAll' },
      },
    })
    .forEach((p: ASTPath<any>) => {
      const [target] = p.node.arguments;
      const top = p.parent.node.type === 'ExpressionStatement' && p.parent.parent.node.type === 'Program';
      const cls =
        target?.type === 'MemberExpression' && !target.computed && target.property.name === 'prototype'
          ? className(target.object)
          : null;
      if (top && cls) found.set(cls, p);
    });
  return found;
}

/** `X` or `redis.RedisClient` → its text; anything else → null */
function className(node: any): string | null {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') {
    const object = className(node.object);
    return object && `${object}.${node.property.name}`;
  }
  return null;
}

/** `X.prototype.fooAsync = …`: Async names the file writes itself */
function ownAsyncNames(j: JSCodeshift, root: ReturnType<JSCodeshift>): Set<string> {
  const names = new Set<string>();
  root
    .find(j.AssignmentExpression, { left: { type: 'MemberExpression', property: { type: 'Identifier' } } })
    .forEach((p: ASTPath<any>) => {
      if (/Async$/.test(p.node.left.property.name)) names.add(p.node.left.property.name);
    });
  return names;
}

/**
 * Variables declared `const x = new X(…)` (or let/var never assigned anything else) of a promisified class →
 * the scope that declares them, to tell them from other variables of that name.
 */
function instancesOf(
  j: JSCodeshift,
  root: ReturnType<JSCodeshift>,
  classes: Map<string, unknown>,
): Map<string, unknown> {
  const found = new Map<string, unknown>();
  const reassigned = new Set(
    root
      .find(j.AssignmentExpression, { left: { type: 'Identifier' } })
      .nodes()
      .map((n: any) => n.left.name),
  );
  root
    .find(j.VariableDeclarator, { id: { type: 'Identifier' }, init: { type: 'NewExpression' } })
    .forEach((p: ASTPath<any>) => {
      const name = p.node.id.name;
      const cls = className(p.node.init.callee);
      if (!cls || !classes.has(cls) || reassigned.has(name)) return;
      // a second declaration of the name elsewhere makes the scope check below tell them apart
      found.set(name, p.scope);
    });
  return found;
}

export default transform;
