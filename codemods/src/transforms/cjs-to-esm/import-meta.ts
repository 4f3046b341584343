/**
 * CommonJS's view of the module, in its import.meta form: `require.main === module` and
 * `!module.parent` compare import.meta.url with the entry script's URL (MOLT150 says where that
 * differs), and __dirname, __filename and module.filename become import.meta.dirname/filename.
 */
import type { Emitter } from './emitter.js';
import type { N } from './syntax.js';

export function emitImportMeta(em: Emitter): void {
  const { c, edits } = em;
  for (const m of c.mainChecks) {
    em.fileUrl ??= c.fresh('pathToFileURL');
    const text = `import.meta.url ${m.negate ? '!==' : '==='} ${em.fileUrl}(process.argv[1]).href`;
    const parent = m.path.parent?.node as N;
    const bare =
      !parent ||
      [
        'IfStatement',
        'LogicalExpression',
        'ConditionalExpression',
        'ExpressionStatement',
        'VariableDeclarator',
        'ReturnStatement',
        'AssignmentExpression',
      ].includes(parent.type);
    edits.leaf(m.node.start, m.node.end, bare ? text : `(${text})`);
    c.note(
      'MOLT150',
      m.node,
      `${m.viaParent ? '!module.parent' : 'require.main === module'} became a comparison of import.meta.url with process.argv[1], which differs when node is started through a symlink or without the file extension`,
    );
    em.rewrote++;
  }
  for (const p of c.dirRefs) {
    const node = p.node as N;
    const name = node.type === 'MemberExpression' ? '__filename' : node.name;
    const text = name === '__dirname' ? 'import.meta.dirname' : 'import.meta.filename';
    const parent = p.parent?.node as N;
    if (parent?.type === 'Property' && parent.shorthand) edits.leaf(parent.start, parent.end, `${name}: ${text}`);
    else edits.leaf(node.start, node.end, text);
    em.rewrote++;
  }
}
