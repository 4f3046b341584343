import fs from 'node:fs';
import path from 'node:path';

/** Never copied: installed packages, VCS data, runtime data, the hand-copied config.js. */
const SKIP_DIRS = new Set(['node_modules', '.git', 'data', 'data-test', '.tmp']);
const SKIP_FILES = new Set(['config.js']);

export interface SourceTree {
  /** .js files molt migrates (relative paths) */
  transform: string[];
  /** everything else, copied as is (relative paths) */
  copy: string[];
}

/**
 * Lists a source tree. `keep` are path prefixes whose .js files are copied
 * unchanged (browser code such as public/ is not a Node module).
 */
export function listTree(root: string, keep: string[] = ['public/']): SourceTree {
  const tree: SourceTree = { transform: [], copy: [] };
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(full);
      } else if (entry.isFile() && !(dir === root && SKIP_FILES.has(entry.name))) {
        const migrate = rel.endsWith('.js') && !rel.endsWith('.min.js') && !keep.some((k) => rel.startsWith(k));
        (migrate ? tree.transform : tree.copy).push(rel);
      }
    }
  };
  walk(root);
  tree.transform.sort();
  tree.copy.sort();
  return tree;
}

export type ParsedFiles<T> = Map<string, { mtimeMs: number; value: T | null }>;

/**
 * `read(source)` of a file on disk, kept in `cache` while the file's mtime stays: units read the
 * local modules a file requires, and each of those is read for many files. Null when the file is
 * missing or `read` throws (a file that does not parse).
 */
export function readCached<T>(cache: ParsedFiles<T>, file: string, read: (source: string) => T): T | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return null;
  }
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === stat.mtimeMs) return hit.value;
  let value: T | null;
  try {
    value = read(fs.readFileSync(file, 'utf8'));
  } catch {
    value = null;
  }
  cache.set(file, { mtimeMs: stat.mtimeMs, value });
  return value;
}

/** How `fromFile` imports the module at `toModule` (a .ts file, or a path without extension): `./x.js`, `../types/sampled.js`. */
export function importSpecifier(fromFile: string, toModule: string): string {
  const rel = path.relative(path.dirname(fromFile), toModule.replace(/\.ts$/, '')).split(path.sep).join('/');
  return `${rel.startsWith('.') ? rel : `./${rel}`}.js`;
}
