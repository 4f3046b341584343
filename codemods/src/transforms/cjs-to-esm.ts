import fs from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';
import type { ASTPath, JSCodeshift } from 'jscodeshift';
import { FUNCTION_TYPES, LOOP_TYPES, isReference, lineOf } from '../ast.js';
import type { Transform } from '../unit.js';

/**
 * cjs-to-esm: a CommonJS module becomes an ES module.
 *
 * - top-level requires become imports (default imports; named imports only
 *   where the names are known to exist: node builtins, and local modules that
 *   this unit gives named exports); requires that run lazily, conditionally,
 *   after other top-level code, or that are dynamic stay require() calls
 *   through `createRequire(import.meta.url)`, each with a diagnostic.
 * - module.exports / exports become `export default <the exports value>` plus
 *   named exports where the shape allows, plus `export { x as 'module.exports' }`
 *   so that require() of the ES module (Node >= 20.19) still returns what
 *   module.exports was: lazy requires and CommonJS consumers keep working.
 * - __dirname / __filename / require.main === module get their ESM forms.
 * - a file that cannot be converted with its meaning kept is left alone and
 *   reported.
 */

// babel's estree nodes: too many shapes for the ast-types typings to help here
type N = any;

interface Issue {
  code: string;
  line: number | undefined;
  message: string;
}

/** what a consumer may import from a module, as this unit converts it */
type ExportShape =
  | { kind: 'declined' } // stays CommonJS (this unit declines it)
  | { kind: 'none' } // no exports: import * as x gives an empty namespace
  | { kind: 'default'; named: Set<string> }; // default export (= module.exports) plus these named exports

const CJS_NAMES = new Set(['require', 'module', 'exports', '__dirname', '__filename']);

/** nodes whose body does not run when the surrounding code runs */
const DEFERRED = new Set([
  ...FUNCTION_TYPES,
  'ClassProperty',
  'ClassPrivateProperty',
  'ClassAccessorProperty',
  'PropertyDefinition',
  'StaticBlock',
]);
/** nodes that give `this` / `arguments` a new meaning (arrows do not) */
const THIS_SCOPES = new Set([...DEFERRED].filter((t) => t !== 'ArrowFunctionExpression'));

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface ' +
    'package private protected public await arguments eval undefined NaN Infinity require module exports __dirname __filename'
  ).split(' '),
);
const IDENT = /^[A-Za-z_$][\w$]*$/;
const validName = (name: string): boolean => IDENT.test(name) && !RESERVED.has(name);

const isStringLiteral = (n: N): boolean => n?.type === 'Literal' && typeof n.value === 'string';
const staticString = (n: N): string | null => {
  if (isStringLiteral(n)) return n.value;
  if (n?.type === 'TemplateLiteral' && n.expressions.length === 0 && n.quasis.length === 1)
    return n.quasis[0].value.cooked ?? null;
  return null;
};
/** `obj.name` or `obj['name']`: the property name, else null */
const memberName = (n: N): string | null => {
  if (n?.type !== 'MemberExpression') return null;
  if (!n.computed && n.property.type === 'Identifier') return n.property.name;
  if (n.computed) return staticString(n.property);
  return null;
};

function isRef(p: ASTPath): boolean {
  if (!isReference(p)) return false;
  const parent = p.parent?.node as N;
  if (!parent) return true;
  if (
    (parent.type === 'MethodDefinition' ||
      parent.type === 'PropertyDefinition' ||
      parent.type === 'ClassProperty' ||
      parent.type === 'ClassAccessorProperty') &&
    parent.key === p.node &&
    !parent.computed
  ) {
    return false;
  }
  if (parent.type === 'MetaProperty') return false;
  if (
    parent.type === 'ImportSpecifier' ||
    parent.type === 'ImportDefaultSpecifier' ||
    parent.type === 'ImportNamespaceSpecifier'
  )
    return false;
  if (parent.type === 'ExportSpecifier' && parent.exported === p.node && parent.local !== p.node) return false;
  return true;
}

function hasAncestor(p: ASTPath, types: Set<string>): boolean {
  for (let q = p.parent as ASTPath | null; q; q = q.parent as ASTPath | null)
    if (types.has((q.node as N).type)) return true;
  return false;
}

/** the statement directly in Program.body that holds `p` */
function topStatement(p: ASTPath): N {
  let q: ASTPath = p;
  while (q.parent && (q.parent.node as N).type !== 'Program') q = q.parent as ASTPath;
  return q.node;
}

// ---------------------------------------------------------------------------
// text edits: the unit rewrites source text (recast would reprint what it moves)

interface Edit {
  start: number;
  end: number;
  text: string;
}

class Edits {
  private leaves: Edit[] = [];
  constructor(private readonly src: string) {}

  /** a small replacement (an identifier, an expression) that enclosing rewrites pick up through render() */
  leaf(start: number, end: number, text: string): void {
    if (this.leaves.some((e) => e.start === start && e.end === end)) return;
    this.leaves.push({ start, end, text });
  }

  /** source text of [start, end) with the leaves inside it applied, and `overrides` in place of what they cover */
  render(start: number, end: number, overrides: Edit[] = []): string {
    const all = [
      ...overrides.map((e) => ({ ...e, o: true })),
      ...this.leaves.filter((l) => l.start >= start && l.end <= end).map((e) => ({ ...e, o: false })),
    ];
    for (const l of this.leaves) {
      if (l.start < end && l.end > start && !(l.start >= start && l.end <= end))
        throw new Error(`cjs-to-esm: edit ${l.start}-${l.end} straddles ${start}-${end}`);
    }
    // overrides win over the leaves they cover; insertions (empty ranges) before replacements at the same place
    all.sort(
      (a, b) =>
        a.start - b.start ||
        Number(b.end === b.start) - Number(a.end === a.start) ||
        Number(b.o) - Number(a.o) ||
        b.end - a.end,
    );
    let out = '';
    let at = start;
    let coveredTo = -1;
    for (const e of all) {
      if (!e.o && e.start < coveredTo) continue;
      if (e.start < at) {
        if (e.o) throw new Error(`cjs-to-esm: overlapping rewrites at ${e.start}`);
        continue;
      }
      out += this.src.slice(at, e.start) + e.text;
      at = e.end;
      if (e.o) coveredTo = Math.max(coveredTo, e.end);
    }
    return out + this.src.slice(at, end);
  }
}

/** comments in a stretch of source that holds no string or regex (the space between two nodes) */
function commentsIn(src: string, start: number, end: number): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  const re = /\/\/[^\n]*|\/\*[\s\S]*?\*\//g;
  const text = src.slice(start, end);
  for (let m = re.exec(text); m; m = re.exec(text))
    found.push({ start: start + m.index, end: start + m.index + m[0].length });
  return found;
}

const lineStart = (src: string, pos: number): number => src.lastIndexOf('\n', pos - 1) + 1;
const indentAt = (src: string, pos: number): string => /^[ \t]*/.exec(src.slice(lineStart(src, pos)))![0];

/** moves text that sat at `indent` to column 0 (not when it holds a multi-line template or string) */
function dedent(text: string, indent: string): string {
  if (!indent || text.includes('`') || /\\\r?\n/.test(text)) return text;
  return text
    .split('\n')
    .map((line, i) =>
      i === 0 ? line : line.startsWith(indent) ? line.slice(indent.length) : line.trim() === '' ? '' : line,
    )
    .join('\n');
}

// ---------------------------------------------------------------------------
// the file system side: where a file is, what a specifier names, what a local module exports

/** the file being converted on disk, when it can be found */
function locate(file: string): string | null {
  if (path.isAbsolute(file)) return isFileSync(file) ? file : null;
  const roots: string[] = [];
  // molt's CLI passes paths relative to `migrate <src>` (seen in the main thread only, not in workers)
  const at = process.argv.indexOf('migrate');
  const src = at >= 0 ? process.argv[at + 1] : undefined;
  if (src && !src.startsWith('-')) roots.push(path.resolve(src));
  roots.push(process.cwd());
  for (const root of roots) {
    const full = path.resolve(root, file);
    if (isFileSync(full)) return full;
  }
  return null;
}

