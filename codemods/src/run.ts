import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { migrateSource, selectUnits, type FileResult, type Selection } from './pipeline.js';
import type { Job } from './worker.js';

export interface Input {
  file: string;
  source: string;
}

/**
 * Migrates files, in `workers` worker threads (0: in this thread). Results come
 * back in input order; onDone is called as each file finishes (progress).
 */
export async function migrateAll(
  inputs: Input[],
  selection: Selection,
  workers: number,
  onDone: (result: FileResult) => void = () => {},
): Promise<FileResult[]> {
  if (workers <= 0 || inputs.length < 2) {
    const units = selectUnits(selection);
    return inputs.map((input) => {
      const result = migrateSource(input.file, input.source, units);
      onDone(result);
      return result;
    });
  }
  const results: FileResult[] = new Array(inputs.length);
  let next = 0;
  const size = Math.min(workers, inputs.length, os.availableParallelism());
  const script = new URL('./worker-entry.mjs', import.meta.url);
  const pool = Array.from({ length: size }, () => new Worker(script));
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const feed = (): void => {
              if (next >= inputs.length) {
                resolve();
                return;
              }
              const id = next++;
              const input = inputs[id]!;
              worker.postMessage({ id, file: input.file, source: input.source, selection } satisfies Job);
            };
            worker.on('message', (msg: { id: number; result: FileResult }) => {
              results[msg.id] = msg.result;
              onDone(msg.result);
              feed();
            });
            worker.on('error', reject);
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}
