/**
 * The hand-edit ledger: how much of migrated/ is as molt wrote it.
 *   tsx codemods/src/ledger.ts <molt-out> <migrated>
 * A migrated line counts as molt's when molt's output has the same line (trimmed,
 * each output line used once); everything else was written or changed by hand.
 * Prints the totals and writes <molt-out>/ledger.json with per-file figures.
 */
import fs from 'node:fs';
import path from 'node:path';

const SKIP = new Set(['node_modules', 'test', 'public', 'data']);

function tsFiles(root: string, dir = root): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return SKIP.has(e.name) ? [] : tsFiles(root, full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

const meaningful = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^(\/\/|\/\*|\*)/.test(l) && !/^[{}()[\];,]+$/.test(l));

export interface LedgerFile {
  file: string;
  lines: number;
  fromMolt: number;
}

export function ledger(moltOut: string, migrated: string): { files: LedgerFile[]; lines: number; fromMolt: number } {
  const pool = new Map<string, number>();
  for (const f of tsFiles(moltOut)) for (const l of meaningful(fs.readFileSync(f, 'utf8'))) pool.set(l, (pool.get(l) ?? 0) + 1);
  const files = tsFiles(migrated).map((f) => {
    const lines = meaningful(fs.readFileSync(f, 'utf8'));
    let fromMolt = 0;
    for (const l of lines) {
      const left = pool.get(l) ?? 0;
      if (left > 0) {
        pool.set(l, left - 1);
        fromMolt += 1;
      }
    }
    return { file: path.relative(migrated, f), lines: lines.length, fromMolt };
  });
  return { files, lines: files.reduce((n, f) => n + f.lines, 0), fromMolt: files.reduce((n, f) => n + f.fromMolt, 0) };
}

const [outDir, migratedDir] = process.argv.slice(2);
if (outDir && migratedDir) {
  const result = ledger(outDir, migratedDir);
  fs.writeFileSync(path.join(outDir, 'ledger.json'), JSON.stringify(result, null, 2) + '\n');
  const pct = result.lines ? ((100 * result.fromMolt) / result.lines).toFixed(1) : '0';
  console.log(
    `molt hand-edit ledger: ${migratedDir} has ${result.lines} code lines; ${result.fromMolt} (${pct} %) are as molt wrote them, ` +
      `${result.lines - result.fromMolt} were written or changed by hand (per file: ${path.join(outDir, 'ledger.json')})`,
  );
}
