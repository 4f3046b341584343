/**
 * The named exports a converted module offers besides its default export, and the local binding
 * behind each. Computed from the shapes alone, so a consumer that reads this file's original
 * source (cycles.ts) and this file's own conversion agree on them.
 */
import type { Converter } from './converter.js';
import type { NamedExport } from './model.js';
import { validName } from './names.js';
import { containsSuper, propKey, renamable, type N } from './syntax.js';

/**
 * the named exports, and the local binding behind each: computed from the
 * shapes alone, so a consumer reading this file's original source and this
 * file's own conversion agree
 */
export function namedPlan(c: Converter): NamedExport[] {
  const out: NamedExport[] = [];
  const base = c.base;
  const canName = (key: string): boolean => validName(key) && key !== 'default' && key !== '__esModule';
  const valueHow = (key: string, v: N, at: number, hoist: boolean): Omit<NamedExport, 'key'> | null => {
    if (v.type === 'Identifier' && c.topNames.has(v.name) && c.stable(v.name) && c.readyAt(v.name) <= at)
      return { how: 'binding', local: v.name };
    const req = v.type === 'CallExpression' ? c.requireSites.find((s) => s.call === v && s.convert) : undefined;
    if (req) return { how: 'binding' };
    if (!canName(key) || c.topNames.has(key) || c.freeNames.has(key)) return null;
    if (renamable(v) || (v.type === 'FunctionExpression' && v.id?.name === key && !containsSuper(v))) return { how: 'function' };
    // an arrow like a function: another unit may have turned one into the other, and consumers read the original
    if (v.type === 'ArrowFunctionExpression') return { how: hoist ? 'arrow' : 'const' };
    return hoist ? null : { how: 'const' };
  };
  if (c.mode === 'object' && base) {
    for (const p of base.value.properties as N[]) {
      if (p.type !== 'Property' || p.computed || p.kind !== 'init') continue;
      const key = propKey(p);
      if (key === null || !canName(key)) continue;
      const how = p.method
        ? canName(key) && !c.topNames.has(key) && !c.freeNames.has(key) && !containsSuper(p.value)
          ? { how: 'function' as const }
          : null
        : valueHow(key, p.value, base.stmt.start, true);
      if (how) out.push({ key, ...how });
    }
    for (const site of c.sites) {
      if (!canName(site.key)) continue;
      const v = site.value;
      // folded into the object literal: only values ready when the object is built
      if (
        v.type === 'Identifier' &&
        c.topNames.has(v.name) &&
        c.stable(v.name) &&
        c.readyAt(v.name) <= base.stmt.start
      ) {
        out.push({ key: site.key, how: 'binding', local: v.name });
      } else if (!c.topNames.has(site.key) && !c.freeNames.has(site.key)) {
        // a function declaration is folded in (hoisted); anything else is set in place as a const
        out.push({
          key: site.key,
          how: renamable(v) || (v.type === 'FunctionExpression' && (!v.id || v.id.name === site.key)) ? 'function' : 'const',
        });
      }
    }
  } else if (c.mode === 'props' || c.mode === 'function') {
    for (const site of c.sites) {
      if (!canName(site.key)) continue;
      const how = valueHow(site.key, site.value, site.stmt.start, false);
      if (how) out.push({ key: site.key, ...how });
    }
  }
  return out;
}
