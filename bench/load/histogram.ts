/**
 * A log-bucketed latency histogram (about 2% wide buckets from 0.05 ms up), cheap to fill in a
 * client process and to merge in the coordinator: 300k deliveries cost a few hundred counters, not
 * 300k numbers sent over IPC. max is kept exactly.
 */
const FLOOR_MS = 0.05;
const GROWTH = 1.02;
const LOG_GROWTH = Math.log(GROWTH);

export interface Histogram {
  /** bucket index → count (sparse: a plain object survives IPC and JSON) */
  buckets: Record<number, number>;
  count: number;
  sum: number;
  max: number;
}

export function emptyHistogram(): Histogram {
  return { buckets: {}, count: 0, sum: 0, max: 0 };
}

function bucketOf(ms: number): number {
  return ms <= FLOOR_MS ? 0 : Math.ceil(Math.log(ms / FLOOR_MS) / LOG_GROWTH);
}

/** the upper edge of a bucket, what a percentile reports */
export function bucketUpperMs(index: number): number {
  return FLOOR_MS * GROWTH ** index;
}

export function record(h: Histogram, ms: number): void {
  const i = bucketOf(Math.max(0, ms));
  h.buckets[i] = (h.buckets[i] ?? 0) + 1;
  h.count += 1;
  h.sum += ms;
  if (ms > h.max) h.max = ms;
}

export function merge(into: Histogram, from: Histogram): void {
  for (const [i, n] of Object.entries(from.buckets)) into.buckets[Number(i)] = (into.buckets[Number(i)] ?? 0) + n;
  into.count += from.count;
  into.sum += from.sum;
  into.max = Math.max(into.max, from.max);
}

/** ascending [upper edge ms, cumulative fraction] pairs: the CDF the report draws */
export function cdf(h: Histogram): [number, number][] {
  const indexes = Object.keys(h.buckets).map(Number).sort((a, b) => a - b);
  let seen = 0;
  return indexes.map((i) => {
    seen += h.buckets[i] ?? 0;
    return [Math.min(bucketUpperMs(i), h.max), seen / h.count];
  });
}

/** the q-quantile (0..1) in ms, null when nothing was recorded */
export function percentile(h: Histogram, q: number): number | null {
  if (h.count === 0) return null;
  const rank = Math.ceil(q * h.count);
  for (const [ms, fraction] of cdf(h)) if (fraction * h.count >= rank) return ms;
  return h.max;
}

export interface LatencySummary {
  count: number;
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
}

export function summarize(h: Histogram): LatencySummary {
  return {
    count: h.count,
    mean: h.count ? h.sum / h.count : null,
    p50: percentile(h, 0.5),
    p90: percentile(h, 0.9),
    p99: percentile(h, 0.99),
    max: h.count ? h.max : null,
  };
}
