/**
 * CPU and RSS of the processes under test, sampled from /proc: utime+stime from
 * /proc/<pid>/stat, VmRSS from /proc/<pid>/status, machine busy time from /proc/stat.
 * A process's children count as its own (haproxy -W runs its worker under the master).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export type ProcessRole = 'socket' | 'rest' | 'redis' | 'lb' | 'generator';

export interface WatchedProcess {
  label: string;
  role: ProcessRole;
  pid: number;
  /** its V8 inspector's loopback port (node processes under test), for live-memory readings */
  inspectPort?: number;
}

interface Reading {
  ticks: number;
  rssKB: number;
}

function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}
const TICKS_PER_SECOND = clockTicks();

function descendants(pid: number): number[] {
  let kids: number[] = [];
  try {
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      const text = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (text) kids.push(...text.split(/\s+/).map(Number));
    }
  } catch {
    return [];
  }
  for (const kid of [...kids]) kids = kids.concat(descendants(kid));
  return kids;
}

function readOne(pid: number): Reading | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after "(comm)": state is field 3, utime 14, stime 15
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+)/.exec(status);
    return { ticks: Number(fields[11]) + Number(fields[12]), rssKB: rss ? Number(rss[1]) : 0 };
  } catch {
    return null;
  }
}

function readTree(pid: number): Reading | null {
  const own = readOne(pid);
  if (!own) return null;
  for (const kid of descendants(pid)) {
    const r = readOne(kid);
    if (r) {
      own.ticks += r.ticks;
      own.rssKB += r.rssKB;
    }
  }
  return own;
}

function machineTicks(): { busy: number; total: number } {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
  return { busy: total - idle, total };
}

export interface Sample {
  at: number;
  /** per watched process, in order: CPU % of one core since the previous sample, RSS in MB */
  cpu: number[];
  rssMB: number[];
  /** whole machine, % of all cores */
  machineCpu: number;
}

/** Samples every `everyMs` until stop(); marks name the moments the summary measures between. */
export class Sampler {
  readonly samples: Sample[] = [];
  private readonly marks = new Map<string, { at: number; readings: (Reading | null)[]; machine: { busy: number; total: number } }>();
  private last: { at: number; readings: (Reading | null)[]; machine: { busy: number; total: number } };
  private timer: NodeJS.Timeout | null = null;

  constructor(readonly processes: WatchedProcess[], everyMs = 1000) {
    this.last = this.read();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  private read(): { at: number; readings: (Reading | null)[]; machine: { busy: number; total: number } } {
    return { at: Date.now(), readings: this.processes.map((p) => readTree(p.pid)), machine: machineTicks() };
  }

  private sample(): void {
    const next = this.read();
    const seconds = (next.at - this.last.at) / 1000;
    this.samples.push({
      at: next.at,
      cpu: next.readings.map((r, i) => {
        const before = this.last.readings[i];
        return r && before && seconds > 0 ? ((r.ticks - before.ticks) / TICKS_PER_SECOND / seconds) * 100 : 0;
      }),
      rssMB: next.readings.map((r) => (r ? r.rssKB / 1024 : 0)),
      machineCpu: ((next.machine.busy - this.last.machine.busy) / Math.max(1, next.machine.total - this.last.machine.total)) * 100,
    });
    this.last = next;
  }

  mark(name: string): void {
    this.marks.set(name, this.read());
  }

  /** RSS in KB of each process at a mark */
  rssAt(name: string): number[] {
    return (this.marks.get(name)?.readings ?? []).map((r) => r?.rssKB ?? 0);
  }

  /** per process CPU % of one core between two marks, and the machine's % of all cores */
  cpuBetween(from: string, to: string): { perProcess: number[]; machine: number } {
    const a = this.marks.get(from);
    const b = this.marks.get(to);
    if (!a || !b) throw new Error(`no marks ${from} and ${to}`);
    const seconds = Math.max(0.001, (b.at - a.at) / 1000);
    return {
      perProcess: b.readings.map((r, i) => {
        const before = a.readings[i];
        return r && before ? ((r.ticks - before.ticks) / TICKS_PER_SECOND / seconds) * 100 : 0;
      }),
      machine: ((b.machine.busy - a.machine.busy) / Math.max(1, b.machine.total - a.machine.total)) * 100,
    };
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
