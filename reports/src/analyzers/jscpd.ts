import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AnalyzerRun, Clone, SideInput } from '../types.js';
import { codeLines } from './code-lines.js';

// jscpd 4's ESM build imports named exports from the CommonJS `colors` package and fails to load; its CJS build works
const { detectClonesAndStatistic } = createRequire(import.meta.url)('jscpd') as typeof import('jscpd');

export interface DuplicationResult {
  percentage: number;
  duplicatedLines: number;
  totalLines: number;
  clones: Clone[];
  /** files under jscpd's minLines, absent from its statistics */
  tooShort: string[];
}

const MIN_LINES = 5;

function codeLineCount(absPath: string): number {
  return readFileSync(absPath, 'utf8').split('\n').filter((l) => l.trim() !== '').length;
}

/**
 * jscpd's defaults skip files over 1000 lines or 100 kB without a word; both limits are lifted so the
 * file-count guard sees every file. minLines/minTokens stay at jscpd's defaults (5 lines, 50 tokens).
 */
export async function runJscpd(input: SideInput): Promise<AnalyzerRun<DuplicationResult>> {
  const byAbs = new Map(input.files.map((f) => [path.resolve(f.absPath), f]));
  const { clones, statistic } = await detectClonesAndStatistic({
    path: [...byAbs.keys()],
    format: ['javascript'],
    minLines: MIN_LINES,
    minTokens: 50,
    maxLines: Number.MAX_SAFE_INTEGER,
    maxSize: '100mb',
    absolute: true,
    silent: true,
    reporters: [],
    noSymlinks: true,
    gitignore: false,
  });
  const display = (sourceId: string): string => byAbs.get(path.resolve(sourceId))?.displayPath ?? sourceId;
  const tokenized = new Set(Object.keys(statistic.formats['javascript']?.sources ?? {}).map(display));
  // jscpd leaves files shorter than minLines out of its statistics: they are read (and cannot hold a clone), so
  // they count as read but are listed, never dropped unseen
  const tooShort = input.files.filter((f) => !tokenized.has(f.displayPath) && codeLineCount(f.absPath) < MIN_LINES).map((f) => f.displayPath);
  const total = statistic.total;
  return {
    analyzer: 'jscpd',
    parsed: [...tokenized, ...tooShort],
    failures: [],
    result: {
      percentage: total.percentage,
      duplicatedLines: total.duplicatedLines,
      totalLines: total.lines,
      tooShort,
      clones: clones.map((c) => {
        const parts = [c.duplicationA, c.duplicationB];
        return {
          lines: c.duplicationA.end.line - c.duplicationA.start.line + 1,
          instances: parts.map((d) => ({
            file: display(d.sourceId),
            startLine: d.start.line,
            endLine: d.end.line,
            code: codeLines(path.resolve(d.sourceId), d.start.line, d.end.line),
          })),
        };
      }),
    },
  };
}
