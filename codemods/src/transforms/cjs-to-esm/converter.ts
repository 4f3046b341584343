/**
 * One file's CommonJS, analysed without touching the file system: the Converter holds what the
 * other modules read and write (references to require/module/exports and where each binds, the
 * require sites, the module.exports assignments and the export mode, the diagnostics), the naming
 * helpers that pick free top-level names, and analyze(), which walks the identifiers once and hands
 * each CommonJS reference to the require, sloppy-mode and export checks. It is also how cycles.ts
 * reads a module this file requires.
 */
import type { ASTPath, Collection, JSCodeshift } from 'jscodeshift';
import { lineOf } from '../../ast.js';
import { planExports } from './export-plan.js';
import type { Base, ExportShape, ExportSite, Issue, Mode, RequireSite } from './model.js';
import { namedPlan } from './named-exports.js';
import { validName } from './names.js';
import { classifyRequire, decideConversions, mainCheckOf } from './requires.js';
import { checkSloppyMode } from './sloppy-mode.js';
import { CJS_NAMES, DEFERRED, hasAncestor, isRef, memberName, type N } from './syntax.js';

export class Converter {
  readonly root: Collection<any>;
  readonly program: N;
  readonly issues: Issue[] = [];
  readonly fileIssues: Issue[] = [];
  private programScope: N;
  bindings: Record<string, ASTPath[]> = {};
  ids: { path: ASTPath; node: N; name: string; where: 'free' | 'program' | 'inner' }[] = [];
  readonly idWhere = new Map<N, 'free' | 'program' | 'inner'>();
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
    /** the tree of src, when the caller parsed it */
    root?: Collection<any>,
  ) {
    this.root = root ?? j(src);
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
    checkSloppyMode(this);

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
          classifyRequire(this, p);
          break;
        case 'module':
          if (memberName(parent) === 'exports' && parent.object === node) {
            this.exportRefs.push({ node: parent, path: p.parent as ASTPath, viaExports: false });
          } else if (mainCheckOf(this, p)) {
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
    decideConversions(this);
    planExports(this);
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

  keep(node: N, code: string, message: string): void {
    this.keptRequires++;
    this.note(code, node, message);
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
    return { kind: 'default', named: new Set(namedPlan(this).map((e) => e.key)) };
  }
}
