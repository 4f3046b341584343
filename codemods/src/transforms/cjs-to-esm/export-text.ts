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
import { holdsMultiLineText, renamable, type N } from './syntax.js';

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

  declOf(key: string, v: N, how: string, isMethod: boolean, at: string): string {
    const { edits, semi } = this.em;
    const indent = at && !holdsMultiLineText(v) ? at : '';
    if (how === 'function') return `export ${dedent(this.declaration(v, key, isMethod), indent)}`;
    return `export const ${key} = ${dedent(edits.render(v.start, v.end), indent)}${semi}`;
  }

  /** `const name = value;`, or a declaration for a function expression that can be one (renamable). */
  binding(name: string, v: N): string {
    const { edits, semi } = this.em;
    return renamable(v) ? this.declaration(v, name) : `const ${name} = ${edits.render(v.start, v.end)}${semi}`;
  }

  /** A function expression (or method) as a declaration of `name`. */
  declaration(fn: N, name: string, isMethod = false): string {
    const { src, edits } = this.em;
    const from = isMethod ? fn.start : src.indexOf('(', fn.id ? fn.id.end : fn.start);
    return `${fn.async ? 'async ' : ''}function${fn.generator ? '*' : ''} ${name}${edits.render(from, fn.end)}`;
  }

  leadingComments(from: number, to: number, prevLineEnd: number, indent: string): string[] {
    const { src } = this.em;
    return commentsIn(src, from, to)
      .filter((cm) => cm.start > prevLineEnd)
      .map((cm) => dedent(src.slice(cm.start, cm.end), indent));
  }
}