function isFileSync(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

const JS_EXT = /\.(js|cjs|mjs)$/;

interface Resolved {
  /** the specifier to write in the import */
  spec: string;
  /** the file it names, when known */
  abs: string | null;
  json: boolean;
}

/** './x' → './x.js' or './x/index.js' (checked on disk when the file is known, else './x.js') */
function resolveLocal(fromFile: string | null, spec: string): Resolved {
  if (/\.json$/.test(spec)) return { spec, abs: null, json: true };
  const bare = spec.replace(/\/+$/, '');
  if (fromFile) {
    const full = path.resolve(path.dirname(fromFile), spec);
    if (JS_EXT.test(spec) && isFileSync(full)) return { spec, abs: full, json: false };
    if (isFileSync(full + '.js')) return { spec: bare + '.js', abs: full + '.js', json: false };
    if (isFileSync(full + '.json')) return { spec, abs: null, json: true };
    if (isFileSync(path.join(full, 'index.js')))
      return { spec: bare + '/index.js', abs: path.join(full, 'index.js'), json: false };
    if (isFileSync(path.join(full, 'index.json'))) return { spec, abs: null, json: true };
  }
  if (spec.endsWith('/') || spec === '.' || spec === '..') return { spec: bare + '/index.js', abs: null, json: false };
  if (JS_EXT.test(spec)) return { spec, abs: null, json: false };
  return { spec: spec + '.js', abs: null, json: false };
}

interface PackageInfo {
  dir: string;
  json: N;
}

function findPackage(fromFile: string, name: string): PackageInfo | null {
  for (let dir = path.dirname(fromFile); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name, 'package.json');
    if (isFileSync(candidate)) {
      try {
        return { dir: path.dirname(candidate), json: JSON.parse(fs.readFileSync(candidate, 'utf8')) };
      } catch {
        return null;
      }
    }
    if (path.dirname(dir) === dir) return null;
  }
}

/** 'pkg/sub' → 'pkg/sub.js' when the package has no "exports" map (ESM resolution adds no extensions) */
function resolvePackage(fromFile: string | null, spec: string): { spec: string; esmEntry: boolean } {
  const parts = spec.split('/');
  const nameLength = spec.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameLength).join('/');
  const sub = parts.slice(nameLength).join('/');
  const pkg = fromFile ? findPackage(fromFile, name) : null;
  const esmEntry =
    !!pkg && (pkg.json.type === 'module' || JSON.stringify(pkg.json.exports ?? null).includes('"import"'));
  if (!sub || (pkg && pkg.json.exports !== undefined)) return { spec, esmEntry };
  if (pkg) {
    const full = path.join(pkg.dir, sub);
    if (/\.[a-z]+$/i.test(sub) && isFileSync(full)) return { spec, esmEntry };
    if (isFileSync(full + '.js')) return { spec: spec + '.js', esmEntry };
    if (isFileSync(path.join(full, 'index.js'))) return { spec: spec.replace(/\/+$/, '') + '/index.js', esmEntry };
  }
  return { spec: /\.[a-z]+$/i.test(sub) ? spec : spec + '.js', esmEntry };
}

const hostRequire = createRequire(import.meta.url);
function builtinHas(spec: string, names: string[]): boolean {
  try {
    const mod = hostRequire(spec) as Record<string, unknown>;
    return names.every((n) => Object.prototype.hasOwnProperty.call(mod, n));
  } catch {
    return false;
  }
}

interface DepInfo {
  shape: ExportShape;
  /** files it requires while it loads (not inside functions) */
  loads: string[];
}

const depCache = new Map<string, { mtimeMs: number; info: DepInfo | null }>();

/** how this unit sees a local module on disk (cached per file and mtime) */
function depInfo(j: JSCodeshift, abs: string): DepInfo | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch {
    return null;
  }
  const hit = depCache.get(abs);
  if (hit && hit.mtimeMs === stat.mtimeMs) return hit.info;
  let info: DepInfo | null = null;
  try {
    const model = new Converter(j, fs.readFileSync(abs, 'utf8'), abs);
    model.analyze();
    info = {
      shape: model.shape(),
      loads: model.loadSpecs().flatMap((spec) => {
        if (!spec.startsWith('.') && !spec.startsWith('/')) return [];
        const r = resolveLocal(abs, spec);
        return r.abs ? [r.abs] : [];
      }),
    };
  } catch {
    info = null;
  }
  depCache.set(abs, { mtimeMs: stat.mtimeMs, info });
  return info;
}

/** the shortest chain of load-time requires from `from` back to `self`, if any */
function cycleThrough(j: JSCodeshift, self: string, from: string): string[] | null {
  const prev = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  while (queue.length && prev.size < 5000) {
    const at = queue.shift()!;
    if (at === self) {
      const chain: string[] = [];
      for (let p: string | null = at; p; p = prev.get(p) ?? null) chain.unshift(p);
      return chain;
    }
    for (const next of depInfo(j, at)?.loads ?? []) {
      if (!prev.has(next)) {
        prev.set(next, at);
        queue.push(next);
      }
    }
  }
  return null;
}

/** a path for a message: from the working directory, or else from the file being converted */
const shown = (abs: string, self: string): string => {
  let rel = path.relative(process.cwd(), abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) rel = path.relative(path.dirname(self), abs);
  return rel.split(path.sep).join('/');
};

// ---------------------------------------------------------------------------

interface RequireSite {
  call: N;
  path: ASTPath;
  spec: string;
  stmt: N;
  /** unconditional at the top level: becomes an import */
  convert: boolean;
  keep?: { code: string; message: string };
}

interface ExportSite {
  stmt: N;
  key: string;
  value: N;
  viaExports: boolean;
}

interface Base {
  stmt: N;
  value: N;
  aliasesExports: boolean;
}

type Mode = 'none' | 'single' | 'object' | 'props' | 'function' | 'alias';

/** an import this unit writes */
interface ImportDecl {
  spec: string;
  /** `import x from`, `import * as x from`, `import { a, b as c } from`, or a bare `import 'spec'` */
  defaultName?: string;
  namespace?: boolean;
  named?: [string, string][];
}

class Converter {
  readonly root;
  readonly program: N;
  readonly issues: Issue[] = [];
  readonly fileIssues: Issue[] = [];
  private programScope: N;
  private bindings: Record<string, ASTPath[]> = {};
  ids: { path: ASTPath; node: N; name: string; where: 'free' | 'program' | 'inner' }[] = [];
  private idWhere = new Map<N, 'free' | 'program' | 'inner'>();
  freeNames = new Set<string>();
  topNames = new Set<string>();
  private taken = new Set<string>();
  private writes = new Map<string, number>();

  requireSites: RequireSite[] = [];
  /** require uses that stay require() calls (kept, not import-converted) */
  keptRequires = 0;
  mainChecks: { node: N; path: ASTPath; negate: boolean; viaParent: boolean }[] = [];
  dirRefs: ASTPath[] = [];
  exportRefs: { node: N; path: ASTPath; viaExports: boolean }[] = [];
  base: Base | null = null;
  sites: ExportSite[] = [];
  mode: Mode = 'none';
  usesCjs = false;

  constructor(
    readonly j: JSCodeshift,
    readonly src: string,
    readonly abs: string | null,
  ) {
    this.root = j(src);
    this.program = (this.root.get().node as N).program;
  }

  line(node: N): number | undefined {
    return lineOf(node);
  }

  decline(code: string, node: N, message: string): void {
    this.fileIssues.push({ code, line: this.line(node), message });
  }

  note(code: string, node: N, message: string): void {
    this.issues.push({ code, line: this.line(node), message });
  }

  /** a name free for a new top-level binding */
  fresh(base: string, suffix = ''): string {
    let name = base.replace(/[^\w$]/g, '') || 'mod';
    if (/^\d/.test(name)) name = '_' + name;
    const ok = (n: string): boolean =>
      validName(n) && !this.topNames.has(n) && !this.freeNames.has(n) && !this.taken.has(n);
    let pick = name;
    if (!ok(pick) && suffix) pick = name + suffix;
    for (let i = 2; !ok(pick); i++) pick = `${name}${suffix}${i}`;
    this.taken.add(pick);
    return pick;
  }

