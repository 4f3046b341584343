/**
 * npm run replay -- --a=legacy --b=legacy|migrated|<url> [--out reports/out/replay]
 *
 * Launches both targets (fresh data dirs, free ports), runs the scripted
 * scenario against each, writes the raw and normalized traces and a diff
 * report (JSON and text) into --out, and prints "N steps, M differences".
 * Exit code: 0 no difference, 1 differences, 2 bad usage or a failed run,
 * 3 a target is not available.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launch, TargetUnavailable, type RunningTarget } from '../src/launcher.js';
import { TARGETS, isUrlTarget } from '../src/targets.js';
import { diffTraces, renderDiff } from './diff.js';
import { intendedFor, split } from './intended.js';
import { normalizeTrace } from './normalize.js';
import { runScenario } from './scenario.js';

function usage(message: string): never {
  console.error(`parrot replay: ${message}`);
  console.error('usage: npm run replay -- --a=<target> --b=<target> [--out <dir>]   (target: legacy, migrated or a URL)');
  process.exit(2);
}

let values: { a?: string; b?: string; out?: string };
try {
  ({ values } = parseArgs({
    options: {
      a: { type: 'string', default: 'legacy' },
      b: { type: 'string', default: 'legacy' },
      out: { type: 'string', default: path.join('reports', 'out', 'replay') },
    },
  }));
} catch (err) {
  usage((err as Error).message);
}
const names = [values.a ?? 'legacy', values.b ?? 'legacy'] as const;
for (const name of names) {
  if (!isUrlTarget(name) && !TARGETS[name]) usage(`unknown target "${name}"`);
}
const outDir = path.resolve(values.out ?? 'reports/out/replay');

/** launch() trusts a URL target; one that does not answer /ping is not available */
async function start(name: string): Promise<RunningTarget> {
  const target = await launch(name);
  if (isUrlTarget(name)) {
    const alive = await fetch(`${target.restUrl}/ping`, { signal: AbortSignal.timeout(3000) }).then((r) => r.ok, () => false);
    if (!alive) throw new TargetUnavailable(name, 'it does not answer GET /ping');
  }
  return target;
}

const started = Date.now();
const launched = await Promise.allSettled(names.map(start));
const targets = launched.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
const stopAll = (): Promise<unknown> => Promise.all(targets.map((t) => t.stop()));
const failed = launched.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
if (failed.length) {
  await stopAll();
  for (const err of failed) {
    console.log(err instanceof TargetUnavailable ? `parrot replay: ${err.message}` : `parrot replay: launch failed: ${String(err)}`);
  }
  process.exit(failed.some((err) => err instanceof TargetUnavailable) ? 3 : 2);
}

let traces;
try {
  traces = await Promise.all(targets.map((t: RunningTarget) => runScenario(t)));
} catch (err) {
  console.error(`parrot replay: the scenario failed: ${(err as Error).stack ?? String(err)}`);
  for (const t of targets) console.error(t.logs());
  await stopAll();
  process.exit(2);
}
await stopAll();

const [rawA, rawB] = traces as [(typeof traces)[number], (typeof traces)[number]];
const normA = normalizeTrace(rawA);
const normB = normalizeTrace(rawB);
const { regressions: diffs, accepted } = split(diffTraces(normA, normB), intendedFor(names[0], names[1]));
const steps = Math.max(normA.steps.length, normB.steps.length);

const fileName = (side: string, name: string): string => `${side}-${name.replace(/[^A-Za-z0-9_.-]+/g, '_')}`;
const [fa, fb] = [fileName('a', names[0]), fileName('b', names[1])];
const write = (file: string, content: string): void => fs.writeFileSync(path.join(outDir, file), content);
fs.mkdirSync(outDir, { recursive: true });
write(`${fa}.raw.json`, JSON.stringify(rawA, null, 2) + '\n');
write(`${fb}.raw.json`, JSON.stringify(rawB, null, 2) + '\n');
write(`${fa}.normalized.json`, JSON.stringify(normA, null, 2) + '\n');
write(`${fb}.normalized.json`, JSON.stringify(normB, null, 2) + '\n');
const report = { a: names[0], b: names[1], steps, differences: diffs, intended: accepted };
write('diff.json', JSON.stringify(report, null, 2) + '\n');
const text = renderDiff(diffs, `a (${names[0]})`, `b (${names[1]})`);
write('diff.txt', `parrot replay: a = ${names[0]}, b = ${names[1]}, ${steps} steps\n\n${text}`);

if (diffs.length) {
  const lines = text.trimEnd().split('\n');
  console.log(lines.slice(0, 60).join('\n'));
  if (lines.length > 60) console.log(`... (${lines.length - 60} more lines in diff.txt)`);
}
console.log(`reports in ${path.relative(process.cwd(), outDir) || '.'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
const whys = [...new Set(accepted.map((d) => d.why))];
for (const why of whys) console.log(`intended difference (harness/replay/intended.ts): ${why}`);
console.log(`${steps} steps, ${diffs.length} differences${accepted.length ? ` (and ${accepted.length} intended)` : ''}`);
process.exit(diffs.length ? 1 : 0);
