/** The TypeScript stage's worker (ts-stage.ts): warms a project while the file units run, then runs the stage on it. */
import { parentPort, workerData } from 'node:worker_threads';
import type { TsJob, TsReply } from '../ts-stage.js';
import { createProject, jsToTs, warmProject } from './js-to-ts.js';

const { outDir, packages } = workerData as { outDir: string; packages: string[] };
const project = createProject();
warmProject(project, outDir, packages);

parentPort?.once('message', (job: TsJob) => {
  let reply: TsReply;
  try {
    reply = { report: jsToTs(job.outDir, job.relFiles, job.samples, project) };
  } catch (err) {
    reply = { error: { message: (err as Error).message, stack: (err as Error).stack } };
  }
  parentPort?.postMessage(reply);
});