  /** a name that may be claimed as is, or null */
  claim(name: string): string | null {
    if (!validName(name) || this.topNames.has(name) || this.freeNames.has(name) || this.taken.has(name)) return null;
    this.taken.add(name);
    return name;
  }

  /** bound once at the top level and never assigned again */
  stable(name: string): boolean {
    const bindings = this.bindings[name] ?? [];
    return bindings.length === 1 && !this.writes.get(name);
  }

  /** where a top-level binding holds its value: -1 for hoisted (functions, imports) */
  readyAt(name: string): number {
    const decl = this.bindings[name]?.[0] as ASTPath | undefined;
    if (!decl) return Infinity;
    const parent = decl.parent?.node as N;
    if (parent?.type === 'FunctionDeclaration' && parent.id === decl.node) return -1;
    if (parent?.type?.startsWith('Import')) return -1;
    if (parent?.type === 'ClassDeclaration') return parent.end;
    if (parent?.type === 'VariableDeclarator' && parent.id === decl.node) return parent.init ? parent.end : Infinity;
    return Infinity;
  }

  /** a top-level binding of a function declaration */
  isFunctionDecl(name: string): boolean {
    const decl = this.bindings[name]?.[0] as ASTPath | undefined;
    const parent = decl?.parent?.node as N;
    return (parent?.type === 'FunctionDeclaration' || parent?.type === 'ClassDeclaration') && parent.id === decl?.node;
  }

  /** `var f = function () {}` (or an arrow, a class) declared before `at` */
  holdsFunction(name: string, at: number): boolean {
    const decl = this.bindings[name]?.[0] as ASTPath | undefined;
    const parent = decl?.parent?.node as N;
    return (
      parent?.type === 'VariableDeclarator' &&
      parent.id === decl?.node &&
      ['FunctionExpression', 'ArrowFunctionExpression', 'ClassExpression'].includes(parent.init?.type) &&
      parent.end <= at
    );
  }

  /** references to a top-level binding that run while the module loads (outside functions) */
  loadTimeReads(name: string, except: N[] = []): N[] {
    return this.ids
      .filter((id) => id.name === name && id.where === 'program' && !hasAncestor(id.path, DEFERRED))
      .filter((id) => !except.some((n) => id.node.start >= n.start && id.node.end <= n.end))
      .filter((id) => {
        const parent = id.path.parent?.node as N;
        return !(parent?.type === 'VariableDeclarator' && parent.id === id.node);
      })
      .map((id) => id.node);
  }

  // -------------------------------------------------------------------------
  // analysis (no file system): what the file does with require/module/exports

  analyze(): void {
    const j = this.j;
    const all = this.root.find(j.Identifier).paths();
    // most files hold none of these names (or only bound ones): no scope work for them
    if (!all.some((p) => CJS_NAMES.has((p.node as N).name))) return;
    const cjsRefs: ASTPath[] = [];
    const first = all[0] as N;
    this.programScope = first?.scope?.getGlobalScope?.() ?? null;
    this.bindings = this.programScope?.getBindings?.() ?? {};
    for (const p of all) {
      const node = p.node as N;
      if (!isRef(p)) continue;
      const found = (p as N).scope?.lookup(node.name) ?? null;
      const where = !found ? 'free' : found === this.programScope ? 'program' : 'inner';
      const info = { path: p, node, name: node.name as string, where } as const;
      this.ids.push(info);
      this.idWhere.set(node, where);
      if (where === 'free') {
        this.freeNames.add(node.name);
        if (CJS_NAMES.has(node.name)) cjsRefs.push(p);
      }
    }
    if (!cjsRefs.length) return;
    this.usesCjs = true;
    this.topNames = new Set(Object.keys(this.bindings));
    this.countWrites();
    this.checkFile();

    const seen = new Set<N>();
    for (const p of cjsRefs) {
      const node = p.node as N;
      if (seen.has(node)) continue;
      seen.add(node);
      const parent = p.parent.node as N;
      switch (node.name) {
        case '__dirname':
        case '__filename':
          this.dirRefs.push(p);
          break;
        case 'require':
          this.classifyRequire(p);
          break;
        case 'module':
          if (memberName(parent) === 'exports' && parent.object === node) {
            this.exportRefs.push({ node: parent, path: p.parent as ASTPath, viaExports: false });
          } else if (this.mainCheckOf(p)) {
            // recorded by mainCheckOf
          } else if (memberName(parent) === 'filename' && parent.object === node) {
            this.dirRefs.push(p.parent as ASTPath);
          } else {
            this.decline(
              'MOLT051',
              node,
              `module${memberName(parent) ? '.' + memberName(parent) : ''} has no ES module equivalent`,
            );
          }
          break;
        case 'exports':
          this.exportRefs.push({ node, path: p, viaExports: true });
          break;
      }
    }
    this.requireSites.sort((a, b) => a.call.start - b.call.start);
    this.decideConversions();
    this.planExports();
  }

  /**
   * which require calls become imports: in statement order, until code that
   * may have effects runs first (an import would run before it)
   */
  private decideConversions(): void {
    const byStmt = new Map<N, RequireSite[]>();
    for (const s of this.requireSites) byStmt.set(s.stmt, [...(byStmt.get(s.stmt) ?? []), s]);
    let effect: N = null;
    for (const stmt of this.program.body as N[]) {
      for (const site of byStmt.get(stmt) ?? []) {
        if (site.keep) continue;
        const earlier = effect ?? effectBefore(this, stmt, site.call);
        if (earlier) {
          site.keep = {
            code: 'MOLT055',
            message: `require('${site.spec}') kept through createRequire: code before it (line ${lineOf(earlier)}) runs first in CommonJS, while an import would run before that code`,
          };
          continue;
        }
        site.convert = true;
      }
      if (!effect && !this.pureStatement(stmt)) effect = stmt;
    }
    for (const site of this.requireSites) if (site.keep) this.keep(site.call, site.keep.code, site.keep.message);
  }

  private countWrites(): void {
    for (const id of this.ids) {
      if (id.where !== 'program') continue;
      let q: ASTPath = id.path;
      for (;;) {
        const parent = q.parent?.node as N;
        if (!parent) break;
        if (
          (parent.type === 'Property' && parent.value === q.node) ||
          parent.type === 'ObjectPattern' ||
          parent.type === 'ArrayPattern' ||
          parent.type === 'RestElement' ||
          (parent.type === 'AssignmentPattern' && parent.left === q.node)
        ) {
          q = q.parent as ASTPath;
          continue;
        }
        if (
          (parent.type === 'AssignmentExpression' && parent.left === q.node) ||
          parent.type === 'UpdateExpression' ||
          ((parent.type === 'ForInStatement' || parent.type === 'ForOfStatement') && parent.left === q.node)
        ) {
          this.writes.set(id.name, (this.writes.get(id.name) ?? 0) + 1);
        }
        break;
      }
    }
  }

