/**
 * The file put together: 'use strict' goes (a module is strict), the imports molt adds (createRequire
 * for the requires that stay, pathToFileURL, the hoisted imports) go after the leading imports or
 * before the first statement's comments (not before a file header), the edits are rendered, the
 * alias-mode export lines go at the end, and a file with no import or export becomes a module with
 * `export {}`. MOLT154 says which local specifiers got a guessed '.js'.
 */
import { shown } from './cycles.js';
import type { Emitter } from './emitter.js';
import { afterLine, commentsIn, skipSpace } from './source-text.js';
import type { N } from './syntax.js';

/** the new source */
export function assemble(em: Emitter, exportLines: { text: string } | null): string {
  const { c, j, src, edits, semi, tops, hoisted, headerStmts, needRequire, fileUrl } = em;
  const body = c.program.body as N[];
  const directives = body.filter((s) => s.type === 'ExpressionStatement' && s.directive !== undefined);
  for (const d of directives) {
    if (d.directive === 'use strict') {
      tops.push({ start: d.start, end: skipSpace(src, d.end), text: '' });
      em.rewrote++;
    }
  }
  const statements = body.filter((s) => !directives.includes(s));
  const head: string[] = [];
  if (needRequire) head.push(`import { createRequire } from ${em.str('node:module')}${semi}`);
  if (fileUrl)
    head.push(
      `import { ${fileUrl === 'pathToFileURL' ? fileUrl : `pathToFileURL as ${fileUrl}`} } from ${em.str('node:url')}${semi}`,
    );
  head.push(...hoisted.filter((h) => h.startsWith('import')));
  if (needRequire) head.push(`const require = createRequire(import.meta.url)${semi}`);
  head.push(...hoisted.filter((h) => !h.startsWith('import')));
  if (head.length) {
    let lastHeader: N = null;
    for (const stmt of statements) {
      if (headerStmts.has(stmt) || stmt.type === 'ImportDeclaration') lastHeader = stmt;
      else break;
    }
    if (lastHeader) {
      tops.push({
        start: afterLine(src, lastHeader.end, false),
        end: afterLine(src, lastHeader.end, false),
        text: '\n' + head.join('\n'),
      });
    } else {
      const first = statements[0] ?? null;
      const at = first ? attachedCommentsStart(src, first, directives) : src.length;
      tops.push({ start: at, end: at, text: head.join('\n') + '\n' + (first ? '\n' : '') });
    }
  }
  let out = edits.render(0, src.length, tops);
  if (exportLines) out = out.replace(/\s*$/, '') + '\n\n' + exportLines.text + '\n';
  const isModule = c.root.find(j.ImportDeclaration).size() > 0 || /(^|\n)\s*(import|export)\s/.test(out);
  if (!isModule) out = out.replace(/\s*$/, '') + '\n\nexport {}' + semi + '\n';
  return out;
}

/** MOLT154: local specifiers written with a '.js' that was not checked on disk */
export function noteUnchecked(em: Emitter, filePath: string): void {
  const { c, abs, unchecked } = em;
  const converted = c.requireSites.filter((s) => s.convert && unchecked.includes(s.spec));
  if (converted.length) {
    const where = abs ? `not found next to ${shown(abs, abs)}` : `not checked: ${filePath} was not found on disk`;
    c.note(
      'MOLT154',
      converted[0]!.call,
      `${converted.map((s) => `'${s.spec}'`).join(', ')} written as ${converted.map((s) => `'${em.target(s.spec).spec}'`).join(', ')} (${where}); require cycles were not checked`,
    );
  }
}

/** before the comments that belong to the first statement (not before a file header) */
function attachedCommentsStart(src: string, first: N, directives: N[]): number {
  const from = directives.length ? skipSpace(src, directives[directives.length - 1].end) : 0;
  const comments = commentsIn(src, from, first.start);
  let at = first.start;
  for (let i = comments.length - 1; i >= 0; i--) {
    const between = src.slice(comments[i]!.end, at);
    if (/\n\s*\n/.test(between)) break;
    if (i === 0) return first.start; // the whole run starts the file: a header, imports go below it
    at = comments[i]!.start;
  }
  return at;
}
