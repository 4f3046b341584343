/**
 * Compares two (normalized) traces step by step. Requests, responses, acks
 * and missing-event lists are compared field by field; the events a step
 * produced are compared as a multiset of (socket, event, data), because the
 * order in which different sockets hear a broadcast is not deterministic.
 */
import type { Step, Trace } from './session.js';

export interface Difference {
  /** 1-based step number */
  step: number;
  label: string;
  /** where in the step, e.g. `response.body.messages[0].text` or `events.bob.message` */
  path: string;
  a: unknown;
  b: unknown;
}

/** stands for a value that one side does not have */
export const ABSENT = '<absent>';

const STEP_FIELDS = ['label', 'actor', 'kind', 'request', 'response', 'ack', 'missing'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with object keys sorted, so equal values give equal strings */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** leaf-level differences between a and b, appended to `out` as [path, a, b] */
function deepDiff(a: unknown, b: unknown, path: string, out: [string, unknown, unknown][]): void {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
      deepDiff(i < a.length ? a[i] : ABSENT, i < b.length ? b[i] : ABSENT, `${path}[${i}]`, out);
    }
  } else if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) deepDiff(key in a ? a[key] : ABSENT, key in b ? b[key] : ABSENT, join(path, key), out);
  } else if (stableJson(a) !== stableJson(b)) {
    out.push([path, a, b]);
  }
}

interface Heard {
  group: string;
  data: unknown;
  key: string;
}

function heard(step: Step): Heard[] {
  return Object.keys(step.events ?? {}).sort().flatMap((socket) =>
    (step.events[socket] ?? []).map(({ event, data }) => {
      const group = `events.${socket}.${event}`;
      return { group, data, key: `${group}\u0000${stableJson(data)}` };
    }),
  );
}

/** multiset difference of the events; unmatched ones of the same socket and event are compared field by field */
function diffEvents(a: Step, b: Step, out: [string, unknown, unknown][]): void {
  const fromA = heard(a);
  const fromB = heard(b);
  const unmatchedB = [...fromB];
  const unmatchedA = fromA.filter((item) => {
    const i = unmatchedB.findIndex((other) => other.key === item.key);
    if (i === -1) return true;
    unmatchedB.splice(i, 1);
    return false;
  });
  for (const item of unmatchedA) {
    const i = unmatchedB.findIndex((other) => other.group === item.group);
    const partner = i === -1 ? undefined : unmatchedB.splice(i, 1)[0];
    if (partner) deepDiff(item.data, partner.data, item.group, out);
    else out.push([item.group, item.data, ABSENT]);
  }
  for (const item of unmatchedB) out.push([item.group, ABSENT, item.data]);
}

export function diffTraces(a: Trace, b: Trace): Difference[] {
  const diffs: Difference[] = [];
  for (let i = 0; i < Math.max(a.steps.length, b.steps.length); i += 1) {
    const sa = a.steps[i];
    const sb = b.steps[i];
    const step = i + 1;
    if (!sa || !sb) {
      const label = (sa ?? sb)?.label ?? '';
      diffs.push({ step, label, path: '', a: sa ? `${sa.kind} ${sa.actor}` : ABSENT, b: sb ? `${sb.kind} ${sb.actor}` : ABSENT });
      continue;
    }
    const found: [string, unknown, unknown][] = [];
    for (const field of STEP_FIELDS) {
      deepDiff(field in sa ? sa[field] : ABSENT, field in sb ? sb[field] : ABSENT, field, found);
    }
    diffEvents(sa, sb, found);
    for (const [path, va, vb] of found) diffs.push({ step, label: sa.label, path, a: va, b: vb });
  }
  return diffs;
}

function show(value: unknown): string {
  const text = value === ABSENT ? '(absent)' : stableJson(value);
  return text.length > 300 ? `${text.slice(0, 300)}... (${text.length} chars)` : text;
}

/** a readable report: the differences grouped by step */
export function renderDiff(diffs: Difference[], nameA = 'a', nameB = 'b'): string {
  if (!diffs.length) return 'no differences\n';
  const lines: string[] = [];
  let current = -1;
  for (const d of diffs) {
    if (d.step !== current) {
      current = d.step;
      lines.push(`step ${d.step}: ${d.label}`);
    }
    lines.push(`  ${d.path || '(the whole step)'}`, `    ${nameA}: ${show(d.a)}`, `    ${nameB}: ${show(d.b)}`);
  }
  lines.push('', `${diffs.length} difference${diffs.length === 1 ? '' : 's'} in ${new Set(diffs.map((d) => d.step)).size} step(s)`);
  return lines.join('\n') + '\n';
}
