/**
 * Require calls, classified: a require with a fixed specifier that runs once, unconditionally, at
 * the top level may become an import, unless code with effects runs before it (an import would run
 * first, MOLT055); lazy, conditional and computed requires, require.main/cache/resolve and require
 * as a value stay require() calls through createRequire (MOLT052, MOLT053, MOLT054, MOLT152).
 * `require.main === module` and `!module.parent` are recorded here for their import.meta form.
 */
import type { ASTPath } from 'jscodeshift';
import { LOOP_TYPES, lineOf } from '../../ast.js';
import type { Converter } from './converter.js';
import type { RequireSite } from './model.js';
import { pureStatement } from './purity.js';
import { DEFERRED, eachChild, hasAncestor, memberName, staticString, topStatement, type N } from './syntax.js';

/**
 * which require calls become imports: in statement order, until code that
 * may have effects runs first (an import would run before it)
 */
export function decideConversions(c: Converter): void {
  const byStmt = new Map<N, RequireSite[]>();
  for (const s of c.requireSites) byStmt.set(s.stmt, [...(byStmt.get(s.stmt) ?? []), s]);
  let effect: N = null;
  for (const stmt of c.program.body as N[]) {
    for (const site of byStmt.get(stmt) ?? []) {
      if (site.keep) continue;
      const earlier = effect ?? effectBefore(c, stmt, site.call);
      if (earlier) {
        site.keep = {
          code: 'MOLT055',
          message: `require('${site.spec}') kept through createRequire: code before it (line ${lineOf(earlier)}) runs first in CommonJS, while an import would run before that code`,
        };
        continue;
      }
      site.convert = true;
    }
    if (!effect && !pureStatement(c, stmt)) effect = stmt;
  }
  for (const site of c.requireSites) if (site.keep) c.keep(site.call, site.keep.code, site.keep.message);
}

/** an effect (a call, an assignment) in `stmt` that runs before `call` */
function effectBefore(c: Converter, stmt: N, call: N): N {
  let found: N = null;
  const visit = (n: N): void => {
    if (found || !n || typeof n.type !== 'string' || n.start >= call.start) return;
    if (DEFERRED.has(n.type)) return;
    const effectful =
      (n.type === 'CallExpression' && !c.requireSites.some((s) => s.call === n)) ||
      n.type === 'NewExpression' ||
      n.type === 'TaggedTemplateExpression' ||
      n.type === 'AssignmentExpression' ||
      n.type === 'UpdateExpression' ||
      n.type === 'AwaitExpression' ||
      n.type === 'YieldExpression' ||
      n.type === 'ImportExpression' ||
      (n.type === 'UnaryExpression' && n.operator === 'delete');
    if (effectful && n.end <= call.start) {
      found = n;
      return;
    }
    eachChild(n, visit);
  };
  visit(stmt);
  return found;
}

/** require.main === module, module === require.main, !module.parent */
export function mainCheckOf(c: Converter, p: ASTPath): boolean {
  const node = p.node as N;
  const parent = p.parent.node as N;
  const isRequireMain = (n: N): boolean =>
    memberName(n) === 'main' && n.object.type === 'Identifier' && n.object.name === 'require' && !c.bindings.require;
  if (parent.type === 'BinaryExpression' && ['===', '==', '!==', '!='].includes(parent.operator)) {
    const other = parent.left === node ? parent.right : parent.left;
    if (isRequireMain(other)) {
      if (!c.mainChecks.some((m) => m.node === parent))
        c.mainChecks.push({
          node: parent,
          path: p.parent as ASTPath,
          negate: parent.operator.startsWith('!'),
          viaParent: false,
        });
      return true;
    }
  }
  if (memberName(parent) === 'parent' && parent.object === node) {
    const grand = p.parent.parent?.node as N;
    if (grand?.type === 'UnaryExpression' && grand.operator === '!') {
      c.mainChecks.push({ node: grand, path: p.parent.parent as ASTPath, negate: false, viaParent: true });
      return true;
    }
  }
  return false;
}

export function classifyRequire(c: Converter, p: ASTPath): void {
  const node = p.node as N;
  const parent = p.parent.node as N;
  if (parent.type === 'CallExpression' && parent.callee === node) {
    const spec = parent.arguments.length === 1 ? staticString(parent.arguments[0]) : null;
    if (spec === null) {
      c.keep(
        parent,
        'MOLT053',
        'require() with a computed specifier kept through createRequire (an import needs a fixed specifier)',
      );
      return;
    }
    const site: RequireSite = {
      call: parent,
      path: p.parent as ASTPath,
      spec,
      stmt: topStatement(p),
      convert: false,
    };
    const where = whereRuns(p.parent as ASTPath);
    if (where !== 'top') {
      site.keep = {
        code: 'MOLT052',
        message: `require('${spec}') ${where} kept through createRequire: a static import would load it eagerly, before this module runs, and make it mandatory`,
      };
    } else if (/\.json$/i.test(spec)) {
      site.keep = {
        code: 'MOLT152',
        message: `require('${spec}') of a JSON file kept through createRequire (an import would need \`with { type: 'json' }\`)`,
      };
    }
    c.requireSites.push(site);
    return;
  }
  const prop = memberName(parent);
  if (prop && parent.object === node) {
    if (prop === 'main') {
      const grand = p.parent.parent?.node as N;
      if (grand?.type === 'BinaryExpression' && ['===', '==', '!==', '!='].includes(grand.operator)) {
        const other = grand.left === parent ? grand.right : grand.left;
        if (other.type === 'Identifier' && other.name === 'module') return; // the module side records it
      }
      c.keep(
        parent,
        'MOLT054',
        'require.main kept through createRequire: it is undefined when the entry point is an ES module',
      );
      return;
    }
    if (prop === 'cache' || prop === 'extensions') {
      c.keep(parent, 'MOLT054', `require.${prop} kept through createRequire: ES modules are not in require.${prop}`);
      return;
    }
    if (prop === 'resolve') {
      c.keep(parent, 'MOLT053', 'require.resolve kept through createRequire');
      return;
    }
  }
  c.keep(node, 'MOLT053', 'require used as a value, kept through createRequire');
}

/** 'top' when a require runs once, unconditionally, while the module loads */
function whereRuns(call: ASTPath): string {
  if (hasAncestor(call, DEFERRED)) return 'inside a function';
  if (hasAncestor(call, new Set(['ClassBody']))) return 'in a class body';
  let child: N = call.node;
  for (let q = call.parent as ASTPath | null; q; q = q.parent as ASTPath | null) {
    const n = q.node as N;
    if (n.type === 'Program') return 'top';
    if (DEFERRED.has(n.type) || n.type === 'ClassBody') return 'inside a function';
    if (n.type === 'IfStatement' && child !== n.test) return 'under a condition';
    if (n.type === 'ConditionalExpression' && child !== n.test) return 'under a condition';
    if (n.type === 'LogicalExpression' && child === n.right) return 'under a condition';
    if (n.type === 'AssignmentExpression' && ['||=', '&&=', '??='].includes(n.operator) && child === n.right)
      return 'under a condition';
    if (n.type === 'AssignmentPattern' && child === n.right) return 'under a condition';
    if (n.type === 'ChainExpression') return 'under a condition';
    if (LOOP_TYPES.has(n.type)) return 'in a loop';
    if (n.type === 'TryStatement' || n.type === 'CatchClause') return 'in a try';
    if (n.type === 'SwitchStatement' && child !== n.discriminant) return 'under a condition';
    child = n;
  }
  return 'top';
}
