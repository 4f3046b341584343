/**
 * npm start: the main job. Runs every stage that exists (molt migrate + hand-edit ledger,
 * type-check, type-check of molt's output, contracts on legacy and migrated, replay,
 * quality report), independent ones side by side, says plainly which stages are not
 * there yet, and writes reports/out/summary.json and reports/out/summary.html.
 *
 *   npm start -- [--only <stage[,stage]>] [--skip <stage[,stage]>] [--json] [--jobs N]
 *
 * Exit code: 0 when no stage failed, 1 naming the failed stages, 2 bad usage.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../harness/src/targets.js';
import { parseArgs, UsageError, USAGE, type Options } from './main-job/args.js';
import { renderHtml } from './main-job/html.js';
import { Progress } from './main-job/progress.js';
import { runStages, stopAll } from './main-job/scheduler.js';
import { STAGES } from './main-job/stages.js';
import { buildSummary, renderTable } from './main-job/summary.js';

let opts: Options;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  console.error(`parrot main job: ${err.message}\n${USAGE}`);
  process.exit(2);
}

const startMs = Date.now();
const outDir = path.join(REPO_ROOT, 'reports', 'out');
const files = { json: path.join(outDir, 'summary.json'), html: path.join(outDir, 'summary.html') };
// with --json stdout carries only the summary
const say = opts.json ? process.stderr : process.stdout;
const progress = new Progress(say, opts.selected.size);

let interrupted = false;
process.on('SIGINT', () => {
  interrupted = true;
  stopAll('SIGINT');
});

const results = await runStages(STAGES, { root: REPO_ROOT, logDir: path.join(outDir, 'logs'), jobs: opts.jobs, selected: opts.selected, events: progress });
progress.stop();

const summary = buildSummary(REPO_ROOT, results, opts.left, startMs, files);
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(files.json, JSON.stringify(summary, null, 2) + '\n');
fs.writeFileSync(files.html, renderHtml(summary, REPO_ROOT, files.html));

if (opts.json) {
  process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
} else {
  console.log(`\n${renderTable(summary, process.stdout.columns || 120)}`);
  if (summary.ledger) console.log(`\n${summary.ledger}`);
  console.log(`\nsummary: ${path.relative(process.cwd(), files.html)} (and summary.json), ${summary.seconds.toFixed(1)} s in all`);
}
if (interrupted) {
  say.write('parrot main job: interrupted\n');
  process.exit(130);
}
if (summary.failed.length) {
  console.error(`parrot main job failed at: ${summary.failed.join(', ')}`);
  process.exit(1);
}
