/**
 * Names: which ones a new binding or a named export may take (identifiers that are not reserved,
 * nor CommonJS's own), and the names molt makes up from a specifier or a file name.
 */
import { IDENTIFIER_NAME } from '../../ast.js';

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface ' +
    'package private protected public await arguments eval undefined NaN Infinity require module exports __dirname __filename'
  ).split(' '),
);
export const validName = (name: string): boolean => IDENTIFIER_NAME.test(name) && !RESERVED.has(name);

export const validKey = (key: string): boolean => IDENTIFIER_NAME.test(key);

export function camel(name: string): string {
  const parts = name.split(/[^A-Za-z0-9_$]+/).filter(Boolean);
  const joined = parts.map((p, i) => (i === 0 ? p : p[0]!.toUpperCase() + p.slice(1))).join('');
  return joined || 'mod';
}

export function fileBaseName(file: string): string {
  const parts = file.split(/[\\/]/);
  let base = (parts.pop() ?? 'module').split('.')[0]!;
  if (base === 'index' && parts.length) base = parts.pop()!;
  return base || 'module';
}
