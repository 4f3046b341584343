import type { AnalyzerRun, SourceFile } from './types.js';

export interface UnreadFile {
  analyzer: string;
  side: string;
  file: string;
  reason: string;
}

/** Thrown when an analyzer read fewer files than it was given: a silent drop would skew every figure. */
export class UnreadFilesError extends Error {
  readonly code = 'REPORT_FILES_UNREAD';
  constructor(readonly unread: UnreadFile[]) {
    super(
      `analyzers could not read ${unread.length} file(s):\n` +
        unread.map((u) => `  ${u.side} ${u.analyzer}: ${u.file} (${u.reason})`).join('\n'),
    );
  }
}

/** Compares what one analyzer parsed with the side's file list; returns every file it missed. */
export function findUnread(side: string, files: SourceFile[], run: AnalyzerRun<unknown>): UnreadFile[] {
  const parsed = new Set(run.parsed);
  const reasons = new Map(run.failures.map((f) => [f.file, f.message]));
  return files
    .filter((f) => !parsed.has(f.displayPath))
    .map((f) => ({
      analyzer: run.analyzer,
      side,
      file: f.displayPath,
      reason: reasons.get(f.displayPath) ?? 'not in the analyzer output',
    }));
}

export function assertAllRead(side: string, files: SourceFile[], runs: AnalyzerRun<unknown>[]): void {
  const unread = runs.flatMap((run) => findUnread(side, files, run));
  if (unread.length > 0) throw new UnreadFilesError(unread);
}
