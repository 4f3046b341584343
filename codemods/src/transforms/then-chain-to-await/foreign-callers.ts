/**
 * Callers in other modules: the file is on disk (the CLI hands units absolute paths), so the other
 * modules of its package are read, and a require/import of this file whose function results get a
 * method native promises lack (.tap, .spread, .return, .catch(filter, fn), ...) declines the
 * function. Each module's uses are cached by mtime across units.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { JSCodeshift } from 'jscodeshift';
import { lineOf, readTree, requiredModule } from '../../ast.js';
import { readCached, type ParsedFiles } from '../../files.js';
import { NATIVE_METHODS } from './known-names.js';
import { walk, type N } from './syntax.js';

/** the names other modules can reach a function by: its own and the export keys that point at it */
export function exportNames(program: N, names: Set<string>): Set<string> {
  const out = new Set(names);
  walk(program, (n) => {
    if (
      (n.type === 'Property' || n.type === 'ObjectProperty') &&
      !n.computed &&
      n.value?.type === 'Identifier' &&
      names.has(n.value.name)
    ) {
      const k = n.key;
      const key = k.type === 'Identifier' ? k.name : typeof k.value === 'string' ? k.value : null;
      if (key) out.add(key);
    }
    if (
      n.type === 'AssignmentExpression' &&
      n.right.type === 'Identifier' &&
      names.has(n.right.name) &&
      n.left.type === 'MemberExpression' &&
      !n.left.computed
    ) {
      out.add(n.left.property.name);
    }
    if (n.type === 'ExportSpecifier' && names.has(n.local.name)) out.add(n.exported.name ?? n.exported.value);
  });
  return out;
}

interface ForeignUse {
  target: string;
  name: string;
  method: string;
  where: string;
}

const usesCache: ParsedFiles<ForeignUse[]> = new Map();

export function packageRoot(file: string): string | null {
  for (let d = path.dirname(file); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'package.json'))) return d;
    if (path.dirname(d) === d) return null;
  }
}

export function jsFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) jsFiles(full, out);
    else if (/\.(c|m)?js$/.test(e.name)) out.push(full);
  }
  return out;
}

export function resolveLocal(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.js`, path.join(base, 'index.js')]) {
    try {
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return null;
}

/** every call in `file` on a function of a local module whose result gets a method native promises lack */
function usesIn(j: JSCodeshift, file: string): ForeignUse[] {
  return readCached(usesCache, file, (source) => usesInProgram(readTree(j, source).get().node.program, file)) ?? [];
}

/**
 * What the names of `file` that hold local modules stand for: local name -> [module file, the export it is, or null
 * for the module object]. Requires (a name, or a destructured pattern of plain names) and imports, anywhere.
 */
export function localModuleBindings(program: N, file: string): Map<string, [string, string | null]> {
  const bound = new Map<string, [string, string | null]>();
  walk(program, (n) => {
    if (n.type === 'VariableDeclarator' && n.init) {
      const mod = requiredModule(n.init);
      const target = mod === null ? null : resolveLocal(file, mod);
      if (!target) return;
      if (n.id.type === 'Identifier') bound.set(n.id.name, [target, null]);
      if (n.id.type === 'ObjectPattern') {
        for (const prop of n.id.properties) {
          if (prop.type !== 'RestElement' && !prop.computed && prop.key.type === 'Identifier' && prop.value.type === 'Identifier')
            bound.set(prop.value.name, [target, prop.key.name]);
        }
      }
    }
    if (n.type === 'ImportDeclaration') {
      const target = resolveLocal(file, String(n.source.value));
      if (!target) return;
      for (const sp of n.specifiers) bound.set(sp.local.name, [target, sp.type === 'ImportSpecifier' ? (sp.imported.name ?? sp.imported.value) : null]);
    }
  });
  return bound;
}

function usesInProgram(program: N, file: string): ForeignUse[] {
  const uses: ForeignUse[] = [];
  const bound = localModuleBindings(program, file);
  const moduleOf = (n: N): string | null => {
    const mod = n ? requiredModule(n) : null;
    return mod === null ? null : resolveLocal(file, mod);
  };
  const callTarget = (call: N): [string, string] | null => {
    const c = call.callee;
    if (c.type === 'Identifier') {
      const b = bound.get(c.name);
      return b && b[1] ? [b[0], b[1]] : null;
    }
    if (c.type === 'MemberExpression' && !c.computed && c.property.type === 'Identifier') {
      if (c.object.type === 'Identifier') {
        const b = bound.get(c.object.name);
        return b && b[1] === null ? [b[0], c.property.name] : null;
      }
      const target = moduleOf(c.object);
      return target ? [target, c.property.name] : null;
    }
    return null;
  };
  walk(program, (n) => {
    if (n.type !== 'CallExpression' || n.callee.type !== 'MemberExpression' || n.callee.computed) return;
    const inner = n.callee.object;
    if (inner.type !== 'CallExpression') return;
    const t = callTarget(inner);
    if (!t) return;
    const method = n.callee.property.name;
    if (!NATIVE_METHODS.has(method) || (method === 'catch' && n.arguments.length > 1)) {
      uses.push({ target: t[0], name: t[1], method, where: `${path.basename(file)}:${lineOf(n) ?? 0}` });
    }
  });
  return uses;
}

/** callers in the other modules of this file's package that need a bluebird promise from `names` */
export function foreignMisuse(j: JSCodeshift, file: string, names: Set<string>): string[] {
  if (!path.isAbsolute(file) || !fs.existsSync(file)) return [];
  const root = packageRoot(file);
  if (!root) return [];
  const self = path.resolve(file);
  const out: string[] = [];
  for (const other of jsFiles(root)) {
    if (other === self) continue;
    for (const use of usesIn(j, other)) {
      if (use.target === self && names.has(use.name)) out.push(`${use.name}(...).${use.method}(...) in ${use.where}`);
    }
  }
  return out;
}
