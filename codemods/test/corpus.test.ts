import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import type { CheckJob, FileCheck } from '../corpus/check.js';
import { CORPUS, fetchCorpus } from '../corpus/fetch.js';
import { describeSkipped, listCorpus, type CorpusListing } from '../corpus/files.js';
import { runChecks } from '../corpus/pool.js';
import { selectUnits } from '../src/pipeline.js';

/**
 * molt on real ES5 packages (codemods/corpus/fetch.ts), every registered unit:
 * no unit may crash (MOLT000), every output must parse, and a second run on the
 * output must change nothing.
 *
 * The whole corpus takes minutes, so the files run in a fixed shuffled order
 * (rounds of one file per package, smallest first within a round) in worker
 * threads until a time budget is spent; what was checked and what was not is
 * printed.
 *   MOLT_CORPUS_BUDGET=<seconds>  (default 40; 0 = no limit: the whole corpus)
 *   MOLT_CORPUS_SEED=<text>       another order, so another sample
 *   MOLT_CORPUS_WORKERS=<n>       threads (default: 2, or 1 on a single core)
 */
const BUDGET_S = Number(process.env.MOLT_CORPUS_BUDGET ?? 40);
const SEED = process.env.MOLT_CORPUS_SEED ?? 'molt';
const WORKERS = Number(process.env.MOLT_CORPUS_WORKERS ?? Math.min(2, os.availableParallelism()));

const rank = (key: string): string => createHash('sha1').update(`${SEED}\0${key}`).digest('hex');

/** Shuffled within each package, then rounds of one file of each package. */
function sampleOrder(files: CorpusListing['files']): CorpusListing['files'] {
  const byPkg = new Map<string, CorpusListing['files']>();
  for (const f of files) byPkg.set(f.pkg, [...(byPkg.get(f.pkg) ?? []), f]);
  const queues = [...byPkg.values()].map((list) => [...list].sort((a, b) => (rank(a.rel) < rank(b.rel) ? -1 : 1)));
  const order: CorpusListing['files'] = [];
  for (let i = 0; queues.some((q) => i < q.length); i++) {
    // within a round, small files first: a budget cut leaves the big ones, not whole packages, unchecked
    const round = queues.filter((q) => i < q.length).map((q) => q[i]!);
    order.push(...round.sort((a, b) => a.bytes - b.bytes));
  }
  return order;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const codes = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([code, n]) => `${code}×${n}`)
    .join(' ') || '-';

