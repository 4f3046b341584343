/**
 * npm run bench:watch [-- --runs=N] [--quick] [--only=users,messaging] [--file=legacy/plugins/profanity.js]
 *   [--out=<file>] [--verbose]
 *
 * Save-to-result latency of `npm run watch` against the baseline of rerunning
 * every contract test on any change (`mocha --watch` over harness/contract).
 * Each runs on its own scratch copy of the repo (legacy/, harness/ and the root
 * configs; node_modules symlinked), with the same edits: a comment appended to
 * one service file, N times, the two runners' saves alternating, each save
 * waiting for the run it caused to finish. For each save: ms to the first test result line and
 * to the totals line. Prints median / p90 of both and the ratios watch/baseline;
 * writes harness/watch/out/bench-watch.json.
 *
 * --only=a,b: only the contract files whose name contains one of these, for both
 * (the watcher through its own --only=, the baseline by its file list).
 * --quick: --only=users,messaging and one save each (--runs still wins): a smoke run.
 * --verbose: echo both runners' output.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../src/targets.js';
import { childEnv, makeScratchCopy, Proc, RESULT_LINE, TOTALS_LINE, type Scratch } from './scratch.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string' },
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    file: { type: 'string', default: 'legacy/plugins/profanity.js' },
    out: { type: 'string', default: path.join(REPO_ROOT, 'harness', 'watch', 'out', 'bench-watch.json') },
    verbose: { type: 'boolean', default: false },
  },
});

const quick = values.quick ?? false;
const runs = Math.max(1, Math.min(50, Number(values.runs ?? (quick ? 1 : 5)) || 1));
const file = values.file ?? 'legacy/plugins/profanity.js';
const ONLY = (values.only ?? (quick ? 'users,messaging' : '')).split(',').filter(Boolean);
/** one save's run; the whole contract suite includes the browser suite (minutes) */
const RUN_TIMEOUT_MS = (ONLY.length ? 3 : 12) * 60_000;
/** the whole bench */
const DEADLINE = Date.now() + (ONLY.length ? 8 + runs * 2 : 30 + runs * 12) * 60_000;
const SETTLE_MS = 500;

const log = (line: string): void => console.log(`[bench] ${line}`);
const echo = values.verbose ? (line: string): void => console.log(`    | ${line}`) : undefined;

export interface Sample {
  firstResultMs: number;
  totalsMs: number;
  totals: string;
}

interface Stats {
  median: number;
  p90: number;
}

/** nearest-rank percentile */
function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? NaN;
}

function stats(xs: number[]): Stats {
  return { median: Math.round(percentile(xs, 50)), p90: Math.round(percentile(xs, 90)) };
}

function timeLeft(): number {
  const left = DEADLINE - Date.now();
  if (left <= 0) throw new Error('bench deadline passed');
  return left;
}

/** appends a harmless comment; returns when the write is done */
function save(root: string, i: number): number {
  fs.appendFileSync(path.join(root, file), `\n// bench:watch save ${i} ${Date.now()}\n`);
  return performance.now();
}

/** one runner under test: its process, its copy, and the line that says a run has settled */
interface Runner {
  label: string;
  proc: Proc;
  root: string;
  done: RegExp | null;
  samples: Sample[];
}

/** saves once; waits for the first result line and the totals line after the save, then for `done` */
async function measureOne(r: Runner, i: number): Promise<void> {
  const from = r.proc.lines.length;
  const t0 = save(r.root, i);
  const totals = await r.proc.waitFor(TOTALS_LINE, from, Math.min(RUN_TIMEOUT_MS, timeLeft()));
  const first = r.proc.lines.slice(from, totals.index).find((l) => RESULT_LINE.test(l.text));
  if (r.done) await r.proc.waitFor(r.done, totals.index, 30_000);
  const sample = { firstResultMs: Math.round((first ?? totals).t - t0), totalsMs: Math.round(totals.t - t0), totals: totals.text };
  r.samples.push(sample);
  log(`${r.label.padEnd(8)} save ${i}/${runs}: first result ${sample.firstResultMs} ms, totals ${sample.totalsMs} ms (${sample.totals})`);
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
}

/** builds the copy's coverage map, then starts the watcher on it */
async function startWatcher(scratch: Scratch, procs: Proc[]): Promise<{ runner: Runner; selected: string[] }> {
  const root = scratch.dir;
  const mapFile = path.join(root, '.tmp', 'watch-map.json');
  const only = ONLY.length ? [`--only=${ONLY.join(',')}`] : [];
  const cli = path.join(root, 'harness', 'watch', 'cli.ts');
  // the coverage map first (and tsx's cache warm), so no save pays for it
  log(`watcher: building the coverage map of the copy${only.length ? ` (${only[0]})` : ''}`);
  const seed = path.join(REPO_ROOT, '.tmp', 'watch-map.json');
  if (fs.existsSync(seed)) {
    // entries whose test-side inputs still match are kept; the rest are remapped
    fs.mkdirSync(path.dirname(mapFile), { recursive: true });
    fs.copyFileSync(seed, mapFile);
  }
  const prep = new Proc(process.execPath, ['--import', 'tsx', cli, '--once', file, '--dry', `--map=${mapFile}`, ...only], {
    cwd: root, env: childEnv(), echo,
  });
  procs.push(prep);
  await prep.waitFor(/^\[watch\] done in/, 0, timeLeft());
  await prep.exited;
  const selected = [...prep.text().matchAll(/^\[watch\]\s+run (\S+)/gm)].map((m) => m[1] ?? '');
  log(`watcher: a save of ${file} selects ${selected.join(', ') || 'nothing'}`);

  const watcher = new Proc(process.execPath, ['--import', 'tsx', cli, `--map=${mapFile}`, ...only], { cwd: root, env: childEnv(), echo });
  procs.push(watcher);
  await watcher.waitFor(/^\[watch\] watching /, 0, Math.min(60_000, timeLeft()));
  const done = /^\[watch\] (\d+ passed|no totals).* in [\d.]+ s$/;
  return { runner: { label: 'watch', proc: watcher, root, done, samples: [] }, selected };
}

