/**
 * The file system side: where the file being converted is on disk, what file or package entry a
 * specifier names once ESM resolution (which adds no extensions) reads it, whether a package has
 * an ES module entry, and which names a node builtin exports.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { N } from './syntax.js';

/** the file being converted on disk, when it can be found */
export function locate(file: string): string | null {
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

export const JS_EXT = /\.(js|cjs|mjs)$/;

interface Resolved {
  /** the specifier to write in the import */
  spec: string;
  /** the file it names, when known */
  abs: string | null;
  json: boolean;
}

/** './x' → './x.js' or './x/index.js' (checked on disk when the file is known, else './x.js') */
export function resolveLocal(fromFile: string | null, spec: string): Resolved {
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
export function resolvePackage(fromFile: string | null, spec: string): { spec: string; esmEntry: boolean } {
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
export function builtinHas(spec: string, names: string[]): boolean {
  try {
    const mod = hostRequire(spec) as Record<string, unknown>;
    return names.every((n) => Object.prototype.hasOwnProperty.call(mod, n));
  } catch {
    return false;
  }
}
