/** The run's comparison: a text table per target, migrated/legacy and migrated/bare ratios, goals and what limited each target. */
import type { LoadOptions } from './options.js';
import type { TargetResult } from './run-target.js';

export interface FailedTarget {
  name: string;
  error: string;
}

export interface Ratios {
  against: 'legacy' | 'bare';
  throughput: number | null;
  p99Ack: number | null;
  rssPerIdleConn: number | null;
  /** live memory (heapUsed + external after a full GC) per idle connection */
  heapPerIdleConn: number | null;
}

export interface Goal {
  goal: string;
  met: boolean | null;
  detail: string;
}

export interface LoadReport {
  startedAt: string;
  machine: { cpus: number; node: string };
  options: LoadOptions;
  results: TargetResult[];
  failed: FailedTarget[];
  ratios: Ratios[];
  goals: Goal[];
  limits: Record<string, string>;
}

const ratio = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a === null || a === undefined || b === null || b === undefined || b === 0 ? null : a / b;

export function ratios(results: TargetResult[]): Ratios[] {
  const migrated = results.find((r) => r.name === 'migrated-source');
  if (!migrated) return [];
  return (['legacy', 'bare'] as const).flatMap((against) => {
    const other = results.find((r) => r.name === against);
    if (!other) return [];
    return [{
      against,
      throughput: ratio(migrated.traffic.deliveredPerS, other.traffic.deliveredPerS),
      p99Ack: ratio(migrated.traffic.ack.p99, other.traffic.ack.p99),
      rssPerIdleConn: ratio(migrated.rssPerIdleConnKB, other.rssPerIdleConnKB),
      heapPerIdleConn: ratio(migrated.heapPerIdleConnKB, other.heapPerIdleConnKB),
    }];
  });
}

const fmt = (n: number | null | undefined, digits = 1): string => (n === null || n === undefined ? '—' : n.toFixed(digits));

export function goals(r: Ratios[]): Goal[] {
  const legacy = r.find((x) => x.against === 'legacy');
  const bare = r.find((x) => x.against === 'bare');
  const check = (goal: string, value: number | null | undefined, ok: (v: number) => boolean): Goal => ({
    goal, met: value === null || value === undefined ? null : ok(value), detail: `ratio ${fmt(value, 2)}`,
  });
  return [
    check('migrated throughput ≥ 1.5× legacy', legacy?.throughput, (v) => v >= 1.5),
    check('migrated throughput ≥ 80% of bare', bare?.throughput, (v) => v >= 0.8),
    check('migrated p99 ack ≤ legacy', legacy?.p99Ack, (v) => v <= 1),
    check('migrated RSS per idle connection ≤ legacy', legacy?.rssPerIdleConn, (v) => v <= 1),
    check('migrated live memory per idle connection ≤ legacy', legacy?.heapPerIdleConn, (v) => v <= 1),
  ];
}

/** a reading of the CPU numbers: which process, or the machine, ran out first */
export function limitOf(r: TargetResult, cores: number): string {
  const servers = r.processes.filter((p) => p.role !== 'generator').sort((a, b) => b.cpuTrafficPct - a.cpuTrafficPct);
  const generators = r.processes.filter((p) => p.role === 'generator').reduce((sum, p) => sum + p.cpuTrafficPct, 0);
  const hot = servers[0];
  const hottest = hot ? `${hot.label} ${fmt(hot.cpuTrafficPct, 0)}%` : 'no server process';
  const loops = Object.entries(r.loopStats)
    .map(([label, s]) => `${label} loop p99 ${fmt(s.eventLoopP99Ms, 0)} ms, GC ${fmt(s.gcMs / 1000 / r.traffic.durationS * 100, 1)}% of the time`)
    .join('; ');
  const tail = `hottest ${hottest}, generators ${fmt(generators, 0)}%, other work ${fmt(r.otherCpuTrafficPct, 0)}%${loops ? `; ${loops}` : ''}`;
  if (r.machineCpuTrafficPct >= 90) return `machine CPU (${fmt(r.machineCpuTrafficPct, 0)}% of ${cores} cores busy): ${tail}`;
  if (hot && hot.cpuTrafficPct >= 85) return `${hot.label}'s event loop (one core): ${tail}`;
  if (r.traffic.skipped > 0 || (r.traffic.errors.TIMEOUT ?? 0) > 0) return `backlog without a saturated core: ${tail}`;
  return `offered load served, nothing saturated: ${tail}`;
}

