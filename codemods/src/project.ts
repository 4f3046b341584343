import type { FileResult } from './pipeline.js';
import { configLayers } from './passes/config-layers/index.js';

/**
 * Runs the config-layers project pass on the file units' results (paths relative
 * to the root) and folds its outcome back in: replaced sources become `removed`,
 * new files become results of their own, its diagnostics join their files.
 * Returns the other files (not .js sources) it wrote, and the ones not to copy.
 */
export function applyConfigLayers(
  results: FileResult[],
  others: Map<string, string>,
): { write: Map<string, string>; remove: Set<string> } {
  const sources = new Map(results.filter((r) => r.status !== 'failed').map((r) => [r.file, r.source]));
  const outcome = configLayers({ sources, others });
  const byFile = new Map(results.map((r) => [r.file, r]));
  const resultFor = (file: string): FileResult => {
    let r = byFile.get(file);
    if (!r) {
      r = { file, status: 'added', source: '', units: {}, diagnostics: [] };
      results.push(r);
      byFile.set(file, r);
    }
    return r;
  };
  for (const [file, text] of outcome.write) {
    if (others.has(file) || !file.endsWith('.ts')) continue;
    const r = resultFor(file);
    r.source = text;
    if (r.status !== 'added') r.status = 'changed';
  }
  for (const file of outcome.remove) {
    const r = byFile.get(file);
    if (r) r.status = 'removed';
  }
  for (const [file, count] of outcome.rewritten)
    resultFor(file).units['config-layers'] = { rewritten: count, changed: true };
  for (const d of outcome.diagnostics) resultFor(d.file).diagnostics.push(d);
  const write = new Map([...outcome.write].filter(([file]) => others.has(file)));
  return { write, remove: new Set([...outcome.remove].filter((f) => others.has(f))) };
}
