import fs from 'node:fs';
import path from 'node:path';
import { CORPUS, packageDir } from './fetch.js';

/** Bigger files are browser/dist bundles (lodash's monolith, moment-with-locales...): not what molt is for. */
export const MAX_BYTES = 300 * 1024;

export interface CorpusFile {
  /** name@version */
  pkg: string;
  /** path inside the package, with / */
  rel: string;
  abs: string;
  bytes: number;
}

export interface SkippedFile extends CorpusFile {
  reason: 'minified' | 'over 300 KB';
}

export interface CorpusListing {
  files: CorpusFile[];
  skipped: SkippedFile[];
}

/**
 * A minified file: named *.min.js / *-min.js, or most of its bytes sit on very
 * long lines (hand-written code has lines of a few dozen characters).
 */
export function looksMinified(rel: string, source: string): boolean {
  if (/[.-]min\.js$/.test(rel)) return true;
  const lines = source.split('\n');
  const long = lines.filter((l) => l.length > 500).reduce((n, l) => n + l.length, 0);
  return source.length > 2000 && long / source.length > 0.5;
}

/** Every .js file of the unpacked corpus (node_modules included if a package bundles one), sorted. */
export function listCorpus(): CorpusListing {
  const listing: CorpusListing = { files: [], skipped: [] };
  for (const p of CORPUS) {
    const root = packageDir(p);
    if (!fs.existsSync(root)) continue;
    const pkg = `${p.name}@${p.version}`;
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const abs = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(abs);
        else if (entry.isFile() && entry.name.endsWith('.js')) {
          const rel = path.relative(root, abs).split(path.sep).join('/');
          const bytes = fs.statSync(abs).size;
          const file = { pkg, rel, abs, bytes };
          if (bytes > MAX_BYTES) listing.skipped.push({ ...file, reason: 'over 300 KB' });
          else if (looksMinified(rel, fs.readFileSync(abs, 'utf8')))
            listing.skipped.push({ ...file, reason: 'minified' });
          else listing.files.push(file);
        }
      }
    };
    walk(root);
  }
  return listing;
}

/** "2 over 300 KB (lodash@3.10.1/index.js 402 KB), 3 minified (...)" */
export function describeSkipped(skipped: SkippedFile[]): string {
  if (!skipped.length) return 'none';
  const byReason = new Map<string, SkippedFile[]>();
  for (const s of skipped) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s]);
  return [...byReason]
    .map(
      ([reason, files]) =>
        `${files.length} ${reason} (${files.map((f) => `${f.pkg}/${f.rel} ${Math.round(f.bytes / 1024)} KB`).join(', ')})`,
    )
    .join('; ');
}
