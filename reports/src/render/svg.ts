/** Escapes text for HTML content and attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export interface Series {
  label: string;
  color: string;
  values: number[];
}

const W = 640;
const H = 240;
const PAD = 36;

function axes(maxY: number, title: string): string {
  return (
    `<text x="${PAD}" y="16" font-size="13">${escapeHtml(title)}</text>` +
    `<line x1="${PAD}" y1="${H - PAD}" x2="${W - 8}" y2="${H - PAD}" stroke="#888"/>` +
    `<line x1="${PAD}" y1="24" x2="${PAD}" y2="${H - PAD}" stroke="#888"/>` +
    `<text x="4" y="30" font-size="10">${maxY}</text><text x="4" y="${H - PAD}" font-size="10">0</text>`
  );
}

function legend(series: Series[]): string {
  return series
    .map((s, i) => `<rect x="${W - 150}" y="${20 + i * 14}" width="10" height="10" fill="${s.color}"/><text x="${W - 136}" y="${29 + i * 14}" font-size="11">${escapeHtml(s.label)}</text>`)
    .join('');
}

/** Grouped bars: one group per bucket label, one bar per series (share of that side's functions). */
export function histogram(title: string, buckets: string[], series: Series[]): string {
  const maxY = Math.max(1, ...series.flatMap((s) => s.values));
  const groupW = (W - PAD - 8) / buckets.length;
  const barW = (groupW - 4) / series.length;
  const bars = buckets.flatMap((bucket, b) => [
    ...series.map((s, i) => {
      const v = s.values[b] ?? 0;
      const h = ((H - PAD - 24) * v) / maxY;
      return `<rect x="${PAD + b * groupW + 2 + i * barW}" y="${H - PAD - h}" width="${barW}" height="${h}" fill="${s.color}"><title>${escapeHtml(`${s.label} ${bucket}: ${v}`)}</title></rect>`;
    }),
    `<text x="${PAD + b * groupW + groupW / 2}" y="${H - PAD + 14}" font-size="10" text-anchor="middle">${escapeHtml(bucket)}</text>`,
  ]);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" role="img">${axes(maxY, title)}${bars.join('')}${legend(series)}</svg>`;
}

/** Horizontal bars, longest first, each labelled. */
export function horizontalBars(title: string, rows: { label: string; value: number; color: string }[]): string {
  const rowH = 16;
  const height = 28 + rows.length * rowH;
  const maxV = Math.max(1, ...rows.map((r) => r.value));
  const labelW = 380;
  const bars = rows.map((r, i) => {
    const y = 24 + i * rowH;
    const w = ((W - labelW - 40) * r.value) / maxV;
    return (
      `<text x="${labelW - 4}" y="${y + 11}" font-size="10" text-anchor="end">${escapeHtml(r.label)}</text>` +
      `<rect x="${labelW}" y="${y}" width="${w}" height="${rowH - 3}" fill="${r.color}"/>` +
      `<text x="${labelW + w + 4}" y="${y + 11}" font-size="10">${r.value}</text>`
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" role="img"><text x="4" y="14" font-size="13">${escapeHtml(title)}</text>${bars.join('')}</svg>`;
}

/** One polyline per series over run index; x labels are short commits. */
export function lineChart(title: string, xLabels: string[], series: Series[]): string {
  const maxY = Math.max(1, ...series.flatMap((s) => s.values));
  const n = Math.max(2, xLabels.length);
  const x = (i: number): number => PAD + ((W - PAD - 160) * i) / (n - 1);
  const y = (v: number): number => H - PAD - ((H - PAD - 24) * v) / maxY;
  const lines = series.map((s) => {
    const pts = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    const dots = s.values.map((v, i) => `<circle cx="${x(i)}" cy="${y(v)}" r="3" fill="${s.color}"><title>${escapeHtml(`${s.label}: ${v}`)}</title></circle>`).join('');
    return `<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="2"/>${dots}`;
  });
  const labels = xLabels.map((l, i) => `<text x="${x(i)}" y="${H - PAD + 14}" font-size="9" text-anchor="middle">${escapeHtml(l)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" role="img">${axes(round(maxY), title)}${lines.join('')}${labels.join('')}${legend(series)}</svg>`;
}

const round = (v: number): number => Math.round(v * 100) / 100;
