import path from 'node:path';

/** the top-level directories the watcher looks at */
export const WATCHED_DIRS = ['legacy', 'migrated', 'codemods', 'harness'] as const;

/** directory names never looked into: installs, runtime data, output, scratch */
const SKIPPED_SEGMENTS = new Set(['node_modules', '.git', '.tmp', 'data', 'data-test', 'coverage', 'dist']);

/** repo-relative, forward slashes, no leading ./ ('' for the root itself) */
export function toRepoPath(root: string, file: string): string {
  const rel = path.relative(root, path.resolve(root, file));
  return rel.split(path.sep).join('/');
}

/** package.json, package-lock.json, tsconfig*.json, .mocharc.cjs, legacy/misc/config-*.js */
export function isFullRunTrigger(rel: string): boolean {
  const base = rel.split('/').pop() ?? '';
  if (base === 'package.json' || base === 'package-lock.json') return true;
  if (/^tsconfig.*\.json$/.test(base)) return true;
  if (rel === '.mocharc.cjs') return true;
  if (rel === 'harness/src/mocha-totals-reporter.cjs') return true; // every run prints through it
  return /^legacy\/misc\/config-[^/]*\.js$/.test(rel);
}

/** files at the repo root the watcher also follows (they trigger full runs) */
function isWatchedRootFile(name: string): boolean {
  return !name.includes('/') && isFullRunTrigger(name);
}

/**
 * true for paths the watcher must not report (or descend into). Paths are
 * repo-relative; the root itself ('') is never ignored.
 */
export function isIgnored(rel: string): boolean {
  if (rel === '' || rel === '.') return false;
  if (rel.startsWith('..')) return true;
  const parts = rel.split('/');
  const top = parts[0] ?? '';
  if (parts.length === 1 && !(WATCHED_DIRS as readonly string[]).includes(top)) return !isWatchedRootFile(top);
  if (!(WATCHED_DIRS as readonly string[]).includes(top)) return true;
  if (parts.some((p) => SKIPPED_SEGMENTS.has(p))) return true;
  return /(^|\/)reports\/out(\/|$)/.test(rel);
}

export const isTestFile = (rel: string): boolean => rel.endsWith('.test.ts');
export const isContractTest = (rel: string): boolean => /^harness\/contract\/.+\.test\.ts$/.test(rel);
