import { parentPort } from 'node:worker_threads';
import { migrateSource, selectUnits, type Selection } from './pipeline.js';

/** One file at a time from the pool in run.ts. */
export interface Job {
  id: number;
  file: string;
  source: string;
  selection: Selection;
}

parentPort?.on('message', (job: Job) => {
  const result = migrateSource(job.file, job.source, selectUnits(job.selection));
  parentPort?.postMessage({ id: job.id, result });
});