  /** top-level this / arguments / return, and implicit globals: the file stays CommonJS */
  private checkFile(): void {
    const implicit = (node: N): void => {
      if (node?.type !== 'Identifier' || this.idWhere.get(node) !== 'free') return;
      if (CJS_NAMES.has(node.name) || node.name === 'arguments' || node.name in globalThis) return;
      this.decline(
        'MOLT058',
        node,
        `assigns to the undeclared variable ${node.name}: an ES module is strict code, where that throws`,
      );
    };
    // one walk over the tree: `depth` counts the functions around a node, `owner` is the one that gives `this`
    const usesThis = new Set<N>();
    const plainCalls = new Set<string>();
    const walk = (n: N, depth: number, owner: N): void => {
      if (!n || typeof n.type !== 'string') return;
      switch (n.type) {
        case 'ThisExpression':
          if (!owner)
            this.decline(
              'MOLT050',
              n,
              '`this` at the top level is module.exports in CommonJS and undefined in an ES module',
            );
          else usesThis.add(owner);
          break;
        case 'Identifier':
          if (n.name === 'arguments' && !owner && this.idWhere.has(n))
            this.decline('MOLT050', n, "`arguments` at the top level is the CommonJS wrapper's arguments");
          break;
        case 'MemberExpression':
          if (n.object.type === 'Identifier' && n.object.name === 'arguments' && memberName(n) === 'callee') {
            this.decline('MOLT058', n, 'arguments.callee throws in strict code, and an ES module is strict');
          }
          break;
        case 'CallExpression':
          if (n.callee.type === 'Identifier') plainCalls.add(n.callee.name);
          break;
        case 'ReturnStatement':
          if (!depth) this.decline('MOLT051', n, 'a top-level return is allowed in CommonJS, not in an ES module');
          break;
        case 'AssignmentExpression':
          implicit(n.left);
          break;
        case 'UpdateExpression':
          implicit(n.argument);
          break;
        case 'ForInStatement':
        case 'ForOfStatement':
          implicit(n.left);
          break;
      }
      const inner = DEFERRED.has(n.type) ? depth + 1 : depth;
      const innerOwner = THIS_SCOPES.has(n.type) ? n : owner;
      for (const key of Object.keys(n)) {
        if (key === 'loc' || key === 'comments' || key === 'tokens') continue;
        const v = n[key];
        if (Array.isArray(v)) for (const x of v) walk(x, inner, innerOwner);
        else if (v && typeof v === 'object' && typeof v.type === 'string') walk(v, inner, innerOwner);
      }
    };
    walk(this.program, 0, null);
    // function f() { this… } called as f(): `this` is the global object in sloppy code, undefined in a module
    for (const fn of usesThis) {
      if (fn.type === 'FunctionDeclaration' && fn.id && plainCalls.has(fn.id.name)) {
        this.decline(
          'MOLT058',
          fn,
          `${fn.id.name}() uses \`this\` and is called without a receiver: that \`this\` is the global object in sloppy CommonJS code and undefined in an ES module`,
        );
      }
    }
  }

