/**
 * The state of one file's rewrite, shared by the modules that emit it: the text edits and the
 * top-level rewrites, the imports hoisted to the top, the file's quote and semicolon style, and
 * what each required specifier resolves to (a local module and its export shape, a builtin, a
 * package, MOLT153 for a package with an ES module entry). Also how an import is written, and the
 * one whole-module binding each specifier gets.
 */
import { isBuiltin } from 'node:module';
import type { JSCodeshift } from 'jscodeshift';
import type { Converter } from './converter.js';
import { depInfo, type DepInfo } from './cycles.js';
import type { ImportDecl } from './model.js';
import { camel } from './names.js';
import { JS_EXT, builtinHas, resolveLocal, resolvePackage } from './resolve.js';
import { Edits, type Edit } from './source-text.js';
import type { N } from './syntax.js';

interface Target {
  spec: string;
  kind: 'local' | 'builtin' | 'package';
  dep: DepInfo | null;
  abs: string | null;
  json: boolean;
}

export class Emitter {
  readonly src: string;
  readonly edits: Edits;
  readonly q: string;
  readonly semi: string;
  readonly tops: Edit[] = [];
  /** imports written at the insertion point (after the leading imports) */
  readonly hoisted: string[] = [];
  rewrote = 0;
  needRequire: boolean;
  /** local specifiers whose file was not found on disk: the '.js' is a guess */
  readonly unchecked: string[] = [];
  private readonly targets = new Map<string, Target>();
  /** the local name a whole-module import of `spec` binds (a default import, or a namespace for a module without exports) */
  readonly defaults = new Map<string, string>();
  /** top-level statements that became only imports: the hoisted imports go after them */
  readonly headerStmts = new Set<N>();
  /** the local name of pathToFileURL, once a require.main check needs it */
  fileUrl: string | null = null;

  constructor(
    readonly j: JSCodeshift,
    readonly c: Converter,
    readonly abs: string | null,
  ) {
    this.src = c.src;
    this.edits = new Edits(this.src);
    this.q = quoteOf(c);
    this.semi = semicolons(c) ? ';' : '';
    this.needRequire = c.keptRequires > 0;
  }

  str(s: string): string {
    const q = this.q;
    return q + s.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), '\\' + q) + q;
  }

  target(spec: string): Target {
    const c = this.c;
    const abs = this.abs;
    let t = this.targets.get(spec);
    if (!t) {
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const r = resolveLocal(abs, spec);
        t = { spec: r.spec, kind: 'local', dep: r.abs ? depInfo(this.j, r.abs) : null, abs: r.abs, json: r.json };
        if (!r.abs && !r.json && !JS_EXT.test(spec)) this.unchecked.push(spec);
      } else if (isBuiltin(spec)) {
        t = { spec, kind: 'builtin', dep: null, abs: null, json: false };
      } else {
        const r = resolvePackage(abs, spec);
        t = { spec: r.spec, kind: 'package', dep: null, abs: null, json: /\.json$/i.test(spec) };
        if (r.esmEntry)
          c.note(
            'MOLT153',
            c.requireSites.find((s) => s.spec === spec)?.call,
            `${spec} has an ES module entry: import loads it instead of the CommonJS build require() gave; check that its default export is what require() returned`,
          );
      }
      this.targets.set(spec, t);
    }
    return t;
  }

  canNamed(spec: string, names: string[]): boolean {
    const t = this.target(spec);
    if (t.kind === 'builtin') return builtinHas(spec, names);
    if (t.kind === 'local' && t.dep?.shape.kind === 'default') {
      const named = t.dep.shape.named;
      return names.every((n) => named.has(n));
    }
    return false;
  }

  wholeImport(spec: string, name: string): ImportDecl {
    const t = this.target(spec);
    const ns = t.kind === 'local' && t.dep?.shape.kind === 'none';
    return { spec: t.spec, defaultName: ns ? undefined : name, namespace: ns, named: ns ? [[name, name]] : undefined };
  }

  printImport(d: ImportDecl): string {
    const { semi } = this;
    if (d.namespace) return `import * as ${d.named![0]![0]} from ${this.str(d.spec)}${semi}`;
    const parts: string[] = [];
    if (d.defaultName) parts.push(d.defaultName);
    if (d.named?.length)
      parts.push(
        `{ ${d.named.map(([imported, local]) => (imported === local ? local : `${imported} as ${local}`)).join(', ')} }`,
      );
    return parts.length
      ? `import ${parts.join(', ')} from ${this.str(d.spec)}${semi}`
      : `import ${this.str(d.spec)}${semi}`;
  }

  /** a whole-module binding for `spec`: reuses one made before */
  moduleBinding(spec: string, prefer?: string): { name: string; decl: ImportDecl | null } {
    const have = this.defaults.get(spec);
    if (have) return { name: have, decl: null };
    const name = (prefer && this.c.claim(prefer)) || this.c.fresh(baseName(spec), 'Module');
    this.defaults.set(spec, name);
    return { name, decl: this.wholeImport(spec, name) };
  }
}

function baseName(spec: string): string {
  const segs = spec
    .replace(/^node:/, '')
    .split('/')
    .filter((s) => s && s !== '.' && s !== '..');
  let last = (segs.pop() ?? 'mod').replace(/\.(js|cjs|mjs|json)$/, '');
  if (last === 'index' && segs.length) last = segs.pop()!;
  return camel(last);
}

function quoteOf(c: Converter): string {
  const raw = c.requireSites[0]?.call.arguments[0]?.raw as string | undefined;
  return raw?.startsWith('"') ? '"' : "'";
}

function semicolons(c: Converter): boolean {
  let with_ = 0;
  let without = 0;
  for (const s of c.program.body as N[]) {
    if (s.type !== 'ExpressionStatement' && s.type !== 'VariableDeclaration') continue;
    if (c.src[s.end - 1] === ';') with_++;
    else without++;
  }
  return with_ >= without;
}
