/**
 * Export emission: module.exports and exports become `export default` (the exports value) plus
 * named exports where the mode allows, and `export { x as 'module.exports' }`, so that require() of
 * the ES module (Node >= 20.19) still returns what module.exports was. One writer per mode: a
 * single value, an object literal (export-object.ts), properties on {} or on a function, or an
 * alias that stands for module.exports everywhere and is exported at the end of the file.
 */
import type { Emitter } from './emitter.js';
import { writeObject } from './export-object.js';
import { ExportText } from './export-text.js';
import { validKey, validName } from './names.js';
import { afterLine } from './source-text.js';
import { renamable, type N } from './syntax.js';

/** rewrites the exports; the export lines that go at the end of the file (alias mode) */
export function writeExports(em: Emitter, fileBase: string): { text: string } | null {
  const x = new ExportText(em, fileBase);
  switch (em.c.mode) {
    case 'none':
      return null;
    case 'single':
      writeSingle(x);
      return null;
    case 'object':
      writeObject(x);
      return null;
    case 'props':
    case 'function':
      writeProps(x);
      return null;
    case 'alias':
      return writeAlias(x);
  }
}

/** module.exports = value */
function writeSingle(x: ExportText): void {
  const { em } = x;
  const { c, edits, semi, tops } = em;
  const base = c.base;
  const v = base!.value;
  em.rewrote++;
  if (v.type === 'Identifier' && c.topNames.has(v.name) && c.stable(v.name) && c.readyAt(v.name) <= base!.stmt.start) {
    tops.push({ start: base!.stmt.start, end: base!.stmt.end, text: x.exportList(v.name) });
    return;
  }
  if ((v.type === 'FunctionExpression' || v.type === 'ClassExpression') && v.id && c.claim(v.id.name)) {
    const text = `export default ${edits.render(v.start, v.end)}\nexport { ${v.id.name} as ${em.str('module.exports')} }${semi}`;
    tops.push({ start: base!.stmt.start, end: base!.stmt.end, text });
    return;
  }
  const e = c.fresh(x.fileBase, 'Exports');
  const text = renamable(v)
    ? `export default ${x.declaration(v, e)}\nexport { ${e} as ${em.str('module.exports')} }${semi}`
    : `const ${e} = ${edits.render(v.start, v.end)}${semi}\n${x.exportList(e)}`;
  tops.push({ start: base!.stmt.start, end: base!.stmt.end, text });
}

/** exports.a = …; exports.b = … (on {}), or module.exports = fn; module.exports.a = … (on fn) */
function writeProps(x: ExportText): void {
  const { em } = x;
  const { c, edits, semi, src, tops, defaults } = em;
  const base = c.base;
  const entries: string[] = [];
  let e: string;
  if (c.mode === 'function') {
    const v = base!.value;
    em.rewrote++;
    if (v.type === 'Identifier') {
      e = v.name;
      tops.push({ start: base!.stmt.start, end: afterLine(src, base!.stmt.end, true), text: '' });
    } else if ((v.type === 'FunctionExpression' || v.type === 'ClassExpression') && v.id && c.claim(v.id.name)) {
      e = v.id.name;
      tops.push({ start: base!.stmt.start, end: base!.stmt.end, text: edits.render(v.start, v.end) });
    } else {
      e = c.fresh(x.fileBase, 'Exports');
      tops.push({ start: base!.stmt.start, end: base!.stmt.end, text: x.binding(e, v) });
    }
  } else {
    e = c.fresh(x.fileBase, 'Exports');
  }
  const last = c.sites[c.sites.length - 1]!.stmt;
  for (const site of c.sites) {
    const plan = x.named.get(site.key);
    em.rewrote++;
    let local: string;
    let text: string;
    if (plan?.how === 'function' || plan?.how === 'const') {
      local = site.key;
      text = x.declOf(site.key, site.value, plan.how, false, '');
    } else if (plan?.how === 'binding') {
      local = plan.local ?? defaults.get(c.requireSites.find((s) => s.call === site.value)!.spec)!;
      x.list.push(local === site.key ? local : `${local} as ${site.key}`);
      text = '';
    } else {
      local = c.fresh(validName(site.key) ? site.key : 'value', 'Export');
      text = x.binding(local, site.value);
    }
    entries.push(
      validKey(site.key) ? (local === site.key ? local : `${site.key}: ${local}`) : `${em.str(site.key)}: ${local}`,
    );
    const assemble =
      site.stmt === last
        ? c.mode === 'function'
          ? `Object.assign(${e}, { ${entries.join(', ')} })${semi}\n${x.exportList(e)}`
          : `const ${e} = { ${entries.join(', ')} }${semi}\n${x.exportList(e)}`
        : '';
    const joined = [text, assemble].filter(Boolean).join('\n');
    tops.push({
      start: site.stmt.start,
      end: joined ? site.stmt.end : afterLine(src, site.stmt.end, true),
      text: joined,
    });
  }
}

/** module.exports used as one object: a name for it everywhere, exported at the end of the file */
function writeAlias(x: ExportText): { text: string } {
  const { em } = x;
  const { c, edits, semi, src, tops, hoisted } = em;
  const base = c.base;
  const v = base?.value;
  const named = v?.type === 'Identifier' && c.topNames.has(v.name) && c.stable(v.name) && c.readyAt(v.name) <= base!.stmt.start;
  const e: string = named ? v.name : c.fresh(x.fileBase, 'Exports');
  // first: the value module.exports is set to may read module.exports itself (a function that returns it)
  for (const ref of c.exportRefs) {
    if (base && ref.node.start >= base.stmt.start && ref.node.end <= base.value.start) continue; // the base's own targets
    const parent = ref.path.parent?.node as N;
    if (ref.viaExports && parent?.type === 'Property' && parent.shorthand)
      edits.leaf(parent.start, parent.end, `exports: ${e}`);
    else edits.leaf(ref.node.start, ref.node.end, e);
    em.rewrote++;
  }
  if (!base) hoisted.push(`const ${e} = {}${semi}`);
  else if (named) tops.push({ start: base.stmt.start, end: afterLine(src, base.stmt.end, true), text: '' });
  else tops.push({ start: base.stmt.start, end: base.stmt.end, text: x.binding(e, v) });
  if (base) em.rewrote++;
  return { text: x.exportList(e) };
}
