// One corpus file at a time from pool.ts. Worker threads do not inherit tsx's loader hooks: register them first.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { checkFile } = await import('./check.ts');

parentPort?.on('message', (job) => {
  let result;
  try {
    result = checkFile(job);
  } catch (err) {
    // checkFile itself should never throw (applyUnit catches unit crashes): report it as a crash
    result = {
      pkg: job.pkg,
      rel: job.rel,
      lines: 0,
      status: 'unchanged',
      codes: {},
      crashes: [`checker threw: ${err?.message ?? err}`],
      dropped: [],
      ms: 0,
    };
  }
  parentPort?.postMessage({ id: job.id, result });
});
parentPort?.postMessage({ ready: true });
