import type { FileResult } from './pipeline.js';

/** What the table shows of a unit or a project pass. */
interface UnitMeta {
  name: string;
  stage: string;
  safety: string;
}

export interface UnitSummary {
  unit: string;
  stage: string;
  safety: string;
  filesChanged: number;
  sitesRewritten: number;
  declined: Record<string, number>;
}

export interface RunSummary {
  /** input files */
  files: number;
  /** input files changed (or replaced by a project pass's files) */
  changed: number;
  /** files a project pass wrote besides the inputs */
  added: number;
  failed: string[];
  units: UnitSummary[];
  diagnostics: number;
}

export function summarize(results: FileResult[], units: UnitMeta[]): RunSummary {
  const perUnit = units.map((u): UnitSummary => {
    const declined: Record<string, number> = {};
    for (const r of results) {
      for (const d of r.diagnostics) if (d.unit === u.name) declined[d.code] = (declined[d.code] ?? 0) + 1;
    }
    return {
      unit: u.name,
      stage: u.stage,
      safety: u.safety,
      filesChanged: results.filter((r) => r.units[u.name]?.changed).length,
      sitesRewritten: results.reduce((n, r) => n + (r.units[u.name]?.rewritten ?? 0), 0),
      declined,
    };
  });
  return {
    files: results.filter((r) => r.status !== 'added').length,
    changed: results.filter((r) => r.status === 'changed' || r.status === 'removed').length,
    added: results.filter((r) => r.status === 'added').length,
    failed: results.filter((r) => r.status === 'failed').map((r) => r.file),
    units: perUnit,
    diagnostics: results.reduce((n, r) => n + r.diagnostics.length, 0),
  };
}

export function renderTable(summary: RunSummary): string {
  const rows = summary.units.map((u) => [
    u.unit,
    u.stage,
    u.safety,
    String(u.filesChanged),
    String(u.sitesRewritten),
    Object.entries(u.declined).map(([code, n]) => `${code}×${n}`).join(' ') || '-',
  ]);
  const header = ['unit', 'stage', 'safety', 'files', 'rewritten', 'declined'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `molt: ${summary.files} files, ${summary.changed} changed${summary.added ? `, ${summary.added} written new` : ''}, ${summary.failed.length} could not be parsed, ${summary.diagnostics} diagnostics`,
  ].join('\n');
}
