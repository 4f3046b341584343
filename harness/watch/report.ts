import type { Selection } from './select.js';

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** the lines printed before a run: what changed, what runs and why, what was skipped */
export function formatSelection(sel: Selection, known: number): string[] {
  const lines = [`changed: ${sel.changed.join(', ') || '(nothing)'}`];
  if (sel.full) {
    const why = sel.reasons[sel.tests[0] ?? '']?.[0] ?? 'full run';
    lines.push(`${why}: all ${sel.tests.length} test files`);
    for (const t of sel.tests) lines.push(`  run ${t}`);
  } else if (sel.tests.length) {
    lines.push(`selected ${sel.tests.length} of ${known} test files:`);
    for (const t of sel.tests) lines.push(`  run ${t}  <- ${(sel.reasons[t] ?? []).join('; ')}`);
  } else {
    lines.push('selected no tests');
  }
  for (const note of sel.notes) lines.push(`  skip ${note}`);
  return lines;
}
