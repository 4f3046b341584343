import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { SourceFile } from './types.js';

/**
 * public/ is left out on both sides: it is the browser client, which the migration did not touch
 * (migrated/public/js is the same ES5 code), so counting it would dilute both sides alike.
 */
const LEGACY_SKIPPED_DIRS = new Set(['node_modules', 'public', 'libs', 'data']);
const MIGRATED_ROOTS = ['src', 'conf', 'config'];

function walk(dir: string, accept: (name: string) => boolean, skipDirs: Set<string>): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skipDirs.has(entry.name)) found.push(...walk(full, accept, skipDirs));
    } else if (entry.isFile() && accept(entry.name)) {
      found.push(full);
    }
  }
  return found;
}

function toSourceFiles(repoRoot: string, absPaths: string[]): SourceFile[] {
  return absPaths
    .map((absPath) => ({ absPath, displayPath: path.relative(repoRoot, absPath).split(path.sep).join('/') }))
    .sort((a, b) => a.displayPath.localeCompare(b.displayPath));
}

export function listLegacyFiles(repoRoot: string): SourceFile[] {
  const legacyDir = path.join(repoRoot, 'legacy');
  return toSourceFiles(repoRoot, walk(legacyDir, (name) => name.endsWith('.js'), LEGACY_SKIPPED_DIRS));
}

export function listMigratedFiles(repoRoot: string): SourceFile[] {
  const isSource = (name: string): boolean => name.endsWith('.ts') && !name.endsWith('.d.ts');
  const skip = new Set(['node_modules']);
  const found = MIGRATED_ROOTS.flatMap((root) => walk(path.join(repoRoot, 'migrated', root), isSource, skip));
  return toSourceFiles(repoRoot, found);
}
