import type { Transform } from '../unit.js';
import { assemble, noteUnchecked } from './cjs-to-esm/assemble.js';
import { Converter } from './cjs-to-esm/converter.js';
import { writeExports } from './cjs-to-esm/emit-exports.js';
import { emitRequires } from './cjs-to-esm/emit-requires.js';
import { Emitter } from './cjs-to-esm/emitter.js';
import { emitImportMeta } from './cjs-to-esm/import-meta.js';
import { camel, fileBaseName } from './cjs-to-esm/names.js';
import { locate } from './cjs-to-esm/resolve.js';

/**
 * cjs-to-esm: a CommonJS module becomes an ES module.
 *
 * - top-level requires become imports (default imports; named imports only
 *   where the names are known to exist: node builtins, and local modules that
 *   this unit gives named exports); requires that run lazily, conditionally,
 *   after other top-level code, or that are dynamic stay require() calls
 *   through `createRequire(import.meta.url)`, each with a diagnostic.
 * - module.exports / exports become `export default <the exports value>` plus
 *   named exports where the shape allows, plus `export { x as 'module.exports' }`
 *   so that require() of the ES module (Node >= 20.19) still returns what
 *   module.exports was: lazy requires and CommonJS consumers keep working.
 * - __dirname / __filename / require.main === module get their ESM forms.
 * - a file that cannot be converted with its meaning kept is left alone and
 *   reported.
 */

const transform: Transform = (file, api, { molt }) => {
  const j = api.jscodeshift;
  const abs = locate(file.path);
  const c = new Converter(j, file.source, abs);
  c.analyze();
  if (!c.usesCjs) return undefined;
  if (c.fileIssues.length) {
    for (const issue of c.fileIssues) molt.declined(issue.code, issue.line, `file left as CommonJS: ${issue.message}`);
    return undefined;
  }
  const em = new Emitter(j, c, abs);
  const cycle = emitRequires(em);
  if (cycle) {
    molt.declined(cycle.code, cycle.line, cycle.message);
    return undefined;
  }
  emitImportMeta(em);
  const exportLines = writeExports(em, camel(fileBaseName(file.path)));
  const out = assemble(em, exportLines);
  noteUnchecked(em, file.path);
  for (const issue of c.issues) molt.declined(issue.code, issue.line, issue.message);
  molt.rewrote(em.rewrote || 1);
  return out === c.src ? undefined : out;
};

export default transform;
