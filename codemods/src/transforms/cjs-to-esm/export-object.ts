/**
 * Export emission for `module.exports = { … }`: properties whose values are functions become
 * exported function declarations, bindings are exported under their key, and the object is kept
 * (with its comments and layout) under a name of its own. Later `module.exports.k = …` statements
 * are folded into the object or set on it in place.
 */
import type { ExportText } from './export-text.js';
import { validKey } from './names.js';
import { afterLine, commentsIn, indentAt } from './source-text.js';
import { propKey, type N } from './syntax.js';

export function writeObject(x: ExportText): void {
  const { em } = x;
  const { c, edits, semi, src, tops, defaults } = em;
  const base = c.base;
  const obj = base!.value;
  const e = c.fresh(x.fileBase, 'Exports');
  const decls: string[] = [];
  const entries: { text: string; trailing: string }[] = [];
  let changed = false;
  const props = obj.properties as N[];
  const indent = props.length ? indentAt(src, props[0].start) : '  ';
  const multiline = src.slice(obj.start, obj.end).includes('\n');
  let prevEnd = obj.start + 1;
  let prevLineEnd = -1;
  props.forEach((p, i) => {
    const key = p.type === 'Property' ? propKey(p) : null;
    const plan = key !== null && !p.computed && p.kind === 'init' ? x.named.get(key) : undefined;
    const leading = x.leadingComments(prevEnd, p.start, prevLineEnd, indent);
    // a comment after the comma, on the property's own line, stays with it
    const nextStart = props[i + 1]?.start ?? obj.end - 1;
    const eol = src.indexOf('\n', p.end);
    const trailing = commentsIn(src, p.end, nextStart).filter((cm) => eol < 0 || cm.start < eol);
    prevEnd = p.end;
    prevLineEnd = eol < 0 ? src.length : eol;
    if (trailing.length) prevLineEnd = Math.max(prevLineEnd, trailing[trailing.length - 1]!.end);
    const trailingText = trailing.map((cm) => src.slice(cm.start, cm.end)).join(' ');
    const withLeading = (text: string): string => [...leading, text].join('\n' + indent);
    em.rewrote++;
    if (plan && (plan.how === 'function' || plan.how === 'arrow')) {
      changed = true;
      decls.push(
        [
          ...leading,
          x.declOf(key!, p.value, plan.how, !!p.method, indentAt(src, p.start)) +
            (trailingText ? ' ' + trailingText : ''),
        ].join('\n'),
      );
      entries.push({ text: key!, trailing: '' });
      return;
    }
    if (plan && plan.how === 'binding') {
      const local = plan.local ?? defaults.get(c.requireSites.find((s) => s.call === p.value)!.spec)!;
      if (!(p.shorthand && local === key)) changed = true;
      x.list.push(local === key ? key! : `${local} as ${key}`);
      entries.push({ text: withLeading(local === key ? key! : `${key}: ${local}`), trailing: trailingText });
      return;
    }
    entries.push({ text: withLeading(edits.render(p.start, p.end)), trailing: trailingText });
  });
  // later module.exports.k = … statements: folded into the object, or set on it in place
  for (const site of c.sites) {
    const plan = x.named.get(site.key);
    em.rewrote++;
    if (plan?.how === 'function') {
      tops.push({
        start: site.stmt.start,
        end: site.stmt.end,
        text: x.declOf(site.key, site.value, 'function', false, ''),
      });
      entries.push({ text: site.key, trailing: '' });
      changed = true;
    } else if (plan?.how === 'binding') {
      tops.push({ start: site.stmt.start, end: afterLine(src, site.stmt.end, true), text: '' });
      x.list.push(plan.local === site.key ? site.key : `${plan.local} as ${site.key}`);
      entries.push({ text: plan.local === site.key ? site.key : `${site.key}: ${plan.local}`, trailing: '' });
      changed = true;
    } else if (plan?.how === 'const') {
      const text = `${x.declOf(site.key, site.value, 'const', false, '')}\n${e}.${site.key} = ${site.key}${semi}`;
      tops.push({ start: site.stmt.start, end: site.stmt.end, text });
    } else {
      const target = validKey(site.key) ? `${e}.${site.key}` : `${e}[${em.str(site.key)}]`;
      tops.push({
        start: site.stmt.start,
        end: site.stmt.end,
        text: `${target} = ${edits.render(site.value.start, site.value.end)}${semi}`,
      });
    }
  }
  let objectText: string;
  if (!changed) {
    objectText = edits.render(obj.start, obj.end);
  } else if (multiline) {
    const lines = entries.map(
      (en, i) => indent + en.text + (i < entries.length - 1 ? ',' : '') + (en.trailing ? ' ' + en.trailing : ''),
    );
    objectText = `{\n${lines.join('\n')}\n}`;
  } else {
    objectText = `{ ${entries.map((en) => en.text + (en.trailing ? ' ' + en.trailing : '')).join(', ')} }`;
  }
  const text = [...decls.map((d) => d + '\n'), `const ${e} = ${objectText}${semi}\n${x.exportList(e)}`].join('\n');
  tops.push({ start: base!.stmt.start, end: base!.stmt.end, text });
}