  /** require.main === module, module === require.main, !module.parent */
  private mainCheckOf(p: ASTPath): boolean {
    const node = p.node as N;
    const parent = p.parent.node as N;
    const isRequireMain = (n: N): boolean =>
      memberName(n) === 'main' &&
      n.object.type === 'Identifier' &&
      n.object.name === 'require' &&
      !this.bindings.require;
    if (parent.type === 'BinaryExpression' && ['===', '==', '!==', '!='].includes(parent.operator)) {
      const other = parent.left === node ? parent.right : parent.left;
      if (isRequireMain(other)) {
        if (!this.mainChecks.some((m) => m.node === parent))
          this.mainChecks.push({
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
        this.mainChecks.push({ node: grand, path: p.parent.parent as ASTPath, negate: false, viaParent: true });
        return true;
      }
    }
    return false;
  }

  private classifyRequire(p: ASTPath): void {
    const node = p.node as N;
    const parent = p.parent.node as N;
    if (parent.type === 'CallExpression' && parent.callee === node) {
      const spec = parent.arguments.length === 1 ? staticString(parent.arguments[0]) : null;
      if (spec === null) {
        this.keep(
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
      const where = this.whereRuns(p.parent as ASTPath);
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
      this.requireSites.push(site);
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
        this.keep(
          parent,
          'MOLT054',
          'require.main kept through createRequire: it is undefined when the entry point is an ES module',
        );
        return;
      }
      if (prop === 'cache' || prop === 'extensions') {
        this.keep(
          parent,
          'MOLT054',
          `require.${prop} kept through createRequire: ES modules are not in require.${prop}`,
        );
        return;
      }
      if (prop === 'resolve') {
        this.keep(parent, 'MOLT053', 'require.resolve kept through createRequire');
        return;
      }
    }
    this.keep(node, 'MOLT053', 'require used as a value, kept through createRequire');
  }

  keep(node: N, code: string, message: string): void {
    this.keptRequires++;
    this.note(code, node, message);
  }

  /** 'top' when a require runs once, unconditionally, while the module loads */
  private whereRuns(call: ASTPath): string {
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

  /** module.exports = …, exports.x = …: picks how exports are written */
  private planExports(): void {
    const bases: Base[] = [];
    const siteRefs = new Set<N>();
    const otherRefs: { node: N; path: ASTPath; viaExports: boolean }[] = [];
    for (const ref of this.exportRefs) {
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
          this.decline(
            'MOLT051',
            ref.node,
            '`exports` reassigned without module.exports: the new value is not exported',
          );
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
            this.decline(
              'MOLT051',
              ref.node,
              'module.exports assigned inside a function, a condition or an expression',
            );
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
        this.sites.push({ stmt, key, value: assign.right, viaExports: ref.viaExports });
        siteRefs.add(ref.node);
        continue;
      }
      otherRefs.push(ref);
    }
    if (bases.length > 1) {
      this.decline('MOLT051', bases[1]!.stmt, 'module.exports is assigned more than once');
      return;
    }
    const base = bases[0] ?? null;
    this.base = base;
    if (base) {
      for (const site of this.sites) {
        if (site.stmt.start < base.stmt.start) {
          this.decline(
            'MOLT051',
            site.stmt,
            `exports.${site.key} is set before module.exports is replaced, so CommonJS loses it`,
          );
        } else if (site.viaExports && !base.aliasesExports) {
          this.decline(
            'MOLT051',
            site.stmt,
            `exports.${site.key} is set after module.exports was replaced: CommonJS does not export it`,
          );
        }
      }
      for (const ref of otherRefs) {
        if (ref.viaExports && !base.aliasesExports) {
          this.decline(
            'MOLT051',
            ref.node,
            '`exports` is used after module.exports was replaced: it is no longer the exported object',
          );
        } else if (ref.node.start < base.value.end && !hasAncestor(ref.path, DEFERRED)) {
          this.decline('MOLT051', ref.node, 'module.exports is used before it is replaced');
        }
      }
    }
    if (this.fileIssues.length) return;
    if (!base && !this.sites.length && !otherRefs.length) {
      this.mode = 'none';
      return;
    }
    const keys = [
      ...(base?.value.type === 'ObjectExpression'
        ? base.value.properties.map((p: N) => (p.type === 'Property' && !p.computed ? propKey(p) : null))
        : []),
      ...this.sites.map((s) => s.key),
    ];
    const distinct = keys.every((k) => k !== null) && new Set(keys).size === keys.length;
    if (otherRefs.length) {
      this.mode = 'alias';
    } else if (!base) {
      this.mode = distinct ? 'props' : 'alias';
    } else if (base.value.type === 'ObjectExpression') {
      this.mode = !this.sites.length || distinct ? 'object' : 'alias';
    } else if (!this.sites.length) {
      this.mode = 'single';
    } else {
      this.mode = distinct && this.functionBaseOk(base) ? 'function' : 'alias';
    }
    if (this.mode === 'alias') {
      const message = otherRefs.length
        ? 'module.exports is read or changed after it is set up, so it stays one object: a default export, no named exports'
        : 'module.exports gets properties molt does not split into named exports (a key set twice, a value other than a function or an object literal, or code in between that may look at it): a default export, no named exports';
      this.note('MOLT151', base?.stmt ?? this.sites[0]?.stmt ?? otherRefs[0]!.node, message);
    }
  }

  /**
   * module.exports = fn; module.exports.x = …: the properties are put on fn at
   * the last of these statements; nothing may look at fn in between
   */
  private functionBaseOk(base: Base): boolean {
    const v = base.value;
    let name: string | null = null;
    if (v.type === 'FunctionExpression' || v.type === 'ClassExpression' || v.type === 'ArrowFunctionExpression') {
      name = v.id?.name ?? null;
    } else if (
      v.type === 'Identifier' &&
      this.topNames.has(v.name) &&
      this.stable(v.name) &&
      (this.isFunctionDecl(v.name) || this.holdsFunction(v.name, base.stmt.start))
    ) {
      name = v.name;
    } else {
      return false;
    }
    const last = this.sites[this.sites.length - 1]!.stmt;
    const body = this.program.body as N[];
    for (const stmt of body) {
      if (stmt.start <= base.stmt.start || stmt.start >= last.start) continue;
      if (this.sites.some((s) => s.stmt === stmt)) continue;
      if (stmt.type === 'FunctionDeclaration') continue;
      if (stmt.type === 'VariableDeclaration' && stmt.declarations.every((d: N) => !d.init || this.pure(d.init)))
        continue;
      return false;
    }
    if (name && v.type === 'Identifier') {
      const reads = this.loadTimeReads(name, [base.stmt, ...this.sites.map((s) => s.stmt)]).filter(
        (n) => n.start > base.stmt.start,
      );
      if (reads.length) return false;
    }
    return true;
  }

  /** an expression that runs no code of anyone else's (getters aside) */
  pure(n: N): boolean {
    if (!n) return true;
    switch (n.type) {
      case 'Literal':
      case 'Identifier':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'ThisExpression':
        return true;
      case 'TemplateLiteral':
        return n.expressions.every((e: N) => this.pure(e));
      case 'ClassExpression':
        return !n.superClass || this.pure(n.superClass);
      case 'ObjectExpression':
        return n.properties.every(
          (p: N) => p.type === 'Property' && (!p.computed || this.pure(p.key)) && this.pure(p.value),
        );
      case 'ArrayExpression':
        return n.elements.every((e: N) => e === null || (e.type !== 'SpreadElement' && this.pure(e)));
      case 'UnaryExpression':
        return n.operator !== 'delete' && this.pure(n.argument);
      case 'BinaryExpression':
      case 'LogicalExpression':
        return this.pure(n.left) && this.pure(n.right);
      case 'ConditionalExpression':
        return this.pure(n.test) && this.pure(n.consequent) && this.pure(n.alternate);
      case 'SequenceExpression':
        return n.expressions.every((e: N) => this.pure(e));
      case 'MemberExpression':
        return this.pure(n.object) && (!n.computed || this.pure(n.property));
      case 'CallExpression':
        // a require that becomes an import, or of a JSON file (loading data runs no code)
        return this.requireSites.some((s) => s.call === n && (s.convert || s.keep?.code === 'MOLT152'));
      default:
        return false;
    }
  }

  /** a top-level statement that runs nothing a hoisted import could depend on */
  pureStatement(stmt: N): boolean {
    switch (stmt.type) {
      case 'EmptyStatement':
      case 'FunctionDeclaration':
      case 'ImportDeclaration':
        return true;
      case 'ClassDeclaration':
        return !stmt.superClass || this.pure(stmt.superClass);
      case 'VariableDeclaration':
        return stmt.declarations.every((d: N) => this.pure(d.init));
      case 'ExpressionStatement': {
        const e = stmt.expression;
        if (stmt.directive) return true;
        if (e.type === 'CallExpression') return this.pure(e);
        if (e.type !== 'AssignmentExpression' || e.operator !== '=' || !this.pure(e.right)) return false;
        // an assignment to a property of this module's own objects (Foo.prototype.x = …, module.exports.x = …)
        let target = e.left;
        while (target.type === 'MemberExpression') target = target.object;
        return (
          target.type === 'Identifier' &&
          (this.topNames.has(target.name) || target.name === 'module' || target.name === 'exports')
        );
      }
      default:
        return false;
    }
  }

  /** specifiers required while the module loads (for the cycle search of other files) */
  loadSpecs(): string[] {
    return this.requireSites.filter((s) => !hasAncestor(s.path, DEFERRED)).map((s) => s.spec);
  }

  /** what consumers may import from this file once converted */
  shape(): ExportShape {
    if (!this.usesCjs) return { kind: 'none' };
    if (this.fileIssues.length) return { kind: 'declined' };
    if (this.mode === 'none') return { kind: 'none' };
    return { kind: 'default', named: new Set(this.namedPlan().map((e) => e.key)) };
  }

  /**
   * the named exports, and the local binding behind each: computed from the
   * shapes alone, so a consumer reading this file's original source and this
   * file's own conversion agree
   */
  namedPlan(): { key: string; how: 'function' | 'binding' | 'const' | 'arrow'; local?: string }[] {
    const out: { key: string; how: 'function' | 'binding' | 'const' | 'arrow'; local?: string }[] = [];
    const base = this.base;
    const canName = (key: string): boolean => validName(key) && key !== 'default' && key !== '__esModule';
    const valueHow = (
      key: string,
      v: N,
      at: number,
      hoist: boolean,
    ): { how: 'function' | 'binding' | 'const' | 'arrow'; local?: string } | null => {
      if (v.type === 'Identifier' && this.topNames.has(v.name) && this.stable(v.name) && this.readyAt(v.name) <= at)
        return { how: 'binding', local: v.name };
      const req = v.type === 'CallExpression' ? this.requireSites.find((s) => s.call === v && s.convert) : undefined;
      if (req) return { how: 'binding' };
      if (!canName(key) || this.topNames.has(key) || this.freeNames.has(key)) return null;
      if (v.type === 'FunctionExpression' && (!v.id || v.id.name === key) && !containsSuper(v))
        return { how: 'function' };
      // an arrow like a function: another unit may have turned one into the other, and consumers read the original
      if (v.type === 'ArrowFunctionExpression') return { how: hoist ? 'arrow' : 'const' };
      return hoist ? null : { how: 'const' };
    };
    if (this.mode === 'object' && base) {
      for (const p of base.value.properties as N[]) {
        if (p.type !== 'Property' || p.computed || p.kind !== 'init') continue;
        const key = propKey(p);
        if (key === null || !canName(key)) continue;
        const how = p.method
          ? canName(key) && !this.topNames.has(key) && !this.freeNames.has(key) && !containsSuper(p.value)
            ? { how: 'function' as const }
            : null
          : valueHow(key, p.value, base.stmt.start, true);
        if (how) out.push({ key, ...how });
      }
      for (const site of this.sites) {
        if (!canName(site.key)) continue;
        const v = site.value;
        // folded into the object literal: only values ready when the object is built
        if (
          v.type === 'Identifier' &&
          this.topNames.has(v.name) &&
          this.stable(v.name) &&
          this.readyAt(v.name) <= base.stmt.start
        ) {
          out.push({ key: site.key, how: 'binding', local: v.name });
        } else if (!this.topNames.has(site.key) && !this.freeNames.has(site.key)) {
          // a function declaration is folded in (hoisted); anything else is set in place as a const
          out.push({
            key: site.key,
            how: v.type === 'FunctionExpression' && (!v.id || v.id.name === site.key) ? 'function' : 'const',
          });
        }
      }
    } else if (this.mode === 'props' || this.mode === 'function') {
      for (const site of this.sites) {
        if (!canName(site.key)) continue;
        const how = valueHow(site.key, site.value, site.stmt.start, false);
        if (how) out.push({ key: site.key, ...how });
      }
    }
    return out;
  }
}

function propKey(p: N): string | null {
  if (p.key.type === 'Identifier') return p.key.name;
  if (isStringLiteral(p.key)) return p.key.value;
  return null;
}

function containsSuper(n: N): boolean {
  let found = false;
  const visit = (x: N): void => {
    if (found || !x || typeof x.type !== 'string') return;
    if (x.type === 'Super') {
      found = true;
      return;
    }
    for (const key of Object.keys(x)) {
      if (key === 'loc' || key === 'comments') continue;
      const v = x[key];
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object' && typeof v.type === 'string') visit(v);
    }
  };
  visit(n.body);
  return found;
}

// ---------------------------------------------------------------------------

const transform: Transform = (file, api, { molt }) => {
  const j = api.jscodeshift;
  const abs = locate(file.path);
  const c = new Converter(j, file.source, abs);
  c.analyze();
  if (!c.usesCjs) return undefined;
  if (c.fileIssues.length) {
    for (const issue of c.fileIssues) molt.declined(issue.code, issue.line, `file left as CommonJS: ${issue.message}`);
    return undefined;
  }
  const src = file.source;
  const edits = new Edits(src);
  const q = quoteOf(c);
  const semi = semicolons(c) ? ';' : '';
  const str = (s: string): string => q + s.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), '\\' + q) + q;
  const tops: Edit[] = [];
  /** imports written at the insertion point (after the leading imports) */
  const hoisted: string[] = [];
  let rewrote = 0;
  let needRequire = c.keptRequires > 0;

  // ---- requires ---------------------------------------------------------
  /** local specifiers whose file was not found on disk: the '.js' is a guess */
  const unchecked: string[] = [];
  const targets = new Map<
    string,
    { spec: string; kind: 'local' | 'builtin' | 'package'; dep: DepInfo | null; abs: string | null; json: boolean }
  >();
  const target = (spec: string) => {
    let t = targets.get(spec);
    if (!t) {
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const r = resolveLocal(abs, spec);
        t = { spec: r.spec, kind: 'local', dep: r.abs ? depInfo(j, r.abs) : null, abs: r.abs, json: r.json };
        if (!r.abs && !r.json && !JS_EXT.test(spec)) unchecked.push(spec);
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
      targets.set(spec, t);
    }
    return t;
  };
  const canNamed = (spec: string, names: string[]): boolean => {
    const t = target(spec);
    if (t.kind === 'builtin') return builtinHas(spec, names);
    if (t.kind === 'local' && t.dep?.shape.kind === 'default') {
      const named = t.dep.shape.named;
      return names.every((n) => named.has(n));
    }
    return false;
  };
  /** the local name a whole-module import of `spec` binds (a default import, or a namespace for a module without exports) */
  const defaults = new Map<string, string>();
  const wholeImport = (spec: string, name: string): ImportDecl => {
    const t = target(spec);
    const ns = t.kind === 'local' && t.dep?.shape.kind === 'none';
    return { spec: t.spec, defaultName: ns ? undefined : name, namespace: ns, named: ns ? [[name, name]] : undefined };
  };
  const printImport = (d: ImportDecl): string => {
    if (d.namespace) return `import * as ${d.named![0]![0]} from ${str(d.spec)}${semi}`;
    const parts: string[] = [];
    if (d.defaultName) parts.push(d.defaultName);
    if (d.named?.length)
      parts.push(
        `{ ${d.named.map(([imported, local]) => (imported === local ? local : `${imported} as ${local}`)).join(', ')} }`,
      );
    return parts.length ? `import ${parts.join(', ')} from ${str(d.spec)}${semi}` : `import ${str(d.spec)}${semi}`;
  };
  const baseName = (spec: string): string => {
    const segs = spec
      .replace(/^node:/, '')
      .split('/')
      .filter((s) => s && s !== '.' && s !== '..');
    let last = (segs.pop() ?? 'mod').replace(/\.(js|cjs|mjs|json)$/, '');
    if (last === 'index' && segs.length) last = segs.pop()!;
    return camel(last);
  };
  /** a whole-module binding for `spec`: reuses one made before */
  const moduleBinding = (spec: string, prefer?: string): { name: string; decl: ImportDecl | null } => {
    const have = defaults.get(spec);
    if (have) return { name: have, decl: null };
    const name = (prefer && c.claim(prefer)) || c.fresh(baseName(spec), 'Module');
    defaults.set(spec, name);
    return { name, decl: wholeImport(spec, name) };
  };

  // a local require that names a JSON file stays a require
  for (const site of c.requireSites) {
    if (site.convert && target(site.spec).json) {
      site.convert = false;
      c.keep(
        site.call,
        'MOLT152',
        `require('${site.spec}') of a JSON file kept through createRequire (an import would need \`with { type: 'json' }\`)`,
      );
      needRequire = true;
    }
  }
  const body = c.program.body as N[];
  const sitesByStmt = new Map<N, RequireSite[]>();
  for (const s of c.requireSites) sitesByStmt.set(s.stmt, [...(sitesByStmt.get(s.stmt) ?? []), s]);
  // names the exports will declare are not for imports
  const plan = c.namedPlan();
  for (const e of plan) if (e.how !== 'binding') c.claim(e.key);

  // local modules that require this one back while they load
  const cycles = new Map<string, string[]>();
  if (abs) {
    for (const site of c.requireSites) {
      if (hasAncestor(site.path, DEFERRED) || !(site.spec.startsWith('.') || site.spec.startsWith('/'))) continue;
      const t = target(site.spec);
      if (t.kind !== 'local' || !t.abs || cycles.has(site.spec)) continue;
      const chain = cycleThrough(j, abs, t.abs);
      if (chain) cycles.set(site.spec, [abs, ...chain]);
    }
  }

  const topRead = new Map<string, N[]>(); // spec → load-time reads of what it gave
  const readsOf = (spec: string, nodes: N[]): void => {
    if (nodes.length) topRead.set(spec, [...(topRead.get(spec) ?? []), ...nodes]);
  };

  // the conversion of each top-level statement that holds converted requires
  const headerStmts = new Set<N>();
  for (const stmt of body) {
    const sites = (sitesByStmt.get(stmt) ?? []).filter((s) => s.convert);
    if (!sites.length) continue;
    if (stmt.type === 'ExpressionStatement' && stmt.expression === sites[0]!.call) {
      const site = sites[0]!;
      const t = target(site.spec);
      tops.push({ start: stmt.start, end: stmt.end, text: printImport({ spec: t.spec }) });
      headerStmts.add(stmt);
      rewrote++;
      continue;
    }
    const handled = new Set<N>();
    if (stmt.type === 'VariableDeclaration') {
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
        rewrote++;
        const spec = site.spec;
        const t = target(spec);
        const member = viaMember ? memberName(init) : null;
        if (d.id.type === 'Identifier' && c.stable(d.id.name) && !member) {
          const name = d.id.name;
          if (!defaults.has(spec)) defaults.set(spec, name);
          pieces.push(printImport(wholeImport(spec, name)));
          readsOf(spec, c.loadTimeReads(name));
          continue;
        }
        if (
          d.id.type === 'Identifier' &&
          c.stable(d.id.name) &&
          member &&
          validName(member) &&
          canNamed(spec, [member])
        ) {
          pieces.push(printImport({ spec: t.spec, named: [[member, d.id.name]] }));
          readsOf(spec, c.loadTimeReads(d.id.name));
          continue;
        }
        const pattern = !member && d.id.type === 'ObjectPattern' ? namedPattern(d.id) : null;
        if (
          pattern &&
          pattern.every(([, local]) => c.stable(local)) &&
          canNamed(
            spec,
            pattern.map(([k]) => k),
          )
        ) {
          pieces.push(printImport({ spec: t.spec, named: pattern }));
          for (const [, local] of pattern) readsOf(spec, c.loadTimeReads(local));
          continue;
        }
        // a default import, then the original declaration reads from it
        const { name, decl } = moduleBinding(spec);
        if (decl) pieces.push(printImport(decl));
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
    // requires inside other code: an import at the top, the call replaced by its binding
    for (const site of sites) {
      if (handled.has(site.call)) continue;
      rewrote++;
      const parent = site.path.parent?.node as N;
      const key =
        parent?.type === 'Property' && parent.value === site.call && !parent.computed && !parent.method
          ? propKey(parent)
          : null;
      const { name, decl } = moduleBinding(site.spec, key ?? undefined);
      if (decl) hoisted.push(printImport(decl));
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
      molt.declined(
        'MOLT057',
        lineOf(reads[0]),
        `file left as CommonJS: circular require ${ring}, and line ${lineOf(reads[0])} uses '${spec}' while the modules load`,
      );
      return undefined;
    }
    c.note(
      'MOLT056',
      site.call,
      `circular require ${ring}: imports are hoisted and bindings are live, so the modules may now load in another order; check that neither uses the other at load time`,
    );
  }

  // ---- require.main, __dirname ------------------------------------------
  let fileUrl: string | null = null;
  for (const m of c.mainChecks) {
    fileUrl ??= c.fresh('pathToFileURL');
    const text = `import.meta.url ${m.negate ? '!==' : '==='} ${fileUrl}(process.argv[1]).href`;
    const parent = m.path.parent?.node as N;
    const bare =
      !parent ||
      [
        'IfStatement',
        'LogicalExpression',
        'ConditionalExpression',
        'ExpressionStatement',
        'VariableDeclarator',
        'ReturnStatement',
        'AssignmentExpression',
      ].includes(parent.type);
    edits.leaf(m.node.start, m.node.end, bare ? text : `(${text})`);
    c.note(
      'MOLT150',
      m.node,
      `${m.viaParent ? '!module.parent' : 'require.main === module'} became a comparison of import.meta.url with process.argv[1], which differs when node is started through a symlink or without the file extension`,
    );
    rewrote++;
  }
  for (const p of c.dirRefs) {
    const node = p.node as N;
    const name = node.type === 'MemberExpression' ? '__filename' : node.name;
    const text = name === '__dirname' ? 'import.meta.dirname' : 'import.meta.filename';
    const parent = p.parent?.node as N;
    if (parent?.type === 'Property' && parent.shorthand) edits.leaf(parent.start, parent.end, `${name}: ${text}`);
    else edits.leaf(node.start, node.end, text);
    rewrote++;
  }

  // ---- exports ----------------------------------------------------------
  const fileBase = camel(fileBaseName(file.path));
  /** export lines that go at the end of the file (alias mode) */
  const exportLines: { text: string } | null = writeExports();
  function writeExports(): { text: string } | null {
    const base = c.base;
    const named = new Map(c.namedPlan().map((e) => [e.key, e]));
    const list: string[] = []; // entries of the final export { … }
    const inlineExported = new Set<string>();
    const exportList = (def: string): string => {
      const entries = [...list, `${def} as ${str('module.exports')}`];
      return `export default ${def}${semi}\nexport { ${entries.join(', ')} }${semi}`;
    };
    const declOf = (key: string, v: N, how: string, isMethod: boolean, indent: string): string => {
      if (how === 'function') {
        inlineExported.add(key);
        const fn = v;
        const head = `export ${fn.async ? 'async ' : ''}function${fn.generator ? '*' : ''} ${key}`;
        const from = isMethod ? fn.start : src.indexOf('(', fn.id ? fn.id.end : fn.start);
        return head + dedent(edits.render(from, fn.end), indent);
      }
      inlineExported.add(key);
      return `export const ${key} = ${dedent(edits.render(v.start, v.end), indent)}${semi}`;
    };
    const leadingComments = (from: number, to: number, prevLineEnd: number, indent: string): string[] =>
      commentsIn(src, from, to)
        .filter((cm) => cm.start > prevLineEnd)
        .map((cm) => dedent(src.slice(cm.start, cm.end), indent));

    switch (c.mode) {
      case 'none':
        return null;
      case 'single': {
        const v = base!.value;
        rewrote++;
        if (
          v.type === 'Identifier' &&
          c.topNames.has(v.name) &&
          c.stable(v.name) &&
          c.readyAt(v.name) <= base!.stmt.start
        ) {
          tops.push({ start: base!.stmt.start, end: base!.stmt.end, text: exportList(v.name) });
          return null;
        }
        if ((v.type === 'FunctionExpression' || v.type === 'ClassExpression') && v.id && c.claim(v.id.name)) {
          const text = `export default ${edits.render(v.start, v.end)}\nexport { ${v.id.name} as ${str('module.exports')} }${semi}`;
          tops.push({ start: base!.stmt.start, end: base!.stmt.end, text });
          return null;
        }
        const e = c.fresh(fileBase, 'Exports');
        tops.push({
          start: base!.stmt.start,
          end: base!.stmt.end,
          text: `const ${e} = ${edits.render(v.start, v.end)}${semi}\n${exportList(e)}`,
        });
        return null;
      }
      case 'object': {
        const obj = base!.value;
        const e = c.fresh(fileBase, 'Exports');
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
          const plan = key !== null && !p.computed && p.kind === 'init' ? named.get(key) : undefined;
          const leading = leadingComments(prevEnd, p.start, prevLineEnd, indent);
          // a comment after the comma, on the property's own line, stays with it
          const nextStart = props[i + 1]?.start ?? obj.end - 1;
          const eol = src.indexOf('\n', p.end);
          const trailing = commentsIn(src, p.end, nextStart).filter((cm) => eol < 0 || cm.start < eol);
          prevEnd = p.end;
          prevLineEnd = eol < 0 ? src.length : eol;
          if (trailing.length) prevLineEnd = Math.max(prevLineEnd, trailing[trailing.length - 1]!.end);
          const trailingText = trailing.map((cm) => src.slice(cm.start, cm.end)).join(' ');
          const withLeading = (text: string): string => [...leading, text].join('\n' + indent);
          rewrote++;
          if (plan && (plan.how === 'function' || plan.how === 'arrow')) {
            changed = true;
            decls.push(
              [
                ...leading,
                declOf(key!, p.value, plan.how, !!p.method, indentAt(src, p.start)) +
                  (trailingText ? ' ' + trailingText : ''),
              ].join('\n'),
            );
            entries.push({ text: key!, trailing: '' });
            return;
          }
          if (plan && plan.how === 'binding') {
            const local = plan.local ?? defaults.get(c.requireSites.find((s) => s.call === p.value)!.spec)!;
            if (!(p.shorthand && local === key)) changed = true;
            list.push(local === key ? key! : `${local} as ${key}`);
            entries.push({ text: withLeading(local === key ? key! : `${key}: ${local}`), trailing: trailingText });
            return;
          }
          entries.push({ text: withLeading(edits.render(p.start, p.end)), trailing: trailingText });
        });
        // later module.exports.k = … statements: folded into the object, or set on it in place
        for (const site of c.sites) {
          const plan = named.get(site.key);
          rewrote++;
          if (plan?.how === 'function') {
            tops.push({
              start: site.stmt.start,
              end: site.stmt.end,
              text: declOf(site.key, site.value, 'function', false, ''),
            });
            entries.push({ text: site.key, trailing: '' });
            changed = true;
          } else if (plan?.how === 'binding') {
            tops.push({ start: site.stmt.start, end: afterLine(src, site.stmt.end, true), text: '' });
            list.push(plan.local === site.key ? site.key : `${plan.local} as ${site.key}`);
            entries.push({ text: plan.local === site.key ? site.key : `${site.key}: ${plan.local}`, trailing: '' });
            changed = true;
          } else if (plan?.how === 'const') {
            const text = `${declOf(site.key, site.value, 'const', false, '')}\n${e}.${site.key} = ${site.key}${semi}`;
            tops.push({ start: site.stmt.start, end: site.stmt.end, text });
          } else {
            const target = validKey(site.key) ? `${e}.${site.key}` : `${e}[${str(site.key)}]`;
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
        const text = [...decls.map((d) => d + '\n'), `const ${e} = ${objectText}${semi}\n${exportList(e)}`].join('\n');
        tops.push({ start: base!.stmt.start, end: base!.stmt.end, text });
        return null;
      }
      case 'props':
      case 'function': {
        const entries: string[] = [];
        let e: string;
        if (c.mode === 'function') {
          const v = base!.value;
          rewrote++;
          if (v.type === 'Identifier') {
            e = v.name;
            tops.push({ start: base!.stmt.start, end: afterLine(src, base!.stmt.end, true), text: '' });
          } else if ((v.type === 'FunctionExpression' || v.type === 'ClassExpression') && v.id && c.claim(v.id.name)) {
            e = v.id.name;
            tops.push({ start: base!.stmt.start, end: base!.stmt.end, text: edits.render(v.start, v.end) });
          } else {
            e = c.fresh(fileBase, 'Exports');
            tops.push({
              start: base!.stmt.start,
              end: base!.stmt.end,
              text: `const ${e} = ${edits.render(v.start, v.end)}${semi}`,
            });
          }
        } else {
          e = c.fresh(fileBase, 'Exports');
        }
        const last = c.sites[c.sites.length - 1]!.stmt;
        for (const site of c.sites) {
          const plan = named.get(site.key);
          rewrote++;
          let local: string;
          let text: string;
          if (plan?.how === 'function' || plan?.how === 'const') {
            local = site.key;
            text = declOf(site.key, site.value, plan.how, false, '');
          } else if (plan?.how === 'binding') {
            local = plan.local ?? defaults.get(c.requireSites.find((s) => s.call === site.value)!.spec)!;
            list.push(local === site.key ? local : `${local} as ${site.key}`);
            text = '';
          } else {
            local = c.fresh(validName(site.key) ? site.key : 'value', 'Export');
            text = `const ${local} = ${edits.render(site.value.start, site.value.end)}${semi}`;
          }
          entries.push(
            validKey(site.key) ? (local === site.key ? local : `${site.key}: ${local}`) : `${str(site.key)}: ${local}`,
          );
          const assemble =
            site.stmt === last
              ? c.mode === 'function'
                ? `Object.assign(${e}, { ${entries.join(', ')} })${semi}\n${exportList(e)}`
                : `const ${e} = { ${entries.join(', ')} }${semi}\n${exportList(e)}`
              : '';
          const joined = [text, assemble].filter(Boolean).join('\n');
          tops.push({
            start: site.stmt.start,
            end: joined ? site.stmt.end : afterLine(src, site.stmt.end, true),
            text: joined,
          });
        }
        return null;
      }
      case 'alias': {
        let e: string;
        if (base) {
          const v = base.value;
          rewrote++;
          if (
            v.type === 'Identifier' &&
            c.topNames.has(v.name) &&
            c.stable(v.name) &&
            c.readyAt(v.name) <= base.stmt.start
          ) {
            e = v.name;
            tops.push({ start: base.stmt.start, end: afterLine(src, base.stmt.end, true), text: '' });
          } else {
            e = c.fresh(fileBase, 'Exports');
            tops.push({
              start: base.stmt.start,
              end: base.stmt.end,
              text: `const ${e} = ${edits.render(v.start, v.end)}${semi}`,
            });
          }
        } else {
          e = c.fresh(fileBase, 'Exports');
          hoisted.push(`const ${e} = {}${semi}`);
        }
        for (const ref of c.exportRefs) {
          if (base && ref.node.start >= base.stmt.start && ref.node.end <= base.value.start) continue; // the base's own targets
          const parent = ref.path.parent?.node as N;
          if (ref.viaExports && parent?.type === 'Property' && parent.shorthand)
            edits.leaf(parent.start, parent.end, `exports: ${e}`);
          else edits.leaf(ref.node.start, ref.node.end, e);
          rewrote++;
        }
        return { text: exportList(e) };
      }
    }
  }

  // ---- 'use strict', imports at the top, createRequire ------------------
  const directives = body.filter((s) => s.type === 'ExpressionStatement' && s.directive !== undefined);
  for (const d of directives) {
    if (d.directive === 'use strict') {
      tops.push({ start: d.start, end: skipSpace(src, d.end), text: '' });
      rewrote++;
    }
  }
  const statements = body.filter((s) => !directives.includes(s));
  const head: string[] = [];
  if (needRequire) head.push(`import { createRequire } from ${str('node:module')}${semi}`);
  if (fileUrl)
    head.push(
      `import { ${fileUrl === 'pathToFileURL' ? fileUrl : `pathToFileURL as ${fileUrl}`} } from ${str('node:url')}${semi}`,
    );
  head.push(...hoisted.filter((h) => h.startsWith('import')));
  if (needRequire) head.push(`const require = createRequire(import.meta.url)${semi}`);
  head.push(...hoisted.filter((h) => !h.startsWith('import')));
  if (head.length) {
    let lastHeader: N = null;
    for (const stmt of statements) {
      if (headerStmts.has(stmt) || stmt.type === 'ImportDeclaration') lastHeader = stmt;
      else break;
    }
    if (lastHeader) {
      tops.push({
        start: afterLine(src, lastHeader.end, false),
        end: afterLine(src, lastHeader.end, false),
        text: '\n' + head.join('\n'),
      });
    } else {
      const first = statements[0] ?? null;
      const at = first ? attachedCommentsStart(src, first, directives) : src.length;
      tops.push({ start: at, end: at, text: head.join('\n') + '\n' + (first ? '\n' : '') });
    }
  }
  let out = edits.render(0, src.length, tops);
  if (exportLines) out = out.replace(/\s*$/, '') + '\n\n' + exportLines.text + '\n';
  const isModule = c.root.find(j.ImportDeclaration).size() > 0 || /(^|\n)\s*(import|export)\s/.test(out);
  if (!isModule) out = out.replace(/\s*$/, '') + '\n\nexport {}' + semi + '\n';

  const converted = c.requireSites.filter((s) => s.convert && unchecked.includes(s.spec));
  if (converted.length) {
    const where = abs ? `not found next to ${shown(abs, abs)}` : `not checked: ${file.path} was not found on disk`;
    c.note(
      'MOLT154',
      converted[0]!.call,
      `${converted.map((s) => `'${s.spec}'`).join(', ')} written as ${converted.map((s) => `'${target(s.spec).spec}'`).join(', ')} (${where}); require cycles were not checked`,
    );
  }
  for (const issue of c.issues) molt.declined(issue.code, issue.line, issue.message);
  molt.rewrote(rewrote || 1);
  return out === src ? undefined : out;
};

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
    for (const key of Object.keys(n)) {
      if (key === 'loc' || key === 'comments') continue;
      const v = n[key];
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object' && typeof v.type === 'string') visit(v);
    }
  };
  visit(stmt);
  return found;
}

