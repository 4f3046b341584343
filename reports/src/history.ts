import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Report } from './report.js';

export interface HistoryEntry {
  commit: string;
  date: string;
  legacy: KeyFigures;
  migrated: KeyFigures;
}

interface KeyFigures {
  files: number;
  duplicationPercent: number;
  cyclomaticMean: number;
  cognitiveMean: number;
  maintainabilityMean: number;
  slocLogical: number;
}

function keyFigures(s: Report['sides']['legacy']['summary']): KeyFigures {
  const { files, duplicationPercent, cyclomaticMean, cognitiveMean, maintainabilityMean, slocLogical } = s;
  return { files, duplicationPercent, cyclomaticMean, cognitiveMean, maintainabilityMean, slocLogical };
}

/** Appends this run and returns the whole history, oldest first. */
export function appendHistory(file: string, report: Report): HistoryEntry[] {
  const history: HistoryEntry[] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as HistoryEntry[]) : [];
  history.push({
    commit: report.commit,
    date: report.generatedAt,
    legacy: keyFigures(report.sides.legacy.summary),
    migrated: keyFigures(report.sides.migrated.summary),
  });
  writeFileSync(file, JSON.stringify(history, null, 2) + '\n');
  return history;
}
