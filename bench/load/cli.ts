/**
 * npm run bench:load — the seed's websocket-bench stress test on one machine: the same workload
 * against legacy, migrated (HAProxy balance source, then cookie) and a bare Socket.io 4 server,
 * one after the other, then a table, ratios and bench/out/load.{json,html}.
 */
import { DEFAULT_OUT_DIR, runLoadBench, writeReport } from './load-bench.js';
import { parseOptions, type LoadOptions } from './options.js';
import { ratioLines, table } from './summary.js';

const log = (line: string): void => console.log(`[bench:load] ${line}`);

async function main(): Promise<number> {
  let o: LoadOptions;
  try {
    o = parseOptions(process.argv.slice(2), DEFAULT_OUT_DIR);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    return 2;
  }
  log(`${o.clients} clients at ${o.connectRate}/s, rooms of ${o.roomSize}, ${o.rate} msg/s per client for ${o.durationS}s, ` +
    `${o.workers} generator processes, sources 127.0.1.1-${o.addresses}, transports ${o.transports.join('+')}`);
  const report = await runLoadBench(o, log);
  if (report.results.length) {
    console.log(`\n${table(report.results)}\n`);
    for (const [name, limit] of Object.entries(report.limits)) console.log(`${name} limited by: ${limit}`);
    console.log(`\n${ratioLines(report.ratios, report.goals)}`);
  }
  const written = writeReport(report);
  console.log(`\nload bench report: ${written.join(', ')}`);
  return report.failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
