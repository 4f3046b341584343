import { parses } from '../src/apply.js';
import { migrateSource, selectUnits, type Selection } from '../src/pipeline.js';

export interface CheckJob {
  id: number;
  pkg: string;
  rel: string;
  source: string;
  selection: Selection;
}

/** What one corpus file did under molt: small enough to post back from a worker. */
export interface FileCheck {
  pkg: string;
  rel: string;
  lines: number;
  /** unparsable: the input itself does not parse (MOLT001), so there is nothing to hold molt to */
  status: 'changed' | 'unchanged' | 'unparsable';
  /** diagnostic codes of the first run, counted */
  codes: Record<string, number>;
  /** MOLT000 messages, from either run */
  crashes: string[];
  /** MOLT002 messages (a unit's output did not parse and was dropped: molt's net caught it) */
  dropped: string[];
  /** set when molt's output does not parse */
  outputError?: string;
  /** set when a second run on the output changed it: the first line that differs */
  notIdempotent?: string;
  ms: number;
}

function firstDifference(a: string, b: string): string {
  const left = a.split('\n');
  const right = b.split('\n');
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    if (left[i] !== right[i])
      return `line ${i + 1}: ${JSON.stringify((left[i] ?? '').trim().slice(0, 80))} → ${JSON.stringify((right[i] ?? '').trim().slice(0, 80))}`;
  }
  return 'only line endings differ';
}

/** Runs the selected units on one file, checks the output parses, and runs them again on the output. */
export function checkFile(job: CheckJob): FileCheck {
  const started = performance.now();
  const units = selectUnits(job.selection);
  const check: FileCheck = {
    pkg: job.pkg,
    rel: job.rel,
    lines: job.source.split('\n').length,
    status: 'unchanged',
    codes: {},
    crashes: [],
    dropped: [],
    ms: 0,
  };
  const first = migrateSource(job.rel, job.source, units);
  for (const d of first.diagnostics) {
    check.codes[d.code] = (check.codes[d.code] ?? 0) + 1;
    if (d.code === 'MOLT000') check.crashes.push(d.message);
    if (d.code === 'MOLT002') check.dropped.push(d.message);
  }
  if (first.status === 'failed') {
    check.status = 'unparsable';
  } else if (first.status === 'changed') {
    check.status = 'changed';
    const error = parses(first.source);
    if (error) check.outputError = error.split('\n')[0];
    // an unchanged file needs no second run: the same input gives the same output
    const second = migrateSource(job.rel, first.source, units);
    for (const d of second.diagnostics) if (d.code === 'MOLT000') check.crashes.push(`second run: ${d.message}`);
    if (second.source !== first.source) check.notIdempotent = firstDifference(first.source, second.source);
  }
  check.ms = performance.now() - started;
  return check;
}
