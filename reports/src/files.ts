import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { SourceFile } from './types.js';

/**
 * Both sides include the browser client: legacy's ES5 jQuery files in public/js (jQuery and socket.io are served
 * from public/libs, vendored, so not counted) against migrated's TypeScript client in web/, which esbuild bundles
 * into migrated/public/js (a build output, never counted).
 */
const LEGACY_SKIPPED_DIRS = new Set(['node_modules', 'public', 'libs', 'data']);
const LEGACY_CLIENT_DIR = 'public/js';
const MIGRATED_ROOTS = ['src', 'conf', 'config', 'web'];
const isVendored = (name: string): boolean => name.endsWith('.min.js');

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
  const isScript = (name: string): boolean => name.endsWith('.js') && !isVendored(name);
  const server = walk(legacyDir, isScript, LEGACY_SKIPPED_DIRS);
  const client = walk(path.join(legacyDir, LEGACY_CLIENT_DIR), isScript, LEGACY_SKIPPED_DIRS);
  return toSourceFiles(repoRoot, [...server, ...client]);
}

export function listMigratedFiles(repoRoot: string): SourceFile[] {
  const isSource = (name: string): boolean => name.endsWith('.ts') && !name.endsWith('.d.ts') && !name.endsWith('.test.ts');
  const skip = new Set(['node_modules']);
  const found = MIGRATED_ROOTS.flatMap((root) => walk(path.join(repoRoot, 'migrated', root), isSource, skip));
  return toSourceFiles(repoRoot, found);
}
