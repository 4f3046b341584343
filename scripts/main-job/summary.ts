import fs from 'node:fs';
import path from 'node:path';
import { STAGES } from './stages.js';
import type { StageResult } from './types.js';

export interface Output {
  label: string;
  /** relative to the repo root */
  path: string;
  /** written while this job ran (else left by an earlier run) */
  fresh: boolean;
}

export interface Summary {
  date: string;
  seconds: number;
  ok: boolean;
  failed: string[];
  ledger: string | null;
  stages: StageResult[];
  outputs: Output[];
  summaryJson: string;
  summaryHtml: string;
}

/** Detailed outputs the stages (or earlier commands) may have written; listed when present. */
const OUTPUTS: { label: string; path: string }[] = [
  { label: 'replay differences (text)', path: 'reports/out/replay/diff.txt' },
  { label: 'replay differences (JSON)', path: 'reports/out/replay/diff.json' },
  { label: 'quality report', path: 'reports/out/index.html' },
  { label: 'quality report (markdown)', path: 'reports/out/report.md' },
  { label: 'molt per-file report', path: '.tmp/molt-out/molt-report.json' },
  { label: 'molt hand-edit ledger', path: '.tmp/molt-out/ledger.json' },
  { label: 'molt benchmark (npm run bench:molt)', path: 'codemods/bench/out/molt-bench.json' },
  { label: 'load benchmark', path: 'bench/out/load.json' },
  { label: 'load benchmark', path: 'reports/out/bench/load.json' },
  { label: 'load benchmark', path: 'harness/bench/out/load.json' },
];

export function buildSummary(root: string, results: Map<string, StageResult>, left: Set<string>, startMs: number, files: { json: string; html: string }): Summary {
  const stages = STAGES.map(
    (s): StageResult =>
      results.get(s.name) ?? {
        name: s.name,
        status: 'skipped',
        startedAt: 0,
        seconds: 0,
        detail: left.has(s.name) ? 'left out (--only/--skip)' : 'not run',
        exitCode: null,
        log: null,
        rerun: s.rerun,
      },
  );
  const outputs: Output[] = [];
  for (const o of OUTPUTS) {
    const full = path.join(root, o.path);
    if (!fs.existsSync(full)) continue;
    outputs.push({ ...o, fresh: fs.statSync(full).mtimeMs >= startMs });
  }
  const failed = stages.filter((s) => s.status === 'failed').map((s) => s.name);
  const migrate = results.get('migrate');
  const ledger = migrate?.status === 'passed' && migrate.detail.startsWith('molt hand-edit ledger') ? migrate.detail : null;
  return {
    date: new Date(startMs).toISOString(),
    seconds: (Date.now() - startMs) / 1000,
    ok: failed.length === 0,
    failed,
    ledger,
    stages,
    outputs,
    summaryJson: path.relative(root, files.json),
    summaryHtml: path.relative(root, files.html),
  };
}

const clip = (text: string, width: number): string => (text.length > width ? `${text.slice(0, width - 1)}…` : text);

/** The compact table for the terminal. */
export function renderTable(s: Summary, width = 100): string {
  const rows = s.stages.map((r) => {
    const time = r.status === 'passed' || r.status === 'failed' ? `${r.seconds.toFixed(1)} s` : '';
    const head = `${r.name.padEnd(20)}${r.status.padEnd(15)}${time.padStart(8)}  `;
    return head + clip(r.detail.split('\n')[0] ?? '', Math.max(20, width - head.length));
  });
  return [`${'stage'.padEnd(20)}${'status'.padEnd(15)}${'time'.padStart(8)}  detail`, ...rows].join('\n');
}
