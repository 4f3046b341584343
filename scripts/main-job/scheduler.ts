import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { StageDef, StageResult, Status } from './types.js';

export interface Events {
  start(name: string, at: number): void;
  finish(result: StageResult): void;
}

interface RunOptions {
  root: string;
  /** where each stage's full output goes (<dir>/<stage>.log) */
  logDir: string;
  jobs: number;
  selected: Set<string>;
  events: Events;
}

const running = new Set<ChildProcess>();

/** Stops the commands this job started (on Ctrl-C). */
export function stopAll(signal: NodeJS.Signals): void {
  for (const child of running) child.kill(signal);
}

function exec(command: string[], root: string, log: fs.WriteStream): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const [file, ...args] = command as [string, ...string[]];
    log.write(`$ ${[path.relative(root, file) || file, ...args].join(' ')}\n`);
    const child = spawn(file, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    running.add(child);
    let output = '';
    const keep = (chunk: Buffer): void => {
      output += chunk.toString();
      log.write(chunk);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (err) => {
      output += `\ncould not start ${file}: ${err.message}\n`;
    });
    child.on('close', (code) => {
      running.delete(child);
      resolve({ code, output });
    });
  });
}

async function runStage(stage: StageDef, opts: RunOptions, t0: number): Promise<StageResult> {
  const startedAt = (Date.now() - t0) / 1000;
  const base = { name: stage.name, startedAt, rerun: stage.rerun };
  const reason = stage.missing();
  if (reason) return { ...base, status: 'not available', seconds: 0, detail: reason, exitCode: null, log: null };
  opts.events.start(stage.name, startedAt);
  const logFile = path.join(opts.logDir, `${stage.name.replace(/[^\w.-]/g, '-')}.log`);
  const log = fs.createWriteStream(logFile);
  let output = '';
  let code: number | null = 0;
  for (const step of stage.steps) {
    const skip = step.unless?.();
    if (skip) {
      output += `${skip}\n`;
      log.write(`${skip}\n`);
      continue;
    }
    const done = await exec(step.command, opts.root, log);
    output += done.output;
    code = done.code;
    if (code !== 0) break;
  }
  await new Promise<void>((resolve) => log.end(resolve));
  const status: Status = code === 0 ? 'passed' : 'failed';
  const totals = stage.totals(output);
  const tail = output.trim().split('\n').slice(-15).join('\n');
  return {
    ...base,
    status,
    seconds: (Date.now() - t0) / 1000 - startedAt,
    detail: status === 'passed' ? (totals ?? 'ok') : `${totals ? `${totals}\n` : ''}${tail || `exit code ${String(code)}`}`,
    exitCode: code,
    log: path.relative(opts.root, logFile),
  };
}

/**
 * Runs the selected stages, each as soon as the ones it comes after are done,
 * at most `jobs` at once (lowest `priority` first).
 */
export async function runStages(stages: StageDef[], opts: RunOptions): Promise<Map<string, StageResult>> {
  const t0 = Date.now();
  fs.mkdirSync(opts.logDir, { recursive: true });
  const results = new Map<string, StageResult>();
  const pending = stages.filter((s) => opts.selected.has(s.name)).sort((a, b) => a.priority - b.priority);
  const active = new Map<string, Promise<void>>();
  const finish = (r: StageResult): void => {
    results.set(r.name, r);
    opts.events.finish(r);
  };
  while (pending.length || active.size) {
    for (let i = 0; i < pending.length && active.size < opts.jobs; ) {
      const stage = pending[i] as StageDef;
      // stages that are not selected count as done: what they left on disk is used
      const waiting = stage.after.filter((n) => opts.selected.has(n) && !results.has(n));
      if (waiting.length) {
        i++;
        continue;
      }
      pending.splice(i, 1);
      const broken = stage.requires.filter((n) => results.get(n)?.status === 'failed');
      if (broken.length) {
        const at = (Date.now() - t0) / 1000;
        finish({ name: stage.name, status: 'not available', startedAt: at, seconds: 0, detail: `not run: ${broken.join(', ')} failed`, exitCode: null, log: null, rerun: stage.rerun });
        continue;
      }
      active.set(
        stage.name,
        runStage(stage, opts, t0).then((r) => {
          active.delete(stage.name);
          finish(r);
        }),
      );
    }
    if (active.size) await Promise.race(active.values());
    else if (pending.length) throw new Error(`stages wait on each other: ${pending.map((s) => s.name).join(', ')}`);
  }
  return results;
}
