/**
 * Sloppy-mode checks: an ES module is strict code, and its top level is not CommonJS's function
 * wrapper. A top-level this, arguments or return (MOLT050, MOLT051), an assignment to an undeclared
 * variable, arguments.callee, or a function that uses `this` and is called without a receiver
 * (MOLT058) would change meaning or throw, so the file stays CommonJS.
 */
import type { Converter } from './converter.js';
import { CJS_NAMES, DEFERRED, THIS_SCOPES, memberName, type N } from './syntax.js';

/** top-level this / arguments / return, and implicit globals: the file stays CommonJS */
export function checkSloppyMode(c: Converter): void {
  const implicit = (node: N): void => {
    if (node?.type !== 'Identifier' || c.idWhere.get(node) !== 'free') return;
    if (CJS_NAMES.has(node.name) || node.name === 'arguments' || node.name in globalThis) return;
    c.decline(
      'MOLT058',
      node,
      `assigns to the undeclared variable ${node.name}: an ES module is strict code, where that throws`,
    );
  };
  // one walk over the tree: `depth` counts the functions around a node, `owner` is the one that gives `this`
  const usesThis = new Set<N>();
  const plainCalls = new Set<string>();
  const walk = (n: N, depth: number, owner: N): void => {
    if (!n || typeof n.type !== 'string') return;
    switch (n.type) {
      case 'ThisExpression':
        if (!owner)
          c.decline(
            'MOLT050',
            n,
            '`this` at the top level is module.exports in CommonJS and undefined in an ES module',
          );
        else usesThis.add(owner);
        break;
      case 'Identifier':
        if (n.name === 'arguments' && !owner && c.idWhere.has(n))
          c.decline('MOLT050', n, "`arguments` at the top level is the CommonJS wrapper's arguments");
        break;
      case 'MemberExpression':
        if (n.object.type === 'Identifier' && n.object.name === 'arguments' && memberName(n) === 'callee') {
          c.decline('MOLT058', n, 'arguments.callee throws in strict code, and an ES module is strict');
        }
        break;
      case 'CallExpression':
        if (n.callee.type === 'Identifier') plainCalls.add(n.callee.name);
        break;
      case 'ReturnStatement':
        if (!depth) c.decline('MOLT051', n, 'a top-level return is allowed in CommonJS, not in an ES module');
        break;
      case 'AssignmentExpression':
        implicit(n.left);
        break;
      case 'UpdateExpression':
        implicit(n.argument);
        break;
      case 'ForInStatement':
      case 'ForOfStatement':
        implicit(n.left);
        break;
    }
    const inner = DEFERRED.has(n.type) ? depth + 1 : depth;
    const innerOwner = THIS_SCOPES.has(n.type) ? n : owner;
    for (const key of Object.keys(n)) {
      if (key === 'loc' || key === 'comments' || key === 'tokens') continue;
      const v = n[key];
      if (Array.isArray(v)) for (const x of v) walk(x, inner, innerOwner);
      else if (v && typeof v === 'object' && typeof v.type === 'string') walk(v, inner, innerOwner);
    }
  };
  walk(c.program, 0, null);
  // function f() { this… } called as f(): `this` is the global object in sloppy code, undefined in a module
  for (const fn of usesThis) {
    if (fn.type === 'FunctionDeclaration' && fn.id && plainCalls.has(fn.id.name)) {
      c.decline(
        'MOLT058',
        fn,
        `${fn.id.name}() uses \`this\` and is called without a receiver: that \`this\` is the global object in sloppy CommonJS code and undefined in an ES module`,
      );
    }
  }
}
