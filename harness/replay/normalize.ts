/**
 * Makes a trace comparable across runs: ids, tokens, ISO timestamps and the
 * per-run username suffix become stable placeholders, and object keys are
 * sorted (JSON key order carries no meaning on the wire).
 *
 * Ids and tokens are found by where they stand (an `id`, `roomId`, `createdBy`
 * ... field, a `members` or `mentions` list, a `token` field), numbered in the
 * order first seen (<id1>, <id2>, ...; <token1>, ...), and then replaced
 * everywhere they occur: values, object keys (the unread map), and inside
 * strings (request paths, error messages). Timestamps all become <date>:
 * numbering them would encode which ones fell into the same millisecond.
 */
import type { Step, Trace } from './session.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
/** fields whose string value is an id (clientId is chosen by the client, not the server) */
const ID_FIELD = /^(?:id|[a-z]+Id|createdBy)$/;
const NOT_ID_FIELD = new Set(['clientId']);
/** fields whose array holds ids */
const ID_LIST_FIELD = new Set(['members', 'mentions']);
const TOKEN_FIELD = 'token';

export interface Normalization {
  trace: Trace;
  /** raw id -> placeholder */
  ids: Map<string, string>;
  /** raw token -> placeholder */
  tokens: Map<string, string>;
}

/** the parts of a step in the order they happened */
function stepParts(step: Step): unknown[] {
  const events = Object.keys(step.events).sort().map((name) => step.events[name]);
  return [step.request, step.response, step.ack, events, step.missing];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** calls `visit(key, value)` for every field, depth first, keys sorted */
function walk(value: unknown, visit: (key: string, value: unknown) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
  } else if (isObject(value)) {
    for (const key of Object.keys(value).sort()) {
      visit(key, value[key]);
      walk(value[key], visit);
    }
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function normalizeWithMaps(trace: Trace): Normalization {
  const ids = new Map<string, string>();
  const tokens = new Map<string, string>();
  const addId = (v: unknown): void => {
    if (typeof v === 'string' && v !== '' && !ids.has(v)) ids.set(v, `<id${ids.size + 1}>`);
  };
  for (const step of trace.steps) {
    for (const part of stepParts(step)) {
      walk(part, (key, value) => {
        if (ID_FIELD.test(key) && !NOT_ID_FIELD.has(key)) addId(value);
        else if (ID_LIST_FIELD.has(key) && Array.isArray(value)) value.forEach(addId);
        else if (key === TOKEN_FIELD && typeof value === 'string' && !tokens.has(value)) {
          tokens.set(value, `<token${tokens.size + 1}>`);
        }
      });
    }
  }

  const idPattern = ids.size
    ? new RegExp([...ids.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g')
    : null;
  const tagPattern = trace.runTag ? new RegExp(`_${escapeRegExp(trace.runTag)}`, 'g') : null;
  const mapString = (text: string): string => {
    if (ISO_DATE.test(text)) return '<date>';
    const token = tokens.get(text);
    if (token) return token;
    let out = idPattern ? text.replace(idPattern, (id) => ids.get(id) ?? id) : text;
    if (tagPattern) out = out.replace(tagPattern, '_<run>');
    return out;
  };
  const rebuild = (value: unknown): unknown => {
    if (typeof value === 'string') return mapString(value);
    if (Array.isArray(value)) return value.map(rebuild);
    if (isObject(value)) {
      const entries = Object.entries(value).map(([k, v]) => [mapString(k), rebuild(v)] as const);
      return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return value;
  };

  const steps = trace.steps.map((step) => {
    const out: Step = { ...step, actor: mapString(step.actor), label: mapString(step.label) };
    out.request = rebuild(step.request);
    if ('response' in step) out.response = rebuild(step.response);
    if ('ack' in step) out.ack = rebuild(step.ack);
    out.events = rebuild(step.events) as Step['events'];
    return out;
  });
  return { trace: { target: trace.target, runTag: '<run>', steps }, ids, tokens };
}

export function normalizeTrace(trace: Trace): Trace {
  return normalizeWithMaps(trace).trace;
}
