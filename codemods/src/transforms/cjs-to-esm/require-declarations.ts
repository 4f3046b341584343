/**
 * A top-level `var`/`let`/`const` that holds converted requires becomes imports: a whole-module
 * binding becomes a default import, `require('x').name` and `{ a, b: c } = require('x')` become
 * named imports where the names are known to exist, and anything else reads from a default import
 * in a declaration of its own. Declarators without requires stay, in order, with their comments.
 */
import type { RequireSite } from './model.js';
import type { Emitter } from './emitter.js';
import { validName } from './names.js';
import { commentsIn, indentAt, renderMember } from './source-text.js';
import { memberName, namedPattern, type N } from './syntax.js';

/** records load-time reads of what a specifier gave (for the circular-require check) */
export type ReadsOf = (spec: string, nodes: N[]) => void;

export function emitDeclaration(em: Emitter, stmt: N, sites: RequireSite[], handled: Set<N>, readsOf: ReadsOf): void {
  const { c, edits, defaults, headerStmts, semi, src, tops } = em;
  const pieces: string[] = [];
  let pending: N[] = [];
  const flush = (): void => {
    if (pending.length)
      pieces.push(`${stmt.kind} ${pending.map((d) => edits.render(d.start, d.end)).join(', ')}${semi}`);
    pending = [];
  };
  let allImports = true;
  for (const d of stmt.declarations as N[]) {
    const init = d.init;
    const direct = init && sites.find((s) => s.call === init);
    const viaMember =
      init &&
      init.type === 'MemberExpression' &&
      memberName(init) !== null &&
      sites.find((s) => s.call === init.object);
    const site = direct || viaMember;
    if (!site) {
      pending.push(d);
      allImports = false;
      continue;
    }
    flush();
    handled.add(site.call);
    em.rewrote++;
    const spec = site.spec;
    const t = em.target(spec);
    const member = viaMember ? memberName(init) : null;
    if (d.id.type === 'Identifier' && c.stable(d.id.name) && !member) {
      const name = d.id.name;
      if (!defaults.has(spec)) defaults.set(spec, name);
      pieces.push(em.printImport(em.wholeImport(spec, name)));
      readsOf(spec, c.loadTimeReads(name));
      continue;
    }
    if (
      d.id.type === 'Identifier' &&
      c.stable(d.id.name) &&
      member &&
      validName(member) &&
      em.canNamed(spec, [member])
    ) {
      pieces.push(em.printImport({ spec: t.spec, named: [[member, d.id.name]] }));
      readsOf(spec, c.loadTimeReads(d.id.name));
      continue;
    }
    const pattern = !member && d.id.type === 'ObjectPattern' ? namedPattern(d.id) : null;
    if (
      pattern &&
      pattern.every(([, local]) => c.stable(local)) &&
      em.canNamed(
        spec,
        pattern.map(([k]) => k),
      )
    ) {
      pieces.push(em.printImport({ spec: t.spec, named: pattern }));
      for (const [, local] of pattern) readsOf(spec, c.loadTimeReads(local));
      continue;
    }
    // a default import, then the original declaration reads from it
    const { name, decl } = em.moduleBinding(spec);
    if (decl) pieces.push(em.printImport(decl));
    allImports = false;
    const idText = edits.render(d.id.start, d.id.end);
    pieces.push(`${stmt.kind} ${idText} = ${name}${member ? renderMember(src, init) : ''}${semi}`);
    readsOf(spec, [d]);
  }
  flush();
  if (handled.size) {
    const kept = commentsIn(src, stmt.start, stmt.end)
      .filter(
        (cm) =>
          !(stmt.declarations as N[]).some(
            (d) => !handled.has(d.init) && !handled.has(d.init?.object) && cm.start >= d.start && cm.end <= d.end,
          ),
      )
      .map((cm) => src.slice(cm.start, cm.end));
    const indent = indentAt(src, stmt.start);
    tops.push({ start: stmt.start, end: stmt.end, text: [...kept, ...pieces].join('\n' + indent) });
    if (allImports) headerStmts.add(stmt);
  }
}
