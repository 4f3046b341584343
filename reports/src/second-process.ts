import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PlatoSummary } from './analyzers/plato.js';
import type { SideRuns } from './side.js';
import type { AnalyzerRun, SideInput } from './types.js';

/** The work the report hands to its second process: jscpd, jsinspect and escomplex on both sides, plato on legacy. */
export interface SecondJob {
  legacy: SideInput;
  migrated: SideInput;
  outDir: string;
}

/** Every run but eslint's, which the parent does meanwhile. */
export type SecondRuns = Omit<SideRuns, 'eslint'>;

export interface SecondResult {
  legacy: SecondRuns;
  migrated: SecondRuns;
  plato: AnalyzerRun<PlatoSummary>;
}

type Reply = { ok: true; value: SecondResult } | { ok: false; message: string };

async function loadAnalyzers() {
  const { runJscpd } = await import('./analyzers/jscpd.js');
  const { runJsinspect } = await import('./analyzers/jsinspect.js');
  const { runEscomplex } = await import('./analyzers/escomplex.js');
  const { runPlato } = await import('./analyzers/plato.js');
  return { runJscpd, runJsinspect, runEscomplex, runPlato };
}

async function runJob({ legacy, migrated, outDir }: SecondJob, analyzers: ReturnType<typeof loadAnalyzers>): Promise<SecondResult> {
  const { runJscpd, runJsinspect, runEscomplex, runPlato } = await analyzers;
  const runs = async (input: SideInput): Promise<SecondRuns> => ({ jscpd: await runJscpd(input), jsinspect: runJsinspect(input), escomplex: runEscomplex(input) });
  return { legacy: await runs(legacy), migrated: await runs(migrated), plato: await runPlato(legacy.files, outDir) };
}

export interface SecondProcess {
  /** hands the job over; the answer comes when every analyzer there is done */
  run(job: SecondJob): Promise<SecondResult>;
}

/**
 * The report splits its analyzers over two processes by analyzer, not by side: each analyzer package is loaded
 * once, and loading them (typescript under sonarjs, jscpd, plato) is a third of the work. eslint, the largest
 * single job, stays in the parent with the TypeScript facts; the rest comes here, which balances the two. A child process and
 * not a worker thread, because tsx's loader does not reach worker threads on Node 20; fork passes it on through
 * execArgv. Its answers are plain data: unread files are judged by the guard in the parent, with the rest.
 *
 * Forks at once, so that the child loads its analyzers while the parent is still preparing the job.
 */
export function startSecondProcess(): SecondProcess {
  const child = fork(fileURLToPath(import.meta.url), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const answer = new Promise<SecondResult>((resolve, reject) => {
    let replied = false;
    child.once('message', (reply: Reply) => {
      replied = true;
      if (reply.ok) resolve(reply.value);
      else reject(new Error(`report (second process): ${reply.message}`));
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (!replied) reject(new Error(`report: the second process ended (${signal ?? code}) before answering`));
    });
  });
  // a failure is reported by run(); one that comes before run() is called must not go unhandled meanwhile
  answer.catch(() => undefined);
  return {
    run(job) {
      child.send(job);
      return answer;
    },
  };
}

if (process.send !== undefined && process.argv[1] === fileURLToPath(import.meta.url)) {
  const send = (reply: Reply): void => {
    process.send?.(reply, () => process.disconnect());
  };
  // loading starts now, before the job arrives
  const analyzers = loadAnalyzers();
  analyzers.catch(() => undefined);
  process.once('message', (job: SecondJob) => {
    runJob(job, analyzers).then(
      (value) => send({ ok: true, value }),
      (error: unknown) => send({ ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
  });
}
