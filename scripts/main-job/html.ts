import path from 'node:path';
import type { Summary } from './summary.js';

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** href from the page (in reports/out) to a repo-relative file */
const href = (root: string, htmlFile: string, rel: string): string =>
  path.relative(path.dirname(htmlFile), path.join(root, rel)).split(path.sep).map(encodeURIComponent).join('/');

const COLORS: Record<string, string> = { passed: '#1a7f37', failed: '#cf222e', 'not available': '#9a6700', skipped: '#6e7781' };

/** One self-contained page: no scripts, no external assets. */
export function renderHtml(s: Summary, root: string, htmlFile: string): string {
  const e = escapeHtml;
  const link = (rel: string, text = rel): string => `<a href="${e(href(root, htmlFile, rel))}">${e(text)}</a>`;
  const span = Math.max(s.seconds, ...s.stages.map((r) => r.startedAt + r.seconds), 0.1);
  const rows = s.stages
    .map((r) => {
      const ran = r.status === 'passed' || r.status === 'failed';
      const [first = '', ...rest] = r.detail.split('\n');
      const bar = ran
        ? `<div class="lane"><div class="bar" style="margin-left:${((100 * r.startedAt) / span).toFixed(2)}%;width:${Math.max(0.5, (100 * r.seconds) / span).toFixed(2)}%;background:${COLORS[r.status]}"></div></div>`
        : '';
      return `<tr>
  <td><b>${e(r.name)}</b></td>
  <td><span class="status" style="background:${COLORS[r.status] ?? '#6e7781'}">${e(r.status)}</span></td>
  <td>${e(first)}${rest.length ? `<pre>${e(rest.join('\n'))}</pre>` : ''}</td>
  <td class="num">${ran ? `${r.seconds.toFixed(1)} s` : ''}</td>
  <td class="num">${ran ? `+${r.startedAt.toFixed(1)} s` : ''}</td>
  <td class="timeline">${bar}</td>
  <td>${r.log ? link(r.log, 'log') : ''}</td>
  <td><code>${e(r.rerun)}</code></td>
</tr>`;
    })
    .join('\n');
  const outputs = s.outputs.length
    ? `<ul>${s.outputs.map((o) => `<li>${link(o.path, o.label)} <code>${e(o.path)}</code>${o.fresh ? '' : ' <i>(from an earlier run)</i>'}</li>`).join('')}</ul>`
    : '<p>none yet</p>';
  const verdict = s.ok ? 'all stages that ran passed' : `failed: ${s.failed.join(', ')}`;
  const commands = [
    ['npm start -- --only <stage[,stage]>', 'rerun some stages (--skip leaves some out; --json prints this summary as JSON)'],
    ...s.stages.map((r) => [r.rerun, `the ${r.name} stage on its own, with all its output`]),
    ['npm test', 'every test suite'],
    ['npm run bench:molt', "molt's benchmark (codemods/bench/out/molt-bench.json)"],
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>parrot main job: ${e(s.ok ? 'passed' : 'failed')}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em; color: #1f2328; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #d0d7de; padding: .35em .6em; text-align: left; vertical-align: top; }
.num { text-align: right; white-space: nowrap; }
.status { color: #fff; border-radius: 1em; padding: .1em .7em; white-space: nowrap; }
.timeline { width: 18%; min-width: 8em; }
.lane { background: #f6f8fa; height: .9em; margin-top: .3em; }
.bar { height: 100%; }
pre { background: #f6f8fa; padding: .5em; overflow-x: auto; max-width: 60em; font-size: 12px; }
code { font-size: 12px; }
</style>
</head>
<body>
<h1>parrot main job</h1>
<p id="verdict" class="${s.ok ? 'ok' : 'failed'}"><b>${e(verdict)}</b>, ${e(s.seconds.toFixed(1))} s, started ${e(s.date)}</p>
${s.ledger ? `<p>${e(s.ledger)}</p>` : ''}
<table>
<thead><tr><th>stage</th><th>status</th><th>result</th><th>time</th><th>started</th><th>timeline</th><th>output</th><th>to dig deeper</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<h2>Detailed outputs</h2>
${outputs}
<p>Machine-readable: ${link(s.summaryJson)}</p>
<h2>Commands</h2>
<table>${commands.map(([c, what]) => `<tr><td><code>${e(c ?? '')}</code></td><td>${e(what ?? '')}</td></tr>`).join('')}</table>
</body>
</html>
`;
}