/** starts mocha --watch on its copy and waits for its initial run */
async function startBaseline(scratch: Scratch, procs: Proc[]): Promise<{ runner: Runner; files: string[]; initialMs: number }> {
  const root = scratch.dir;
  const contractDir = path.join(root, 'harness', 'contract');
  const files = fs
    .readdirSync(contractDir)
    .filter((f) => f.endsWith('.test.ts') && (!ONLY.length || ONLY.some((o) => f.includes(o))))
    .sort()
    .map((f) => `harness/contract/${f}`);
  log(`baseline: mocha --watch over ${files.length} contract files; waiting for its initial run`);
  const started = performance.now();
  const mocha = new Proc(
    process.execPath,
    [
      path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'),
      '--no-config', '--node-option', 'import=tsx',
      '--reporter', path.join(root, 'harness', 'src', 'mocha-totals-reporter.cjs'),
      '--timeout', '20000',
      '--watch', '--watch-files', 'legacy/**/*.js,harness/**/*.ts',
      '--watch-ignore', '**/node_modules/**,legacy/data/**,.tmp/**',
      ...files,
    ],
    { cwd: root, env: childEnv({ TARGET: 'legacy' }), echo },
  );
  procs.push(mocha);
  const initial = await mocha.waitFor(TOTALS_LINE, 0, Math.min(RUN_TIMEOUT_MS, timeLeft()));
  const initialMs = Math.round(initial.t - started);
  log(`baseline: initial run ${initialMs} ms (${initial.text})`);
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  return { runner: { label: 'baseline', proc: mocha, root, done: null, samples: [] }, files, initialMs };
}

async function main(): Promise<number> {
  // one copy each: the two runners never see each other's saves, and their saves alternate,
  // so both meet the same machine load
  const scratches = [makeScratchCopy(REPO_ROOT, 'bench-watch-'), makeScratchCopy(REPO_ROOT, 'bench-base-')];
  const removeAll = (): void => scratches.forEach((s) => s.remove());
  const procs: Proc[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.all(procs.map((p) => p.stop(3000)));
  };
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      interrupted = true;
      log(`${signal}: stopping`);
      void stopAll().finally(() => {
        removeAll();
        process.exit(130);
      });
    });
  }
  log(`scratch copies ${scratches.map((s) => s.dir).join(', ')}; ${runs} save(s) of ${file} each${quick ? ' (quick)' : ''}`);
  try {
    const [watchCopy, baseCopy] = scratches as [Scratch, Scratch];
    const { runner: watch, selected } = await startWatcher(watchCopy, procs);
    const baseline = await startBaseline(baseCopy, procs);
    for (let i = 1; i <= runs; i++) {
      await measureOne(watch, i);
      await measureOne(baseline.runner, i);
    }
    const w = { firstResult: stats(watch.samples.map((s) => s.firstResultMs)), totals: stats(watch.samples.map((s) => s.totalsMs)) };
    const b = { firstResult: stats(baseline.runner.samples.map((s) => s.firstResultMs)), totals: stats(baseline.runner.samples.map((s) => s.totalsMs)) };
    const ratio = (x: number, y: number): number => Math.round((x / y) * 1000) / 1000;
    const ratios = {
      firstResult: { median: ratio(w.firstResult.median, b.firstResult.median), p90: ratio(w.firstResult.p90, b.firstResult.p90) },
      totals: { median: ratio(w.totals.median, b.totals.median), p90: ratio(w.totals.p90, b.totals.p90) },
    };
    const report = {
      at: new Date().toISOString(),
      quick,
      only: ONLY,
      runs,
      file,
      watch: { selected, ...w, samples: watch.samples },
      baseline: { command: 'mocha --watch', files: baseline.files, initialRunMs: baseline.initialMs, ...b, samples: baseline.runner.samples },
      ratios,
    };
    const out = path.resolve(values.out ?? 'harness/watch/out/bench-watch.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    const row = (name: string, s: { firstResult: Stats; totals: Stats }): string =>
      `${name.padEnd(9)} first result median ${s.firstResult.median} ms, p90 ${s.firstResult.p90} ms; totals median ${s.totals.median} ms, p90 ${s.totals.p90} ms`;
    console.log('');
    log(row('watch', w));
    log(row('baseline', b));
    log(`ratio     first result median ${ratios.firstResult.median}, p90 ${ratios.firstResult.p90}; totals median ${ratios.totals.median}, p90 ${ratios.totals.p90} (watch/baseline)`);
    log(`wrote ${path.relative(REPO_ROOT, out)}`);
    return 0;
  } catch (err) {
    if (!interrupted) log(`failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await stopAll();
    removeAll();
  }
}

process.exitCode = await main();
