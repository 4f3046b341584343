import type { HistoryEntry } from '../history.js';
import type { Report } from '../report.js';
import type { Clone, FunctionComplexity } from '../types.js';
import { escapeHtml, histogram, horizontalBars, lineChart } from './svg.js';

const LEGACY = '#c0504d';
const MIGRATED = '#4f81bd';
const BUCKETS: [string, number, number][] = [
  ['1', 1, 1], ['2', 2, 2], ['3-4', 3, 4], ['5-7', 5, 7], ['8-10', 8, 10], ['11-15', 11, 15], ['16-25', 16, 25], ['26+', 26, Infinity],
];

function shares(fns: FunctionComplexity[]): number[] {
  return BUCKETS.map(([, lo, hi]) => {
    const n = fns.filter((f) => f.cyclomatic >= lo && f.cyclomatic <= hi).length;
    return fns.length === 0 ? 0 : Math.round((1000 * n) / fns.length) / 10;
  });
}

function topFunctions(report: Report): string {
  const all = [
    ...report.sides.legacy.functions.map((f) => ({ f, color: LEGACY })),
    ...report.sides.migrated.functions.map((f) => ({ f, color: MIGRATED })),
  ];
  const rows = all
    .sort((a, b) => b.f.cyclomatic - a.f.cyclomatic || b.f.cognitive - a.f.cognitive)
    .slice(0, 20)
    .map(({ f, color }) => ({ label: `${f.file}:${f.line} ${f.name}`, value: f.cyclomatic, color }));
  return horizontalBars('Top 20 functions by cyclomatic complexity (red legacy, blue migrated)', rows);
}

function cloneSection(title: string, clones: Clone[]): string {
  if (clones.length === 0) return `<h3>${escapeHtml(title)}</h3><p>none</p>`;
  const items = clones.map((c) => {
    const cols = c.instances
      .map((i) => `<div class="col"><div class="loc">${escapeHtml(`${i.file}:${i.startLine}-${i.endLine}`)}</div><pre>${escapeHtml(i.code)}</pre></div>`)
      .join('');
    return `<div class="clone">${cols}</div>`;
  });
  return `<h3>${escapeHtml(title)}</h3>${items.join('')}`;
}

function summaryTable(report: Report): string {
  const { legacy, migrated } = report.sides;
  const rows = (Object.keys(legacy.summary) as (keyof typeof legacy.summary)[])
    .map((k) => `<tr data-metric="${k}"><td>${escapeHtml(k)}</td><td data-side="legacy">${legacy.summary[k]}</td><td data-side="migrated">${migrated.summary[k]}</td></tr>`)
    .join('');
  return `<table><tr><th>metric</th><th>legacy</th><th>migrated</th></tr>${rows}</table>`;
}

function baselines(report: Report): string {
  const { plato, seedBaseline } = report;
  return `<h2>Seed baselines (legacy only)</h2>
<p><a id="plato-link" href="${escapeHtml(plato.index)}">Plato report</a> (plato ${escapeHtml(report.tools['plato'] ?? '?')}) on ${plato.files} legacy files:
maintainability ${plato.maintainabilityAverage} mean (plato's own, rebased formula), ${plato.slocTotal} physical SLOC, ${plato.jshintMessages} jshint messages.
Not run on migrated: ${escapeHtml(plato.notRunOnMigrated)}</p>
<p><code>${escapeHtml(seedBaseline.command)}</code>: ${seedBaseline.clusters} clusters over ${seedBaseline.filesScanned.length} files.</p>`;
}

function originSection(report: Report): string {
  const { coverage, matches, mapping } = report.origins;
  const worse = matches
    .filter((m) => m.origin && (m.cyclomatic > m.origin.cyclomatic || m.cognitive > m.origin.cognitive))
    .map((m) => {
      const o = m.origin!;
      return `<tr><td>${escapeHtml(`${m.file}:${m.line} ${m.name}`)}</td><td>${m.cyclomatic} / ${m.cognitive}</td><td>${escapeHtml(`${o.file}:${o.line} ${o.name}`)}</td><td>${o.cyclomatic} / ${o.cognitive}</td></tr>`;
    });
  const table = worse.length === 0 ? '<p>none</p>' : `<table><tr><th>migrated</th><th>cyc / cog</th><th>legacy origin</th><th>cyc / cog</th></tr>${worse.join('')}</table>`;
  return `<h2>Functions against their legacy origin</h2>
<p id="origin-coverage">${coverage.withOrigin} of ${coverage.functions} migrated functions (${coverage.percent} %) have a legacy origin (${escapeHtml(mapping)}); ${coverage.new} are new and not compared.</p>
<h3>More complex than their origin</h3>${table}`;
}

/** One self-contained page: no script, no external asset, every string from the code escaped. */
export function renderHtml(report: Report, history: HistoryEntry[]): string {
  const { legacy, migrated } = report.sides;
  const trend = lineChart(
    'Trend per run: duplication % and mean cyclomatic',
    history.map((h) => h.commit.slice(0, 7)),
    [
      { label: 'legacy dup %', color: LEGACY, values: history.map((h) => h.legacy.duplicationPercent) },
      { label: 'migrated dup %', color: MIGRATED, values: history.map((h) => h.migrated.duplicationPercent) },
      { label: 'legacy cyclomatic', color: '#f4a460', values: history.map((h) => h.legacy.cyclomaticMean) },
      { label: 'migrated cyclomatic', color: '#2e8b57', values: history.map((h) => h.migrated.cyclomaticMean) },
    ],
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>parrot quality report</title>
<style>body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}
td:first-child{text-align:left}.clone{display:flex;gap:8px;margin-bottom:12px}.col{flex:1;min-width:0}.loc{font-size:12px;color:#555}
pre{background:#f6f6f6;padding:6px;overflow:auto;font-size:11px;max-height:320px}</style></head><body>
<h1>parrot quality: legacy vs migrated</h1>
<p>commit ${escapeHtml(report.commit)} · ${escapeHtml(report.generatedAt)}</p>
<p>${escapeHtml(report.scope)}</p>
${summaryTable(report)}
<p>Maintainability: typhonjs-escomplex ${escapeHtml(report.tools['typhonjs-escomplex'] ?? '?')}, ${escapeHtml(report.maintainabilityFormula)}</p>
${baselines(report)}
${originSection(report)}
<h2>Cyclomatic complexity distribution (share of functions, %)</h2>
${histogram('functions per cyclomatic bucket, % of side', BUCKETS.map(([label]) => label), [
    { label: 'legacy', color: LEGACY, values: shares(legacy.functions) },
    { label: 'migrated', color: MIGRATED, values: shares(migrated.functions) },
  ])}
<h2>Most complex functions</h2>
${topFunctions(report)}
<h2>Trend</h2>
${trend}
<h2>Duplication</h2>
${cloneSection(`legacy, jscpd (${legacy.summary.duplicationPercent} %)`, legacy.duplication.jscpd.clones)}
${cloneSection(`migrated, jscpd (${migrated.summary.duplicationPercent} %)`, migrated.duplication.jscpd.clones)}
${cloneSection('legacy, jsinspect-plus clusters (t=30)', legacy.duplication.jsinspect.clusters)}
${cloneSection('migrated, jsinspect-plus clusters (t=30)', migrated.duplication.jsinspect.clusters)}
</body></html>
`;
}
