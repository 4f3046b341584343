import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Report } from '../src/report.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ReportRun {
  out: string;
  report: Report;
}

let run: Promise<ReportRun> | undefined;

/**
 * One end-to-end run of the CLI per mocha process, shared by every suite that needs a real report (the run is
 * the slow part). REPORTS_TEST_OUT keeps the output (screenshot included) in that folder for a person to look at.
 */
export function reportRun(): Promise<ReportRun> {
  run ??= (async () => {
    const out = process.env.REPORTS_TEST_OUT ? path.resolve(process.env.REPORTS_TEST_OUT) : mkdtempSync(path.join(os.tmpdir(), 'molt-report-out-'));
    await promisify(execFile)(process.execPath, ['--import', 'tsx', 'reports/src/cli.ts', '--out', out], { cwd: repoRoot });
    return { out, report: JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report };
  })();
  return run;
}

async function removeReportRun(): Promise<void> {
  if (!run || process.env.REPORTS_TEST_OUT) return;
  const { out } = await run.catch(() => ({ out: undefined }));
  if (out) rmSync(out, { recursive: true, force: true });
  run = undefined;
}

// a root hook: runs once after every suite that imported this module, whichever file they are in
after(removeReportRun);