describe('molt on the robustness corpus (real ES5 packages)', function () {
  let listing: CorpusListing;

  before(async function () {
    // npm pack of the whole corpus takes some seconds; once fetched, nothing is asked of the registry
    this.timeout(300_000);
    // a failed fetch fails this hook and so the suite: never a silent skip
    const report = await fetchCorpus((line) => console.log(`      ${line}`));
    if (report.packed.length || report.unpacked.length) {
      console.log(
        `      corpus: fetched ${report.packed.length}, unpacked ${report.unpacked.length} of ${CORPUS.length} packages`,
      );
    }
    listing = listCorpus();
  });

  it('never crashes, always parses, and a second run changes nothing', async function () {
    this.timeout(BUDGET_S > 0 ? (BUDGET_S + 60) * 1000 : 0);
    assert.ok(Number.isInteger(WORKERS) && WORKERS > 0, `MOLT_CORPUS_WORKERS must be a positive whole number`);
    const units = selectUnits();
    const { files, skipped } = listing;
    assert.ok(files.length > 0, 'the corpus has no .js file: codemods/corpus/packages/ is empty?');
    console.log(`      units: ${units.map((u) => u.name).join(', ') || '(none registered)'}`);
    console.log(
      `      corpus: ${files.length + skipped.length} .js files; skipped ${skipped.length}: ${describeSkipped(skipped)}`,
    );

    const ordered = sampleOrder(files);
    const jobs: CheckJob[] = ordered.map((f, id) => ({
      id,
      pkg: f.pkg,
      rel: f.rel,
      source: fs.readFileSync(f.abs, 'utf8'),
      selection: {},
    }));
    const started = performance.now();
    const deadline = BUDGET_S > 0 ? started + BUDGET_S * 1000 : Infinity;
    const outcome = await runChecks(jobs, WORKERS, deadline);
    const seconds = (performance.now() - started) / 1000;

    const lines = (list: { source: string }[]): number => list.reduce((n, j) => n + j.source.split('\n').length, 0);
    const checkedLines = outcome.results.reduce((n, r) => n + r.lines, 0);
    console.log(
      `      sampled: checked ${outcome.results.length} of ${jobs.length} files (${checkedLines} of ${lines(jobs)} lines) ` +
        `in ${seconds.toFixed(1)} s on ${WORKERS} thread(s); budget ${BUDGET_S > 0 ? `${BUDGET_S} s` : 'none'} ` +
        `(MOLT_CORPUS_BUDGET=0 checks all), order seed "${SEED}" (MOLT_CORPUS_SEED)`,
    );
    if (outcome.running.length) {
      console.log(
        `      cut off while running at the deadline: ${outcome.running.map((j) => `${j.pkg}/${j.rel} (${j.source.split('\n').length} lines)`).join(', ')}`,
      );
    }
    if (outcome.notStarted.length) console.log(`      not reached: ${outcome.notStarted.length} files`);

    const rows = CORPUS.map((p) => {
      const pkg = `${p.name}@${p.version}`;
      const mine = outcome.results.filter((r) => r.pkg === pkg);
      const declined: Record<string, number> = {};
      for (const r of mine) for (const [code, n] of Object.entries(r.codes)) declined[code] = (declined[code] ?? 0) + n;
      const problems = mine.filter((r) => r.crashes.length || r.outputError || r.notIdempotent).length;
      return [
        pkg,
        String(files.filter((f) => f.pkg === pkg).length),
        String(skipped.filter((f) => f.pkg === pkg).length),
        String(mine.length),
        String(mine.reduce((n, r) => n + r.lines, 0)),
        String(mine.filter((r) => r.status === 'changed').length),
        String(mine.filter((r) => r.status === 'unparsable').length),
        String(problems),
        codes(declined),
      ];
    });
    const total = (i: number): string => String(rows.reduce((n, r) => n + Number(r[i]), 0));
    rows.push(['total', total(1), total(2), total(3), total(4), total(5), total(6), total(7), '']);
    const header = [
      'package',
      'files',
      'skipped',
      'checked',
      'lines',
      'changed',
      'unparsable',
      'problems',
      'declined (first run, by code)',
    ];
    console.log(table(header, rows).replace(/^/gm, '      '));

    const slowest = [...outcome.results].sort((a, b) => b.ms - a.ms).slice(0, 3);
    console.log(
      `      slowest: ${slowest.map((r) => `${r.pkg}/${r.rel} ${r.lines} lines ${(r.ms / 1000).toFixed(1)} s`).join(', ')}`,
    );
    const dropped = outcome.results.filter((r) => r.dropped.length);
    for (const r of dropped) console.log(`      note: ${r.pkg}/${r.rel}: ${r.dropped.join('; ')}`);
    const unparsable = outcome.results.filter((r) => r.status === 'unparsable');
    if (unparsable.length)
      console.log(
        `      inputs that do not parse (MOLT001, copied as they are): ${unparsable.map((r) => `${r.pkg}/${r.rel}`).join(', ')}`,
      );

    const failures: string[] = [];
    const where = (r: FileCheck): string => `${r.pkg}/${r.rel}`;
    for (const r of outcome.results) {
      for (const c of r.crashes) failures.push(`${where(r)}: ${c}`);
      if (r.outputError) failures.push(`${where(r)}: the output does not parse: ${r.outputError}`);
      if (r.notIdempotent) failures.push(`${where(r)}: a second run changed the output, ${r.notIdempotent}`);
    }
    for (const e of outcome.workerErrors)
      failures.push(e.job ? `${e.job.pkg}/${e.job.rel}: the worker thread died: ${e.message}` : e.message);
    if (failures.length) {
      console.log(`      FAILURES (${failures.length}):`);
      for (const f of failures) console.log(`        ${f}`);
      const shown = failures.slice(0, 5).join('\n');
      assert.fail(
        `molt failed on ${failures.length} corpus file(s) (all listed above):\n${shown}${failures.length > 5 ? '\n...' : ''}`,
      );
    }
    assert.ok(outcome.results.length > 0, `no corpus file finished within ${BUDGET_S} s: raise MOLT_CORPUS_BUDGET`);
  });
});
