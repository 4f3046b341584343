/**
 * The function another local module exports under a name: `Room.findById(id)` where `Room` is
 * `require('../models/room')` (or its import) and that module sets `module.exports = { findById:
 * findById }` once (or exports `findById` as an ES module), with `findById` a module-level function
 * never reassigned. The chain-head check asks whether it can throw before returning its promise. The
 * module is read as it is on disk; its facts are cached by modification time across units.
 */
import type { JSCodeshift } from 'jscodeshift';
import { requiredModule } from '../../ast.js';
import { readTree } from '../../ast.js';
import { readCached, type ParsedFiles } from '../../files.js';
import { FileFacts } from './file-facts.js';
import { resolveLocal } from './foreign-callers.js';
import { walk, type N } from './syntax.js';

export interface ForeignModule {
  facts: FileFacts;
  /** the Program path's scope, for the names the module declares */
  scope: unknown;
  /** exported name → module-level function */
  exported: Map<string, N>;
}

const cache: ParsedFiles<ForeignModule> = new Map();

/** the module specifier a module-level name of `f` was required or imported from */
function specifierOf(f: FileFacts, name: string): string | null {
  for (const s of f.program.body) {
    if (
      s.type === 'ImportDeclaration' &&
      s.specifiers.some((x: N) => x.local.name === name && x.type !== 'ImportSpecifier')
    ) {
      return String(s.source.value);
    }
    if (s.type === 'VariableDeclaration') {
      for (const d of s.declarations)
        if (d.id.type === 'Identifier' && d.id.name === name) return requiredModule(d.init);
    }
  }
  return null;
}

/** `module.exports = { a: a, b }` assigned once, and nothing else written to module.exports or exports; or ES exports */
function exportedFunctions(facts: FileFacts): Map<string, N> {
  const out = new Map<string, N>();
  let objects = 0;
  let otherWrites = 0;
  walk(facts.program, (n) => {
    if (n.type !== 'AssignmentExpression') return;
    const l = n.left;
    const isModuleExports =
      l.type === 'MemberExpression' && l.object.name === 'module' && l.property.name === 'exports';
    if (isModuleExports && n.right.type === 'ObjectExpression') {
      objects += 1;
      for (const p of n.right.properties) {
        if (
          (p.type === 'Property' || p.type === 'ObjectProperty') &&
          !p.computed &&
          p.key.type === 'Identifier' &&
          p.value.type === 'Identifier'
        ) {
          const fn = facts.moduleFunctions.get(p.value.name);
          if (fn) out.set(p.key.name, fn);
        }
      }
    } else if (
      isModuleExports ||
      (l.type === 'MemberExpression' &&
        (l.object.name === 'exports' ||
          (l.object.type === 'MemberExpression' && l.object.property?.name === 'exports')))
    ) {
      otherWrites += 1;
    }
  });
  if (objects > 1 || otherWrites > 0) return new Map();
  for (const s of facts.program.body) {
    if (s.type === 'ExportNamedDeclaration' && s.declaration?.type === 'FunctionDeclaration') {
      const fn = facts.moduleFunctions.get(s.declaration.id.name);
      if (fn) out.set(s.declaration.id.name, fn);
    }
  }
  return out;
}

function load(j: JSCodeshift, file: string): ForeignModule | null {
  return readCached(cache, file, (source) => {
    const root = readTree(j, source);
    const facts = new FileFacts(j, root.get().node, file);
    return { facts, scope: root.find(j.Program).paths()[0]?.scope, exported: exportedFunctions(facts) };
  });
}

/** `object.member` where object names a local module of `f`: that module and the function, or null */
export function foreignFunction(f: FileFacts, object: string, member: string): { module: ForeignModule; fn: N } | null {
  const spec = specifierOf(f, object);
  const file = spec ? resolveLocal(f.filePath, spec) : null;
  const module = file ? load(f.j, file) : null;
  const fn = module?.exported.get(member);
  return module && fn ? { module, fn } : null;
}
