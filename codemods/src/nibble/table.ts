import type { Census, RuleCount } from './census.js';
import { trend, type NibbleState } from './state.js';

/** columns padded to their widest cell, two spaces apart */
export function grid(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

export const TABLE_HEADER = ['rule', 'sites', 'files', 'molt unit', 'safety'];

export const tableRow = (r: RuleCount): string[] => [r.rule, String(r.sites), String(r.files.length), r.unit ?? 'none', r.safety];

export function renderCensus(c: Census): string {
  const lines = grid(TABLE_HEADER, c.rows.map(tableRow));
  const fixable = c.rows.filter((r) => r.unit).reduce((n, r) => n + r.sites, 0);
  lines.push('', `molt nibble: ${c.total} sites in ${c.files} linted files, ${fixable} of them with a molt unit`);
  for (const u of c.unparsed) lines.push(`molt nibble: ${u.file} could not be parsed: ${u.message}`);
  return lines.join('\n');
}

export interface Status {
  done: { steps: number; kept: number; rolledBack: number; sites: number; rules: string[] };
  left: { sites: number; fixable: number; rules: string[] };
  trend: { label: string; total: number }[];
}

export function status(c: Census, state: NibbleState | null): Status {
  const steps = state?.steps ?? [];
  const kept = steps.filter((s) => s.kept);
  return {
    done: {
      steps: steps.length,
      kept: kept.length,
      rolledBack: steps.length - kept.length,
      sites: state ? Math.max(0, state.baseline.total - c.total) : 0,
      // rules that had sites at the start and have none now
      rules: c.rows.filter((r) => r.sites === 0 && (state?.baseline.byRule[r.rule] ?? 0) > 0).map((r) => r.rule),
    },
    left: {
      sites: c.total,
      fixable: c.rows.filter((r) => r.unit).reduce((n, r) => n + r.sites, 0),
      rules: c.rows.filter((r) => r.sites > 0).map((r) => r.rule),
    },
    trend: trend(state, c.total),
  };
}

export function renderStatus(c: Census, state: NibbleState | null, file: string): string {
  const s = status(c, state);
  const lines = [renderCensus(c), ''];
  if (!state) lines.push(`no steps yet (${file} is written by the first --rule step)`);
  lines.push(
    `done: ${s.done.sites} sites fixed in ${s.done.kept} kept steps (${s.done.rolledBack} rolled back); rules cleared: ${s.done.rules.join(', ') || 'none'}`,
    `left: ${s.left.sites} sites in ${s.left.rules.length} rules, ${s.left.fixable} with a molt unit`,
    `trend: ${s.trend.map((p) => `${p.total} (${p.label})`).join(' → ')}`,
  );
  for (const step of state?.steps.filter((x) => !x.kept) ?? []) {
    lines.push(`rolled back: ${step.rule} at ${step.at}: ${step.failed?.join('; ') ?? 'check failed'}`);
  }
  return lines.join('\n');
}
