/**
 * The chain model: which calls are chain steps, a parsed chain (its head and its .then/.spread/.tap/
 * .return/.catch/.finally steps, each with inlined handlers), the sinks a step's value flows into
 * (returned, discarded, or bound to the next step's parameter), and the diagnostics a conversion
 * produces. `Decline` is thrown to abandon a conversion with a coded reason.
 */
import type { N } from './syntax.js';

export const CHAIN_METHODS = new Set([
  'then',
  'spread',
  'tap',
  'catch',
  'caught',
  'finally',
  'lastly',
  'return',
  'thenReturn',
]);

export interface Diag {
  code: string;
  line: number | undefined;
  message: string;
}

export class Decline extends Error {
  constructor(
    readonly code: string,
    readonly line: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

export function isChainCall(n: N): boolean {
  return (
    n?.type === 'CallExpression' &&
    n.callee.type === 'MemberExpression' &&
    !n.callee.computed &&
    n.callee.property.type === 'Identifier' &&
    CHAIN_METHODS.has(n.callee.property.name)
  );
}

export function methodOf(call: N): string {
  return call.callee.property.name;
}

export interface Binding {
  refs: { node: N; parent: N; key: string }[];
  reassigned: boolean;
}

export interface Handler {
  fn: N | null;
  params: N[];
  body: N[];
  line: number | undefined;
  nodes: Set<N>;
  bindings: Map<string, Binding>;
}

export interface Filter {
  kind: 'class' | 'predicate';
  expr: N;
  heuristic: boolean;
}

export type Step =
  | { kind: 'then'; call: N; ok: Handler; fail: Handler | null }
  | { kind: 'spread'; call: N; handler: Handler }
  | { kind: 'tap'; call: N; handler: Handler; value?: string }
  | { kind: 'return'; call: N; value: N }
  | { kind: 'catch'; call: N; filters: Filter[]; handler: Handler }
  | { kind: 'finally'; call: N; handler: Handler };

export type Head =
  { kind: 'try'; handler: Handler; call: N } | { kind: 'expr'; expr: N } | { kind: 'bound'; name: string };

export interface Chain {
  node: N;
  head: Head;
  steps: Step[];
}

export type ReturnSink = { kind: 'return'; inTry: boolean; atEnd: boolean };
export type DiscardSink = { kind: 'discard' };
export interface BindSink {
  kind: 'bind';
  target: N;
  spread: boolean;
  emitted: N[];
  /** the target is declared right before the code that assigns it, so falling off needs no assignment */
  fallOffFree: boolean;
  reassigned: boolean;
  line: number | undefined;
  caveated: boolean;
}
export type Sink = ReturnSink | DiscardSink | BindSink;

export const isWrap = (s: Step) => s.kind === 'catch' || s.kind === 'finally' || (s.kind === 'then' && s.fail !== null);
