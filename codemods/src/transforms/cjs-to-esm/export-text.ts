/**
 * What the export writers share: the named exports planned for the file, the entries of the final
 * `export { … }` (bindings exported under their key), the `export default` plus
 * `export { x as 'module.exports' }` lines that keep require() of the ES module returning what
 * module.exports was, and a property's value rewritten as an exported function or const.
 */
import type { Emitter } from './emitter.js';
import type { NamedExport } from './model.js';
import { namedPlan } from './named-exports.js';
import { commentsIn, dedent } from './source-text.js';
import type { N } from './syntax.js';

export class ExportText {
  readonly named: Map<string, NamedExport>;
  /** entries of the final export { … } */
  readonly list: string[] = [];

  constructor(
    readonly em: Emitter,
    /** the file's name, for the exports object when it needs a name of its own */
    readonly fileBase: string,
  ) {
    this.named = new Map(namedPlan(em.c).map((e) => [e.key, e]));
  }

  exportList(def: string): string {
    const { semi } = this.em;
    const entries = [...this.list, `${def} as ${this.em.str('module.exports')}`];
    return `export default ${def}${semi}\nexport { ${entries.join(', ')} }${semi}`;
  }

  declOf(key: string, v: N, how: string, isMethod: boolean, indent: string): string {
    const { src, edits, semi } = this.em;
    if (how === 'function') {
      const fn = v;
      const head = `export ${fn.async ? 'async ' : ''}function${fn.generator ? '*' : ''} ${key}`;
      const from = isMethod ? fn.start : src.indexOf('(', fn.id ? fn.id.end : fn.start);
      return head + dedent(edits.render(from, fn.end), indent);
    }
    return `export const ${key} = ${dedent(edits.render(v.start, v.end), indent)}${semi}`;
  }

  leadingComments(from: number, to: number, prevLineEnd: number, indent: string): string[] {
    const { src } = this.em;
    return commentsIn(src, from, to)
      .filter((cm) => cm.start > prevLineEnd)
      .map((cm) => dedent(src.slice(cm.start, cm.end), indent));
  }
}
