import { Worker } from 'node:worker_threads';
import type { CheckJob, FileCheck } from './check.js';

export interface PoolOutcome {
  results: FileCheck[];
  /** jobs cut off by the deadline: running at that moment, or never started */
  running: CheckJob[];
  notStarted: CheckJob[];
  /** a worker thread that died (not a unit crash: those come back as MOLT000) */
  workerErrors: { job?: CheckJob; message: string }[];
}

/**
 * Runs checkFile on `jobs`, in order, in `workers` threads, until all are done
 * or `deadline` (a performance.now() value) passes: then every thread is ended,
 * whatever it is doing, so one slow file cannot hold the run up.
 */
export async function runChecks(
  jobs: CheckJob[],
  workers: number,
  deadline: number,
  onResult: (r: FileCheck) => void = () => {},
): Promise<PoolOutcome> {
  const outcome: PoolOutcome = { results: [], running: [], notStarted: [], workerErrors: [] };
  const script = new URL('./worker.mjs', import.meta.url);
  let next = 0;
  const inFlight = new Map<Worker, CheckJob>();
  const threads = new Set<Worker>();

  await new Promise<void>((resolve) => {
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      if (timer) clearTimeout(timer);
      outcome.running = [...inFlight.values()];
      outcome.notStarted = jobs.slice(next);
      resolve();
    };
    // no deadline (Infinity): no timer, the pool ends when the jobs do
    const timer = Number.isFinite(deadline) ? setTimeout(finish, Math.max(0, deadline - performance.now())) : undefined;

    const feed = (worker: Worker): void => {
      if (finished) return;
      if (next >= jobs.length || performance.now() >= deadline) {
        inFlight.delete(worker);
        if (inFlight.size === 0) finish();
        return;
      }
      const job = jobs[next++]!;
      inFlight.set(worker, job);
      worker.postMessage(job);
    };
    const start = (): void => {
      const worker = new Worker(script);
      threads.add(worker);
      let ready = false;
      worker.on('message', (msg: { ready?: boolean; id?: number; result?: FileCheck }) => {
        ready = true;
        if (msg.result) {
          outcome.results.push(msg.result);
          onResult(msg.result);
        }
        feed(worker);
      });
      let gone = false;
      const died = (message: string): void => {
        if (gone) return; // 'error' is followed by 'exit'
        gone = true;
        threads.delete(worker);
        if (finished) return;
        const job = inFlight.get(worker);
        inFlight.delete(worker);
        if (!ready) {
          // it never loaded: another would fail the same way
          outcome.workerErrors.push({ message: `a worker thread failed to start: ${message}` });
          if (threads.size === 0) finish();
          return;
        }
        if (job) outcome.workerErrors.push({ job, message });
        if (next < jobs.length && performance.now() < deadline) start();
        else if (inFlight.size === 0) finish();
      };
      worker.on('error', (err) => died(err.message));
      worker.on('exit', (code) => died(`worker exited with code ${code}`));
    };
    for (let i = 0; i < Math.max(1, Math.min(workers, jobs.length)); i++) start();
    if (jobs.length === 0) finish();
  });

  await Promise.all([...threads].map((w) => w.terminate()));
  return outcome;
}
