import type { Difference } from './diff.js';

/**
 * Differences between legacy and migrated that are on purpose. Each is matched
 * by step label and path, says why, and is reported as intended instead of
 * failing the replay. Anything not listed here is a regression.
 */
export interface Intended {
  label: RegExp;
  path: RegExp;
  why: string;
}

const LEGACY_VS_MIGRATED: Intended[] = [
  {
    label: /connects$|goes offline$/,
    path: /^(missing|events\.[a-z0-9]+\.presence)$/,
    why: 'legacy sends one presence event per room the two users share; migrated sends one per change (a multi-room broadcast)',
  },
];

export function intendedFor(a: string, b: string): Intended[] {
  const pair = [a, b].sort().join(' ');
  return pair === 'legacy migrated' ? LEGACY_VS_MIGRATED : [];
}

export function split(diffs: Difference[], intended: Intended[]): { regressions: Difference[]; accepted: (Difference & { why: string })[] } {
  const regressions: Difference[] = [];
  const accepted: (Difference & { why: string })[] = [];
  for (const d of diffs) {
    const rule = intended.find((r) => r.label.test(d.label) && r.path.test(d.path));
    if (rule) accepted.push({ ...d, why: rule.why });
    else regressions.push(d);
  }
  return { regressions, accepted };
}