/** const { a, b: c } = …: [[key, local]], or null for anything richer */
function namedPattern(pattern: N): [string, string][] | null {
  const out: [string, string][] = [];
  for (const p of pattern.properties as N[]) {
    if (p.type !== 'Property' || p.computed || p.value.type !== 'Identifier') return null;
    const key = propKey(p);
    if (key === null || !IDENT.test(key) || key === 'default') return null;
    out.push([key, p.value.name]);
  }
  return out.length ? out : null;
}

function renderMember(src: string, member: N): string {
  return src.slice(member.object.end, member.end);
}

function camel(name: string): string {
  const parts = name.split(/[^A-Za-z0-9_$]+/).filter(Boolean);
  const joined = parts.map((p, i) => (i === 0 ? p : p[0]!.toUpperCase() + p.slice(1))).join('');
  return joined || 'mod';
}

function fileBaseName(file: string): string {
  const parts = file.split(/[\\/]/);
  let base = (parts.pop() ?? 'module').split('.')[0]!;
  if (base === 'index' && parts.length) base = parts.pop()!;
  return base || 'module';
}

const validKey = (key: string): boolean => IDENT.test(key);

/** the end of a statement, extended over a comment that shares its line (and the line break, when `eat`) */
function afterLine(src: string, end: number, eat: boolean): number {
  const eol = src.indexOf('\n', end);
  const rest = src.slice(end, eol < 0 ? src.length : eol);
  if (!eat) return /^\s*(\/\/|\/\*.*\*\/\s*$)/.test(rest) ? (eol < 0 ? src.length : eol) : end;
  if (rest.trim() !== '') return end;
  return eol < 0 ? src.length : eol + 1;
}

function skipSpace(src: string, pos: number): number {
  while (pos < src.length && /\s/.test(src[pos]!)) pos++;
  return pos;
}

/** before the comments that belong to the first statement (not before a file header) */
function attachedCommentsStart(src: string, first: N, directives: N[]): number {
  const from = directives.length ? skipSpace(src, directives[directives.length - 1].end) : 0;
  const comments = commentsIn(src, from, first.start);
  let at = first.start;
  for (let i = comments.length - 1; i >= 0; i--) {
    const between = src.slice(comments[i]!.end, at);
    if (/\n\s*\n/.test(between)) break;
    if (i === 0) return first.start; // the whole run starts the file: a header, imports go below it
    at = comments[i]!.start;
  }
  return at;
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

export default transform;
