import fs from 'node:fs';
import path from 'node:path';

/** The state file lives in the tree it describes, so it travels (and is committed) with it. */
export const STATE_FILE = '.molt-nibble.json';

export interface Step {
  at: string;
  rule: string;
  unit: string;
  files: string[];
  added: number;
  removed: number;
  /** the rule's sites before and after the fix */
  before: number;
  after: number;
  /** sites of every rule after the step (before it, when rolled back) */
  total: number;
  kept: boolean;
  /** what the check said when it failed */
  failed?: string[];
  commit?: string;
}

export interface NibbleState {
  version: 1;
  /** every rule's sites when nibbling started */
  baseline: { at: string; total: number; byRule: Record<string, number> };
  steps: Step[];
}

export const statePath = (dir: string): string => path.join(dir, STATE_FILE);

export function loadState(dir: string): NibbleState | null {
  try {
    const state = JSON.parse(fs.readFileSync(statePath(dir), 'utf8')) as NibbleState;
    return state.version === 1 && Array.isArray(state.steps) ? state : null;
  } catch {
    return null;
  }
}

export function saveState(dir: string, state: NibbleState): void {
  fs.writeFileSync(statePath(dir), `${JSON.stringify(state, null, 2)}\n`);
}

/** total sites at the baseline and after each kept step */
export function trend(state: NibbleState | null, now: number): { label: string; total: number }[] {
  if (!state) return [{ label: 'now', total: now }];
  const points = [{ label: 'start', total: state.baseline.total }];
  for (const s of state.steps) if (s.kept) points.push({ label: s.rule, total: s.total });
  if (points[points.length - 1]?.total !== now) points.push({ label: 'now', total: now });
  return points;
}
