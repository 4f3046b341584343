// Worker threads do not inherit tsx's loader hooks from the main thread: register them, then load the worker
// (the file units' pool by default; the TypeScript stage names its own module).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData?.module ?? './worker.ts');