function pad(cells: string[][]): string {
  const widths = cells[0]!.map((_, c) => Math.max(...cells.map((row) => (row[c] ?? '').length)));
  return cells.map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

const errorsOf = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

/** the comparison as rows of cells: a header row of target names, then one row per metric */
export function tableRows(results: TargetResult[]): string[][] {
  const rows: [string, (r: TargetResult) => string][] = [
    ['clients connected / failed', (r) => `${r.connect.connected} / ${errorsOf(r.connect.errors)}`],
    ['connect p50 / p99 ms', (r) => `${fmt(r.connect.ms.p50)} / ${fmt(r.connect.ms.p99)}`],
    ['messages sent / acked / errors', (r) => `${r.traffic.sent} / ${r.traffic.acked} / ${errorsOf(r.traffic.errors)}`],
    ['join errors', (r) => String(errorsOf(r.join.errors))],
    ['sockets gone before / during traffic', (r) => `${r.traffic.goneAtStart} / ${r.traffic.disconnects}`],
    ['skipped turns (backlog, gone)', (r) => String(r.traffic.skipped)],
    ['acked msg/s', (r) => fmt(r.traffic.ackedPerS)],
    ['delivered msg/s', (r) => fmt(r.traffic.deliveredPerS)],
    ['delivered / possible', (r) => `${r.traffic.delivered} / ${r.traffic.expectedDeliveriesMax}`],
    ['ack p50 / p90 ms', (r) => `${fmt(r.traffic.ack.p50)} / ${fmt(r.traffic.ack.p90)}`],
    ['ack p99 / max ms', (r) => `${fmt(r.traffic.ack.p99)} / ${fmt(r.traffic.ack.max)}`],
    ['fan-out p50 / p99 ms', (r) => `${fmt(r.traffic.fanout.p50)} / ${fmt(r.traffic.fanout.p99)}`],
    ['fan-out max ms', (r) => fmt(r.traffic.fanout.max)],
    ['RSS per idle conn KB', (r) => fmt(r.rssPerIdleConnKB)],
    ['live heap+external per idle conn KB', (r) => fmt(r.heapPerIdleConnKB)],
    ['  heapUsed / external per idle conn KB', (r) => (r.livePerIdleConnKB ? `${fmt(r.livePerIdleConnKB.heapUsed)} / ${fmt(r.livePerIdleConnKB.external)}` : '—')],
    ['  RSS after full GC per idle conn KB', (r) => fmt(r.livePerIdleConnKB?.rss)],
    ['socket servers CPU %', (r) => r.processes.filter((p) => p.role === 'socket').map((p) => fmt(p.cpuTrafficPct, 0)).join(' + ')],
    ['rest / redis / lb CPU %', (r) => ['rest', 'redis', 'lb'].map((role) => fmt(r.processes.filter((p) => p.role === role).reduce((s, p) => s + p.cpuTrafficPct, 0), 0)).join(' / ')],
    ['generators CPU %', (r) => fmt(r.processes.filter((p) => p.role === 'generator').reduce((s, p) => s + p.cpuTrafficPct, 0), 0)],
    ['machine CPU % (all cores)', (r) => fmt(r.machineCpuTrafficPct, 0)],
    ['other work CPU % (not ours)', (r) => fmt(r.otherCpuTrafficPct, 0)],
    ['socket RSS idle → peak MB', (r) => r.processes.filter((p) => p.role === 'socket').map((p) => `${fmt(p.rssIdleMB, 0)}→${fmt(p.rssPeakMB, 0)}`).join(' ')],
    ['spread per backend', (r) => r.spread.map((s) => s.current).join(' / ')],
  ];
  return [['', ...results.map((r) => r.name)], ...rows.map(([label, cell]) => [label, ...results.map(cell)])];
}

export function table(results: TargetResult[]): string {
  return pad(tableRows(results));
}

export function ratioLines(r: Ratios[], g: Goal[]): string {
  const lines = r.map((x) => `migrated/${x.against}: throughput ×${fmt(x.throughput, 2)}, p99 ack ×${fmt(x.p99Ack, 2)}, RSS per idle connection ×${fmt(x.rssPerIdleConn, 2)}, live memory per idle connection ×${fmt(x.heapPerIdleConn, 2)}`);
  const marks = g.map((x) => `${x.met === null ? '?' : x.met ? '✓' : '✗'} ${x.goal} (${x.detail})`);
  return [...lines, ...marks].join('\n');
}
