/**
 * Import emission for the requires that convert: a JSON file's require stays one (MOLT152), a bare
 * `require('x');` becomes `import 'x'`, declarations go to require-declarations.ts, and a require
 * inside other top-level code becomes a hoisted import whose binding replaces the call. Requires of
 * local modules that require this file back while they load are circular: a note (MOLT056), or the
 * file declines (MOLT057) when it uses such a module while the modules load.
 */
import { lineOf } from '../../ast.js';
import { cycleThrough, shown } from './cycles.js';
import type { Emitter } from './emitter.js';
import type { Issue, RequireSite } from './model.js';
import { namedPlan } from './named-exports.js';
import { emitDeclaration, type ReadsOf } from './require-declarations.js';
import { DEFERRED, hasAncestor, propKey, type N } from './syntax.js';

/** rewrites the converted requires; a MOLT057 decline when the file must stay CommonJS */
export function emitRequires(em: Emitter): Issue | null {
  const { c, abs, edits, hoisted, tops, headerStmts } = em;
  // a local require that names a JSON file stays a require
  for (const site of c.requireSites) {
    if (site.convert && em.target(site.spec).json) {
      site.convert = false;
      c.keep(
        site.call,
        'MOLT152',
        `require('${site.spec}') of a JSON file kept through createRequire (an import would need \`with { type: 'json' }\`)`,
      );
      em.needRequire = true;
    }
  }
  const body = c.program.body as N[];
  const sitesByStmt = new Map<N, RequireSite[]>();
  for (const s of c.requireSites) sitesByStmt.set(s.stmt, [...(sitesByStmt.get(s.stmt) ?? []), s]);
  // names the exports will declare are not for imports
  const plan = namedPlan(c);
  for (const entry of plan) if (entry.how !== 'binding') c.claim(entry.key);
  const cycles = findCycles(em);

  const topRead = new Map<string, N[]>(); // spec → load-time reads of what it gave
  const readsOf: ReadsOf = (spec, nodes) => {
    if (nodes.length) topRead.set(spec, [...(topRead.get(spec) ?? []), ...nodes]);
  };

  // the conversion of each top-level statement that holds converted requires
  for (const stmt of body) {
    const sites = (sitesByStmt.get(stmt) ?? []).filter((s) => s.convert);
    if (!sites.length) continue;
    if (stmt.type === 'ExpressionStatement' && stmt.expression === sites[0]!.call) {
      const site = sites[0]!;
      const t = em.target(site.spec);
      tops.push({ start: stmt.start, end: stmt.end, text: em.printImport({ spec: t.spec }) });
      headerStmts.add(stmt);
      em.rewrote++;
      continue;
    }
    const handled = new Set<N>();
    if (stmt.type === 'VariableDeclaration') emitDeclaration(em, stmt, sites, handled, readsOf);
    // requires inside other code: an import at the top, the call replaced by its binding
    for (const site of sites) {
      if (handled.has(site.call)) continue;
      em.rewrote++;
      const parent = site.path.parent?.node as N;
      const key =
        parent?.type === 'Property' && parent.value === site.call && !parent.computed && !parent.method
          ? propKey(parent)
          : null;
      const { name, decl } = em.moduleBinding(site.spec, key ?? undefined);
      if (decl) hoisted.push(em.printImport(decl));
      if (key === name && parent.key.type === 'Identifier') edits.leaf(parent.start, parent.end, name);
      else edits.leaf(site.call.start, site.call.end, name);
      readsOf(site.spec, [site.call]);
    }
  }

  // a circular import read while loading: ESM gives a TDZ error or a different value
  for (const [spec, chain] of cycles) {
    const reads = topRead.get(spec);
    const ring = chain.map((p) => shown(p, abs!)).join(' → ');
    const site = c.requireSites.find((s) => s.spec === spec)!;
    if (reads?.length && site.convert) {
      return {
        code: 'MOLT057',
        line: lineOf(reads[0]),
        message: `file left as CommonJS: circular require ${ring}, and line ${lineOf(reads[0])} uses '${spec}' while the modules load`,
      };
    }
    c.note(
      'MOLT056',
      site.call,
      `circular require ${ring}: imports are hoisted and bindings are live, so the modules may now load in another order; check that neither uses the other at load time`,
    );
  }
  return null;
}

/** local modules that require this one back while they load: spec → the chain of files */
function findCycles(em: Emitter): Map<string, string[]> {
  const { c, j, abs } = em;
  const cycles = new Map<string, string[]>();
  if (abs) {
    for (const site of c.requireSites) {
      if (hasAncestor(site.path, DEFERRED) || !(site.spec.startsWith('.') || site.spec.startsWith('/'))) continue;
      const t = em.target(site.spec);
      if (t.kind !== 'local' || !t.abs || cycles.has(site.spec)) continue;
      const chain = cycleThrough(j, abs, t.abs);
      if (chain) cycles.set(site.spec, [abs, ...chain]);
    }
  }
  return cycles;
}
