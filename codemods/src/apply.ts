import jscodeshift from 'jscodeshift';
import type { Diagnostic, FileUnit, UnitOutcome } from './unit.js';

// ES5 in, ES2022 out: babel's parser reads both, and recast keeps the formatting it did not touch
const j = jscodeshift.withParser('babel');

/**
 * The last parse that checked a source (the input, or a unit's output), handed
 * to the next unit when it parses that same source: each source is parsed once,
 * not once to check it and again to transform it. Taken at most once, because
 * the unit changes the tree it gets.
 */
let checked: { source: string; root: ReturnType<typeof j> } | null = null;

const reusingJ = Object.setPrototypeOf((source: unknown, options?: unknown) => {
  if (typeof source === 'string' && checked?.source === source) {
    const { root } = checked;
    checked = null;
    return root;
  }
  return (j as any)(source, options);
}, j) as typeof j;

const api = { jscodeshift: reusingJ, j: reusingJ, stats: () => {}, report: () => {} };

export function parses(source: string): string | null {
  try {
    checked = { source, root: j(source) };
    return null;
  } catch (err) {
    checked = null;
    return (err as Error).message;
  }
}

/**
 * Runs one unit on one file. Never throws: a crash or unparsable output keeps
 * the input and becomes a diagnostic (MOLT000 / MOLT002).
 */
export function applyUnit(unit: FileUnit, file: string, source: string): UnitOutcome {
  const diagnostics: Diagnostic[] = [];
  let rewritten = 0;
  const molt = {
    rewrote(count = 1) {
      rewritten += count;
    },
    declined(code: string, line: number | undefined, message: string) {
      diagnostics.push({ code, unit: unit.name, file, line: line ?? 0, message });
    },
  };
  let output: string | undefined;
  try {
    output = unit.transform({ path: file, source }, api as any, { molt });
  } catch (err) {
    const message = `${unit.name} crashed: ${(err as Error).message.split('\n')[0]}`;
    return { source, changed: false, rewritten: 0, diagnostics: [{ code: 'MOLT000', unit: unit.name, file, line: 0, message }] };
  }
  if (output === undefined || output === source) return { source, changed: false, rewritten: 0, diagnostics };
  const error = parses(output);
  if (error) {
    const message = `${unit.name} produced code that does not parse (${error.split('\n')[0]}); change dropped`;
    return { source, changed: false, rewritten: 0, diagnostics: [...diagnostics, { code: 'MOLT002', unit: unit.name, file, line: 0, message }] };
  }
  return { source: output, changed: true, rewritten, diagnostics };
}
