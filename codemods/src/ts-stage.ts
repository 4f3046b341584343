import { Worker } from 'node:worker_threads';
import type { TsReport } from './passes/js-to-ts.js';
import type { Samples } from './samples/record.js';

/** What the TypeScript stage's worker is given once the file units have written the output. */
export interface TsJob {
  outDir: string;
  relFiles: string[];
  samples?: Samples;
}

export type TsReply = { report: TsReport } | { error: { message: string; stack?: string } };

/**
 * The TypeScript stage in a worker thread, started before the file units: while they run in the main thread, the
 * worker loads TypeScript and reads the declarations of the packages the output imports (passes/ts-worker.ts), which
 * the stage would otherwise do first. `run` hands it the files and waits for its report.
 */
export class TypeScriptStage {
  private readonly worker: Worker;
  private readonly reply: Promise<TsReply>;

  constructor(outDir: string, packages: string[]) {
    this.worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
      workerData: { module: new URL('./passes/ts-worker.ts', import.meta.url).href, outDir, packages },
    });
    this.reply = new Promise<TsReply>((resolve, reject) => {
      this.worker.once('message', resolve);
      this.worker.once('error', reject);
      this.worker.once('exit', (code) => reject(new Error(`molt: the typescript stage's worker stopped (exit code ${code})`)));
    });
    // a failure while it loads is reported when the stage runs, if it does
    this.reply.catch(() => undefined);
    // until it is given the files, it does not keep molt running (a usage error exits at once)
    this.worker.unref();
  }

  /** Stops it unused (the selection leaves the stage out). */
  stop(): Promise<number> {
    return this.worker.terminate();
  }

  async run(job: TsJob): Promise<TsReport> {
    this.worker.ref();
    this.worker.postMessage(job);
    try {
      const reply = await this.reply;
      if ('report' in reply) return reply.report;
      throw Object.assign(new Error(reply.error.message), { stack: reply.error.stack });
    } finally {
      await this.worker.terminate();
    }
  }
}
