/** A whole bench run: every target in turn under one workload, then the report files. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../harness/src/targets.js';
import type { LoadOptions } from './options.js';
import { renderHtml } from './report-html.js';
import { runTarget, type TargetResult } from './run-target.js';
import { goals, limitOf, ratios, type FailedTarget, type LoadReport } from './summary.js';
import { TARGET_DESCRIPTIONS } from './targets.js';

export const DEFAULT_OUT_DIR = path.join(REPO_ROOT, 'bench', 'out');

export async function runLoadBench(o: LoadOptions, log: (line: string) => void): Promise<LoadReport> {
  const startedAt = new Date().toISOString();
  const results: TargetResult[] = [];
  const failed: FailedTarget[] = [];
  for (const name of o.targets) {
    log(TARGET_DESCRIPTIONS[name]);
    try {
      results.push(await runTarget(name, o, log));
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      log(`${name} failed: ${error}`);
      failed.push({ name, error });
    }
  }
  const r = ratios(results);
  const cores = os.cpus().length;
  return {
    startedAt, machine: { cpus: cores, node: process.version }, options: o, results, failed, ratios: r, goals: goals(r),
    limits: Object.fromEntries(results.map((t) => [t.name, limitOf(t, cores)])),
  };
}

/** writes load.json and load.html and, for a run into bench/out when the quality reports' dir exists, a copy beside them */
export function writeReport(report: LoadReport): string[] {
  fs.mkdirSync(report.options.outDir, { recursive: true });
  const json = path.join(report.options.outDir, 'load.json');
  const html = path.join(report.options.outDir, 'load.html');
  fs.writeFileSync(json, JSON.stringify(report, null, 2));
  fs.writeFileSync(html, renderHtml(report));
  const written = [json, html];
  const reportsOut = path.join(REPO_ROOT, 'reports', 'out');
  if (report.options.outDir === DEFAULT_OUT_DIR && fs.existsSync(reportsOut)) {
    const copy = path.join(reportsOut, 'bench-load.html');
    fs.copyFileSync(html, copy);
    written.push(copy);
  }
  return written;
}

