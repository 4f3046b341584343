/**
 * Every diagnostic molt can emit. MOLT0xx: correctness (a rewrite declined so
 * meaning is kept, or a file left alone); MOLT1xx: cleanup left for a human;
 * MOLT2xx: style. codemods/docs/diagnostics.md explains each; a test keeps the
 * two in step.
 */
export const DIAGNOSTICS: Record<string, string> = {
  MOLT000: 'a unit crashed on this file; the file is kept as it was before that unit',
  MOLT001: 'the file could not be parsed; it is copied unchanged',
  MOLT002: "a unit's output did not parse; that unit's change is dropped",
  MOLT010: 'var kept: it is used before its declaration or outside its block',
  MOLT011: 'var kept: the name is declared more than once in its function',
  MOLT012: 'var kept: a closure inside a loop captures it (let would give each iteration its own binding)',
  MOLT013: 'var kept: declared without a value inside a loop, so it carries its value into the next iteration',
  MOLT014: 'var kept: declared directly in a switch case (block scoping would put other cases in its dead zone)',
  MOLT015: 'left alone: the function uses eval or with, so no binding can be proven unused',
  MOLT020: 'function kept: it uses `this` (an arrow would change what `this` is)',
  MOLT021: 'function kept: it uses `arguments`',
  MOLT022: 'function kept: it refers to itself by name, is a generator, or is used as a constructor',
};

export function describeCode(code: string): string {
  const text = DIAGNOSTICS[code];
  if (!text) throw new Error(`molt: unknown diagnostic code ${code}`);
  return text;
}
