/** Line charts as inline SVG strings: no library, no network, the page stays one file. */
export interface Series {
  name: string;
  points: [number, number][];
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  logX?: boolean;
  /** fixed y range (a CDF: 0..1) */
  yMax?: number;
  width?: number;
  height?: number;
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];
const M = { left: 56, right: 150, top: 28, bottom: 40 };

export const colorOf = (i: number): string => COLORS[i % COLORS.length]!;

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceTicks(min: number, max: number, count: number): number[] {
  const span = max - min || 1;
  const step0 = span / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= step0) ?? step0;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + 1e-9; t += step) ticks.push(Number(t.toPrecision(6)));
  return ticks;
}

const label = (n: number): string => (n >= 1000 ? `${Number((n / 1000).toPrecision(3))}k` : String(Number(n.toPrecision(3))));

export function lineChart(series: Series[], o: ChartOptions): string {
  const width = o.width ?? 720;
  const height = o.height ?? 300;
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) return `<p><em>${esc(o.title)}: no data</em></p>`;
  const xs = all.map((p) => (o.logX ? Math.log10(Math.max(p[0], 0.01)) : p[0]));
  const [xMin, xMax] = [Math.min(...xs), Math.max(...xs)];
  const yMax = o.yMax ?? (Math.max(...all.map((p) => p[1])) * 1.05 || 1);
  const plotW = width - M.left - M.right;
  const plotH = height - M.top - M.bottom;
  const sx = (x: number): number => M.left + (((o.logX ? Math.log10(Math.max(x, 0.01)) : x) - xMin) / (xMax - xMin || 1)) * plotW;
  const sy = (y: number): number => M.top + plotH - (y / yMax) * plotH;
  const xTicks = o.logX
    ? Array.from({ length: Math.floor(xMax) - Math.ceil(xMin) + 1 }, (_, i) => 10 ** (Math.ceil(xMin) + i))
    : niceTicks(xMin, xMax, 6);
  const yTicks = niceTicks(0, yMax, 5);
  const grid = [
    ...xTicks.map((t) => `<line x1="${sx(t)}" x2="${sx(t)}" y1="${M.top}" y2="${M.top + plotH}" class="g"/><text x="${sx(t)}" y="${M.top + plotH + 14}" text-anchor="middle">${label(t)}</text>`),
    ...yTicks.map((t) => `<line x1="${M.left}" x2="${M.left + plotW}" y1="${sy(t)}" y2="${sy(t)}" class="g"/><text x="${M.left - 6}" y="${sy(t) + 4}" text-anchor="end">${label(t)}</text>`),
  ].join('');
  const lines = series
    .map((s, i) => {
      const d = s.points.map((p, j) => `${j ? 'L' : 'M'}${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join('');
      const ly = M.top + 8 + i * 16;
      return `<path d="${d}" fill="none" stroke="${colorOf(i)}" stroke-width="1.8"/>` +
        `<rect x="${width - M.right + 12}" y="${ly - 8}" width="10" height="10" fill="${colorOf(i)}"/>` +
        `<text x="${width - M.right + 26}" y="${ly + 1}">${esc(s.name)}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" class="chart">` +
    `<text x="${M.left}" y="16" class="t">${esc(o.title)}</text>${grid}${lines}` +
    `<text x="${M.left + plotW / 2}" y="${height - 6}" text-anchor="middle">${esc(o.xLabel)}</text>` +
    `<text transform="translate(14 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text></svg>`;
}
