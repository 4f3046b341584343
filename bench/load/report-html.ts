/** load.html: one self-contained page (inline SVG, no scripts, nothing fetched) of a bench run. */
import { cdf, type Histogram } from './histogram.js';
import type { TargetResult } from './run-target.js';
import { lineChart, type Series } from './svg-chart.js';
import { ratioLines, tableRows, type LoadReport } from './summary.js';
import { TARGET_DESCRIPTIONS } from './targets.js';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function htmlTable(rows: string[][]): string {
  const [head = [], ...body] = rows;
  return `<table><thead><tr>${head.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>` +
    body.map((r) => `<tr>${r.map((c, i) => (i ? `<td>${esc(c)}</td>` : `<th>${esc(c)}</th>`)).join('')}</tr>`).join('') +
    '</tbody></table>';
}

function cdfChart(results: TargetResult[], pick: (r: TargetResult) => Histogram, title: string): string {
  const series: Series[] = results.map((r) => ({ name: r.name, points: cdf(pick(r)) }));
  return lineChart(series, { title, xLabel: 'ms (log scale)', yLabel: 'fraction ≤ x', logX: true, yMax: 1 });
}

function timelineChart(results: TargetResult[], key: 'delivered' | 'acked', title: string): string {
  const series: Series[] = results.map((r) => ({ name: r.name, points: r.traffic.timeline[key].map((n, s) => [s, n ?? 0] as [number, number]) }));
  return lineChart(series, { title, xLabel: 's since traffic start', yLabel: 'messages/s' });
}

function cpuChart(r: TargetResult): string {
  const series: Series[] = Object.entries(r.cpuTimeline).map(([name, values]) => ({ name, points: values.map((v, s) => [s, v] as [number, number]) }));
  return lineChart(series, { title: `${r.name}: CPU per process during traffic`, xLabel: 's', yLabel: '% of one core', width: 560, height: 240 });
}

function processTable(r: TargetResult): string {
  const f = (n: number): string => n.toFixed(0);
  const f1 = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : n.toFixed(1));
  return htmlTable([
    ['process', 'role', 'CPU % (traffic)', 'CPU % peak', 'RSS before MB', 'RSS idle MB', 'RSS peak MB', 'live before MB', 'live idle MB'],
    ...r.processes.map((p) => [
      p.label, p.role, f(p.cpuTrafficPct), f(p.cpuPeakPct), f(p.rssBeforeMB), f(p.rssIdleMB), f(p.rssPeakMB), f1(p.liveBeforeMB), f1(p.liveIdleMB),
    ]),
  ]);
}

const STYLE = `body{font:14px system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
thead th{background:#f3f3f3}tbody th{text-align:left;font-weight:normal}pre{background:#f7f7f7;padding:8px}
.chart{margin:8px 8px 8px 0;font-size:11px}.chart .g{stroke:#e5e5e5}.chart .t{font-size:13px;font-weight:600}
.row{display:flex;flex-wrap:wrap}`;

export function renderHtml(report: LoadReport): string {
  const o = report.options;
  const results = report.results;
  const spread = results.map((r) => `<li>${esc(r.name)}: ${r.spread.map((s) => `${esc(s.server)} ${s.current} now / ${s.total} sessions`).join(', ')}</li>`).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>parrot load bench</title><style>${STYLE}</style></head><body>
<h1>parrot load bench${o.quick ? ' (quick)' : ''}</h1>
<p>${esc(report.startedAt)} · ${report.machine.cpus} cores · node ${esc(report.machine.node)} · ${o.clients} clients at ${o.connectRate}/s ·
rooms of ${o.roomSize} · ${o.rate} msg/s per client for ${o.durationS} s · ${o.workers} generator processes ·
source addresses 127.0.1.1–${o.addresses} · transports ${esc(o.transports.join(' → '))}</p>
<ul>${results.map((r) => `<li>${esc(TARGET_DESCRIPTIONS[r.name])}</li>`).join('')}</ul>
${report.failed.length ? `<h2>Failed</h2><pre>${esc(report.failed.map((f) => `${f.name}: ${f.error}`).join('\n'))}</pre>` : ''}
<h2>Comparison</h2>${results.length ? htmlTable(tableRows(results)) : '<p>no target completed</p>'}
<pre>${esc(ratioLines(report.ratios, report.goals))}</pre>
<p>RSS per idle connection: socket-process RSS (from /proc) after connecting and settling, minus before, per connected client; it
includes garbage not yet collected and heap pages V8 keeps. Live heap+external per idle connection: the same delta of
heapUsed + external, read in each socket process through its inspector right after a forced full GC (live processes' <i>live before/idle MB</i>).</p>
<h3>What limited each target</h3><ul>${Object.entries(report.limits).map(([n, l]) => `<li><b>${esc(n)}</b>: ${esc(l)}</li>`).join('')}</ul>
<h3>Spread over socket servers</h3><ul>${spread}</ul>
<h2>Latency</h2><div class="row">
${cdfChart(results, (r) => r.traffic.ackHistogram, 'message ack latency (CDF)')}
${cdfChart(results, (r) => r.traffic.fanoutHistogram, 'fan-out delivery latency, send → other members (CDF)')}
${cdfChart(results, (r) => r.connect.histogram, 'connect time (CDF)')}</div>
<h2>Throughput over time</h2><div class="row">
${timelineChart(results, 'delivered', 'delivered messages/s')}
${timelineChart(results, 'acked', 'acked messages/s')}</div>
<h2>Processes</h2>${results.map((r) => `<h3>${esc(r.name)}</h3><div class="row">${cpuChart(r)}</div>${processTable(r)}`).join('')}
</body></html>
`;
}
