/**
 * One target through the workload: start it, make its users and rooms, open the clients at the
 * connect rate, join rooms, measure idle RSS, send for the set time, then stop everything it
 * started (also when a phase fails).
 */
import os from 'node:os';
import { Generator } from './generator.js';
import { summarize, type Histogram, type LatencySummary } from './histogram.js';
import { liveMemory, type LiveMemory } from './inspector.js';
import type { LoadOptions } from './options.js';
import { Sampler, type ProcessRole, type WatchedProcess } from './proc-stats.js';
import type { ClientSetup, ConnectResult, JoinResult, TrafficResult } from './protocol.js';
import { startTarget, type BackendSessions, type LoopStats, type TargetName } from './targets.js';
import { preparePopulation } from './users.js';

export interface ProcessResult {
  label: string;
  role: ProcessRole;
  cpuTrafficPct: number;
  cpuPeakPct: number;
  rssBeforeMB: number;
  rssIdleMB: number;
  rssPeakMB: number;
  /** socket processes: heapUsed + external after a forced full GC, read through the inspector; null otherwise */
  liveBeforeMB: number | null;
  liveIdleMB: number | null;
}

export interface TargetResult {
  name: TargetName;
  setupS: number;
  clients: number;
  connect: Omit<ConnectResult, 'connectMs' | 'lookupMs'> & { ms: LatencySummary; lookupMs: LatencySummary; histogram: Histogram };
  join: Omit<JoinResult, 'joinMs'> & { ms: LatencySummary };
  traffic: Omit<TrafficResult, 'ackMs' | 'fanoutMs'> & {
    durationS: number;
    expectedDeliveriesMax: number;
    ackedPerS: number;
    deliveredPerS: number;
    ack: LatencySummary;
    fanout: LatencySummary;
    ackHistogram: Histogram;
    fanoutHistogram: Histogram;
  };
  /** KB of socket-server RSS per connected client, after connecting and before any traffic */
  rssPerIdleConnKB: number | null;
  /**
   * KB of live socket-server memory (heapUsed + external after a forced full GC, read in the process
   * through its inspector) per connected client, at the same marks as rssPerIdleConnKB
   */
  heapPerIdleConnKB: number | null;
  /** the same per-connection delta split: heapUsed, external, arrayBuffers (part of external), RSS after the GC */
  livePerIdleConnKB: LiveMemory | null;
  processes: ProcessResult[];
  machineCpuTrafficPct: number;
  /** CPU % of one core used by processes the bench did not start (other work on the machine) */
  otherCpuTrafficPct: number;
  /** clients per socket server: haproxy's sessions for migrated, /api/server's answers for legacy */
  spread: BackendSessions[];
  loopStats: Record<string, LoopStats>;
  /** CPU % of one core by second of traffic, per process label */
  cpuTimeline: Record<string, number[]>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const mb = (kb: number): number => kb / 1024;

/**
 * Live memory of every socket process (a full GC, then process.memoryUsage() through its inspector),
 * one process after the other; null for the others, or when the reading failed (logged).
 */
async function liveReadings(processes: WatchedProcess[], log: (line: string) => void): Promise<(LiveMemory | null)[]> {
  const out: (LiveMemory | null)[] = [];
  for (const p of processes) {
    if (p.role !== 'socket' || !p.inspectPort) {
      out.push(null);
      continue;
    }
    try {
      out.push(await liveMemory(p.inspectPort));
    } catch (err) {
      log(`${p.label}: no live-memory reading (${err instanceof Error ? err.message : String(err)})`);
      out.push(null);
    }
  }
  return out;
}

const live = (m: LiveMemory | null | undefined): number | null => (m ? m.heapUsed + m.external : null);

/** the socket processes' summed per-connection delta between two readings, in KB; null when any reading is missing */
function livePerConn(
  watched: WatchedProcess[], before: (LiveMemory | null)[], idle: (LiveMemory | null)[], connected: number,
): LiveMemory | null {
  const socketIdx = watched.map((p, i) => (p.role === 'socket' ? i : -1)).filter((i) => i >= 0);
  if (connected <= 0 || socketIdx.length === 0 || socketIdx.some((i) => !before[i] || !idle[i])) return null;
  const delta = (key: keyof LiveMemory): number =>
    socketIdx.reduce((sum, i) => sum + idle[i]![key] - before[i]![key], 0) / 1024 / connected;
  return { heapUsed: delta('heapUsed'), external: delta('external'), arrayBuffers: delta('arrayBuffers'), rss: delta('rss') };
}

function split<T>(items: T[], parts: number): T[][] {
  const out: T[][] = Array.from({ length: parts }, () => []);
  items.forEach((item, i) => out[i % parts]!.push(item));
  return out;
}

export async function runTarget(name: TargetName, o: LoadOptions, log: (line: string) => void): Promise<TargetResult> {
  const setupStart = Date.now();
  const target = await startTarget(name);
  let generator: Generator | null = null;
  let sampler: Sampler | null = null;
  try {
    log(`${name}: started (${target.processes.map((p) => p.label).join(', ')}); registering ${o.clients} users`);
    const specs = await preparePopulation(target.restUrl, { clients: o.clients, roomSize: o.roomSize, addresses: o.addresses });
    const setupS = (Date.now() - setupStart) / 1000;
    generator = Generator.start(o.workers);
    const watched = [...target.processes, ...generator.pids().map((pid, i) => ({ label: `generator-${i + 1}`, role: 'generator' as const, pid }))];
    sampler = new Sampler(watched);
    await sleep(o.quick ? 300 : 1000);
    // the forced GC first: taken after the RSS mark, it would free startup garbage between the two RSS marks
    // (legacy's socket servers then read less RSS at idle than before); the idle RSS mark stays before its GC
    const liveBefore = await liveReadings(watched, log);
    sampler.mark('before');

    log(`${name}: connecting ${o.clients} clients at ${o.connectRate}/s`);
    const setups: ClientSetup[] = split(specs, o.workers).map((clients) => ({
      clientVersion: target.clientVersion, transports: o.transports, withCredentials: target.withCredentials,
      socketUrl: target.socketUrl, restUrl: target.restUrl, connectRate: o.connectRate / o.workers,
      connectTimeoutMs: o.connectTimeoutMs, ackTimeoutMs: o.ackTimeoutMs, clients,
    }));
    // the last client starts at clients/rate; then its /api/server lookup (10 s at most) and its connect timeout
    const connectBudget = (o.clients / o.connectRate) * 1000 + 10_000 + o.connectTimeoutMs + 30_000;
    const connected = await generator.connect(setups, connectBudget);
    // let the servers settle (timers, GC) before the idle RSS reading
    await sleep(o.quick ? 500 : 2000);
    sampler.mark('idle');
    const liveIdle = await liveReadings(watched, log);
    const sessions = await target.backendSessions();
    const spread = sessions ?? Object.entries(connected.perServer).map(([server, n]) => ({ server, current: n, total: n }));
    log(`${name}: ${connected.connected} connected, ${Object.values(connected.errors).reduce((a, b) => a + b, 0)} failed; joining rooms`);
    const joined = await generator.join(o.ackTimeoutMs + 15_000);

    await target.loopStats().catch(() => ({})); // resets the event-loop histograms, as a scrape does
    const before = await target.loopStats().catch(() => ({}) as Record<string, LoopStats>);
    const plan = {
      startAt: Date.now() + 500, durationMs: o.durationS * 1000, ratePerClient: o.rate,
      maxPerClient: Math.ceil(o.durationS * o.rate) + 1, textBytes: o.textBytes, maxInflight: o.maxInflight, deliveryGraceMs: 3000,
    };
    log(`${name}: traffic for ${o.durationS}s at ${o.rate} msg/s per client`);
    await sleep(plan.startAt - Date.now());
    sampler.mark('trafficStart');
    const selfStart = process.cpuUsage();
    const firstSample = sampler.samples.length;
    const traffic = await generator.traffic(plan, o.durationS * 1000 + o.ackTimeoutMs + 30_000);
    sampler.mark('trafficEnd');
    const self = process.cpuUsage(selfStart);
    const selfCpu = ((self.user + self.system) / 1000 / (Date.now() - plan.startAt)) * 100;
    const after = await target.loopStats().catch(() => ({}) as Record<string, LoopStats>);
    const loopStats = Object.fromEntries(
      Object.entries(after).map(([label, s]) => [label, { ...s, gcMs: s.gcMs - (before[label]?.gcMs ?? 0) }]),
    );

    const rssBefore = sampler.rssAt('before');
    const rssIdle = sampler.rssAt('idle');
    const rssEnd = sampler.rssAt('trafficEnd');
    const cpu = sampler.cpuBetween('trafficStart', 'trafficEnd');
    const trafficSamples = sampler.samples.slice(firstSample);
    const socketIdx = watched.map((p, i) => (p.role === 'socket' ? i : -1)).filter((i) => i >= 0);
    const idleDelta = socketIdx.reduce((sum, i) => sum + (rssIdle[i] ?? 0) - (rssBefore[i] ?? 0), 0);
    const livePerIdle = livePerConn(watched, liveBefore, liveIdle, connected.connected);
    const inWindow = (series: number[]): number => series.slice(0, o.durationS).reduce((a, b) => a + (b ?? 0), 0);
    const { ackMs, fanoutMs, ...counts } = traffic;
    return {
      name, setupS, clients: o.clients,
      connect: { ...connected, ms: summarize(connected.connectMs), lookupMs: summarize(connected.lookupMs), histogram: connected.connectMs },
      join: { joined: joined.joined, errors: joined.errors, ms: summarize(joined.joinMs) },
      traffic: {
        ...counts, durationS: o.durationS,
        expectedDeliveriesMax: traffic.sent * (o.roomSize - 1),
        ackedPerS: inWindow(traffic.timeline.acked) / o.durationS,
        deliveredPerS: inWindow(traffic.timeline.delivered) / o.durationS,
        ack: summarize(ackMs), fanout: summarize(fanoutMs), ackHistogram: ackMs, fanoutHistogram: fanoutMs,
      },
      rssPerIdleConnKB: connected.connected > 0 ? idleDelta / connected.connected : null,
      heapPerIdleConnKB: livePerIdle ? livePerIdle.heapUsed + livePerIdle.external : null,
      livePerIdleConnKB: livePerIdle,
      processes: watched.map((p, i) => ({
        label: p.label, role: p.role,
        cpuTrafficPct: cpu.perProcess[i] ?? 0,
        cpuPeakPct: Math.max(0, ...trafficSamples.map((s) => s.cpu[i] ?? 0)),
        rssBeforeMB: mb(rssBefore[i] ?? 0), rssIdleMB: mb(rssIdle[i] ?? 0),
        rssPeakMB: Math.max(mb(rssEnd[i] ?? 0), ...trafficSamples.map((s) => s.rssMB[i] ?? 0)),
        liveBeforeMB: live(liveBefore[i]) === null ? null : live(liveBefore[i])! / 1024 / 1024,
        liveIdleMB: live(liveIdle[i]) === null ? null : live(liveIdle[i])! / 1024 / 1024,
      })),
      machineCpuTrafficPct: cpu.machine,
      otherCpuTrafficPct: Math.max(0, (cpu.machine * os.cpus().length) - cpu.perProcess.reduce((a, b) => a + b, 0) - selfCpu),
      spread, loopStats,
      cpuTimeline: Object.fromEntries(watched.map((p, i) => [p.label, trafficSamples.map((s) => Math.round(s.cpu[i] ?? 0))])),
    };
  } finally {
    sampler?.stop();
    await generator?.stop();
    await target.stop();
  }
}
