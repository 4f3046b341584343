/**
 * module.exports / exports shape analysis: which top-level assignments build the exports, which
 * uses decline the file (MOLT051: exports reassigned alone, module.exports assigned twice or inside
 * code, properties set before it is replaced), and how the exports are written: a single value, an
 * object literal, properties on {} or on a function, or one aliased object (MOLT151).
 */
import type { ASTPath } from 'jscodeshift';
import type { Converter } from './converter.js';
import type { Base } from './model.js';
import { pure } from './purity.js';
import { DEFERRED, hasAncestor, memberName, propKey, type N } from './syntax.js';

/** module.exports = …, exports.x = …: picks how exports are written */
export function planExports(c: Converter): void {
  const bases: Base[] = [];
  const siteRefs = new Set<N>();
  const otherRefs: { node: N; path: ASTPath; viaExports: boolean }[] = [];
  for (const ref of c.exportRefs) {
    const parent = ref.path.parent?.node as N;
    // module.exports = X / module.exports = exports = X / exports = module.exports = X
    if (parent?.type === 'AssignmentExpression' && parent.operator === '=' && parent.left === ref.node) {
      let outer: N = parent;
      let outerPath = ref.path.parent as ASTPath;
      const up = outerPath.parent?.node as N;
      if (up?.type === 'AssignmentExpression' && up.operator === '=' && up.right === parent) {
        outer = up;
        outerPath = outerPath.parent as ASTPath;
      }
      const chain = [outer, outer.right].filter((a: N) => a?.type === 'AssignmentExpression' && a.operator === '=');
      const lefts = chain.map((a: N) => a.left);
      const hasModule = lefts.some((l: N) => l.type === 'MemberExpression');
      const hasExports = lefts.some((l: N) => l.type === 'Identifier');
      if (!hasModule) {
        c.decline('MOLT051', ref.node, '`exports` reassigned without module.exports: the new value is not exported');
        continue;
      }
      if (!ref.viaExports) {
        const stmt = outerPath.parent?.node as N;
        const value = chain.length === 2 ? outer.right.right : outer.right;
        if (
          stmt?.type !== 'ExpressionStatement' ||
          stmt.expression !== outer ||
          (outerPath.parent?.parent?.node as N)?.type !== 'Program'
        ) {
          c.decline('MOLT051', ref.node, 'module.exports assigned inside a function, a condition or an expression');
        } else {
          bases.push({ stmt, value, aliasesExports: hasExports });
        }
      }
      siteRefs.add(ref.node);
      continue;
    }
    // module.exports.k = v / exports.k = v as a top-level statement
    const key = memberName(parent);
    const assign = ref.path.parent?.parent?.node as N;
    const stmt = ref.path.parent?.parent?.parent?.node as N;
    if (
      key !== null &&
      parent.object === ref.node &&
      assign?.type === 'AssignmentExpression' &&
      assign.operator === '=' &&
      assign.left === parent &&
      stmt?.type === 'ExpressionStatement' &&
      stmt.expression === assign &&
      (ref.path.parent?.parent?.parent?.parent?.node as N)?.type === 'Program'
    ) {
      c.sites.push({ stmt, key, value: assign.right, viaExports: ref.viaExports });
      siteRefs.add(ref.node);
      continue;
    }
    otherRefs.push(ref);
  }
  if (bases.length > 1) {
    c.decline('MOLT051', bases[1]!.stmt, 'module.exports is assigned more than once');
    return;
  }
  const base = bases[0] ?? null;
  c.base = base;
  if (base) {
    for (const site of c.sites) {
      if (site.stmt.start < base.stmt.start) {
        c.decline(
          'MOLT051',
          site.stmt,
          `exports.${site.key} is set before module.exports is replaced, so CommonJS loses it`,
        );
      } else if (site.viaExports && !base.aliasesExports) {
        c.decline(
          'MOLT051',
          site.stmt,
          `exports.${site.key} is set after module.exports was replaced: CommonJS does not export it`,
        );
      }
    }
    for (const ref of otherRefs) {
      if (ref.viaExports && !base.aliasesExports) {
        c.decline(
          'MOLT051',
          ref.node,
          '`exports` is used after module.exports was replaced: it is no longer the exported object',
        );
      } else if (ref.node.start < base.value.end && !hasAncestor(ref.path, DEFERRED)) {
        c.decline('MOLT051', ref.node, 'module.exports is used before it is replaced');
      }
    }
  }
  if (c.fileIssues.length) return;
  if (!base && !c.sites.length && !otherRefs.length) {
    c.mode = 'none';
    return;
  }
  const keys = [
    ...(base?.value.type === 'ObjectExpression'
      ? base.value.properties.map((p: N) => (p.type === 'Property' && !p.computed ? propKey(p) : null))
      : []),
    ...c.sites.map((s) => s.key),
  ];
  const distinct = keys.every((k) => k !== null) && new Set(keys).size === keys.length;
  if (otherRefs.length) {
    c.mode = 'alias';
  } else if (!base) {
    c.mode = distinct ? 'props' : 'alias';
  } else if (base.value.type === 'ObjectExpression') {
    c.mode = !c.sites.length || distinct ? 'object' : 'alias';
  } else if (!c.sites.length) {
    c.mode = 'single';
  } else {
    c.mode = distinct && functionBaseOk(c, base) ? 'function' : 'alias';
  }
  if (c.mode === 'alias') {
    const message = otherRefs.length
      ? 'module.exports is read or changed after it is set up, so it stays one object: a default export, no named exports'
      : 'module.exports gets properties molt does not split into named exports (a key set twice, a value other than a function or an object literal, or code in between that may look at it): a default export, no named exports';
    c.note('MOLT151', base?.stmt ?? c.sites[0]?.stmt ?? otherRefs[0]!.node, message);
  }
}

/**
 * module.exports = fn; module.exports.x = …: the properties are put on fn at
 * the last of these statements; nothing may look at fn in between
 */
function functionBaseOk(c: Converter, base: Base): boolean {
  const v = base.value;
  let name: string | null = null;
  if (v.type === 'FunctionExpression' || v.type === 'ClassExpression' || v.type === 'ArrowFunctionExpression') {
    name = v.id?.name ?? null;
  } else if (
    v.type === 'Identifier' &&
    c.topNames.has(v.name) &&
    c.stable(v.name) &&
    (c.isFunctionDecl(v.name) || c.holdsFunction(v.name, base.stmt.start))
  ) {
    name = v.name;
  } else {
    return false;
  }
  const last = c.sites[c.sites.length - 1]!.stmt;
  const body = c.program.body as N[];
  for (const stmt of body) {
    if (stmt.start <= base.stmt.start || stmt.start >= last.start) continue;
    if (c.sites.some((s) => s.stmt === stmt)) continue;
    if (stmt.type === 'FunctionDeclaration') continue;
    if (stmt.type === 'VariableDeclaration' && stmt.declarations.every((d: N) => !d.init || pure(c, d.init))) continue;
    return false;
  }
  if (name && v.type === 'Identifier') {
    const reads = c
      .loadTimeReads(name, [base.stmt, ...c.sites.map((s) => s.stmt)])
      .filter((n) => n.start > base.stmt.start);
    if (reads.length) return false;
  }
  return true;
}
