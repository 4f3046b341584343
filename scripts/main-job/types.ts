export type Status = 'passed' | 'failed' | 'not available' | 'skipped';

/** One command of a stage; `unless` returns why to leave it out (the stage still runs). */
export interface Step {
  command: string[];
  unless?: () => string | null;
}

export interface StageDef {
  name: string;
  /** stages that must finish first (ordering only) */
  after: string[];
  /** of `after`: stages whose output this one reads; when one fails this stage does not run */
  requires: string[];
  /** lower starts first when slots are short (the long contract run, and migrate, which others wait on) */
  priority: number;
  /** null when the stage can run, else why not; asked when the stage is about to start */
  missing: () => string | null;
  steps: Step[];
  /** what to type to dig deeper */
  rerun: string;
  /** the one-line result ("51 passed, 0 failed") from the stage's output */
  totals: (output: string) => string | null;
}

export interface StageResult {
  name: string;
  status: Status;
  /** seconds since the job started */
  startedAt: number;
  seconds: number;
  /** the totals line, "ok", the reason it did not run, or the end of its output when it failed */
  detail: string;
  exitCode: number | null;
  /** full output, relative to the repo root */
  log: string | null;
  rerun: string;
}
