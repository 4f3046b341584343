/**
 * Callers that cannot tell a synchronous throw from a rejection. A function whose code before its first await
 * may throw is declined (MOLT040, sync-throws.ts), because as an async function that throw becomes a rejection.
 * But a call whose value a promise handler returns (`Promise.try(function () { return handlers[event](s, p); })`,
 * `.then(x => f(x))`) turns a throw into a rejection itself: there the two are the same. When every call molt
 * can see, in the function's file and in the other modules of its package (read from disk, as foreign-callers
 * does), is such a call, and nothing else uses the function or its module object, the function is converted.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ASTPath, JSCodeshift } from 'jscodeshift';
import { lineOf, readTree, requiredModule } from '../../ast.js';
import { readCached, type ParsedFiles } from '../../files.js';
import { jsFiles, localModuleBindings, packageRoot } from './foreign-callers.js';
import { isFunction, patternNames, walkWithAncestors, type N } from './syntax.js';

/** promise methods that turn what their handler throws into a rejection */
const HANDLER_METHODS = new Set(['then', 'catch', 'finally', 'spread', 'tap', 'caught', 'lastly']);
/** bluebird statics that call their handler and turn what it throws into a rejection */
const BLUEBIRD_CALLERS = new Set(['try', 'attempt', 'map', 'mapSeries', 'each', 'reduce', 'filter']);

/** What the callers of some functions are: calls in absorbing places, and the uses that are not. */
export interface ThrowCallers {
  absorbed: number;
  /** where a throw would escape to the caller, or the function is used otherwise (passed, aliased) */
  escaping: string[];
}

/**
 * A call where a synchronous throw and a rejection are the same: awaited as it is (`await f()`), or whose value a
 * function returns (a `return` of its own, in blocks and ifs only, or an arrow's expression body; either branch of
 * a `?:` on the way) when that function is async or a promise handler: an argument of .then/.catch/... or of
 * bluebird's Promise.try/map/each/... `above` holds the nodes above the call, its parent last.
 */
function absorbing(call: N, above: N[], bluebird: Set<string>): boolean {
  let i = above.length - 1;
  let value: N = call;
  while (above[i]?.type === 'ConditionalExpression' && above[i].test !== value) value = above[i--];
  const parent = above[i];
  if (parent?.type === 'AwaitExpression' && parent.argument === call) return true;
  if (!(parent?.type === 'ArrowFunctionExpression' && parent.body === value)) {
    if (parent?.type !== 'ReturnStatement' || parent.argument !== value) return false;
    // a loop, a switch or a try between them would change what a throw meets
    for (i--; i >= 0 && !isFunction(above[i]); i--) if (above[i].type !== 'BlockStatement' && above[i].type !== 'IfStatement') return false;
  }
  const fn = above[i];
  if (fn?.async) return true;
  const handlerCall = above[i - 1];
  if (!fn || handlerCall?.type !== 'CallExpression' || !handlerCall.arguments.includes(fn)) return false;
  const c = handlerCall.callee;
  if (c.type !== 'MemberExpression' || c.computed || c.property.type !== 'Identifier') return false;
  if (HANDLER_METHODS.has(c.property.name)) return true;
  return c.object.type === 'Identifier' && bluebird.has(c.object.name) && BLUEBIRD_CALLERS.has(c.property.name);
}

/** the local names bound to bluebird in a program (require or import) */
function bluebirdNames(program: N): Set<string> {
  const names = new Set<string>();
  for (const s of program.body) {
    if (s.type === 'VariableDeclaration')
      for (const d of s.declarations) if (d.id.type === 'Identifier' && d.init && requiredModule(d.init) === 'bluebird') names.add(d.id.name);
    if (s.type === 'ImportDeclaration' && s.source.value === 'bluebird')
      for (const sp of s.specifiers) if (sp.type !== 'ImportSpecifier') names.add(sp.local.name);
  }
  return names;
}

interface ModuleUse {
  /** the export's name, or null for a computed member of the module object (any export) */
  name: string | null;
  absorbing: boolean;
  where: string;
}

const usesCache: ParsedFiles<[target: string, use: ModuleUse][]> = new Map();

/** Every use, in `file`, of what it requires from local modules: per module, which export and whether the call absorbs a throw. */
function moduleUses(j: JSCodeshift, file: string): [string, ModuleUse][] {
  return (
    readCached(usesCache, file, (source) => {
      const program = readTree(j, source).get().node.program;
      const bluebird = bluebirdNames(program);
      const bound = localModuleBindings(program, file);
      const uses: [string, ModuleUse][] = [];
      const where = (n: N): string => `${path.basename(file)}:${lineOf(n) ?? 0}`;
      walkWithAncestors(program, (n, ancestors) => {
        if (n.type !== 'Identifier') return;
        const b = bound.get(n.name);
        const parent = ancestors.at(-1);
        if (!b || !parent) return;
        // the binding itself, or a property key of the same name
        if ((parent.type === 'VariableDeclarator' && parent.id === n) || parent.type === 'ImportDefaultSpecifier' || parent.type === 'ImportSpecifier' || parent.type === 'ImportNamespaceSpecifier') return;
        if ((parent.type === 'MemberExpression' && parent.property === n && !parent.computed) || ((parent.type === 'Property' || parent.type === 'ObjectProperty') && parent.key === n && !parent.shorthand)) return;
        if (parent.type === 'Property' && parent.value === n && ancestors.at(-2)?.type === 'ObjectPattern') return;
        const [target, member] = b;
        let name: string | null = member;
        let callee: N = n;
        let up = ancestors.length - 1;
        if (member === null) {
          // the module object: a member of it, named or computed
          if (parent.type !== 'MemberExpression' || parent.object !== n) {
            uses.push([target, { name: null, absorbing: false, where: where(n) }]);
            return;
          }
          name = parent.computed ? null : parent.property.name;
          callee = parent;
          up--;
        }
        const call = ancestors[up];
        const called = call?.type === 'CallExpression' && call.callee === callee;
        uses.push([target, { name, absorbing: called && absorbing(call, ancestors.slice(0, up), bluebird), where: where(n) }]);
      });
      return uses;
    }) ?? []
  );
}

/**
 * The callers, in the other modules of `file`'s package, of the exports named: calls that absorb a synchronous
 * throw, and the uses that do not (a call elsewhere, the export or the module object used as a value). A computed
 * member of the module object (`handlers[event](…)`) may be any export.
 */
export function foreignThrowCallers(j: JSCodeshift, file: string, names: Set<string>): ThrowCallers {
  const out: ThrowCallers = { absorbed: 0, escaping: [] };
  const root = path.isAbsolute(file) && fs.existsSync(file) ? packageRoot(file) : null;
  if (!root) return { absorbed: 0, escaping: ['its module is not on disk: its callers cannot be read'] };
  const self = path.resolve(file);
  for (const other of jsFiles(root)) {
    if (other === self) continue;
    for (const [target, use] of moduleUses(j, other)) {
      if (target !== self || (use.name !== null && !names.has(use.name))) continue;
      if (use.absorbing) out.absorbed++;
      else out.escaping.push(`${use.name ?? 'the module'} in ${use.where}`);
    }
  }
  return out;
}

/**
 * The uses, in the function's own file, of the names it is called by (namesOf): as a bare name when the function
 * is bound to it (`bound`: a declaration or a variable; a method or a property is not), or a member of this,
 * module.exports or exports. Any of them that is not an absorbing call escapes; the definition, and the export
 * object that lists the function (`listing`: exportListings), are not uses.
 */
export function ownThrowCallers(program: N, names: Set<string>, bound: boolean, listing: Set<N>): ThrowCallers {
  const out: ThrowCallers = { absorbed: 0, escaping: [] };
  const bluebird = bluebirdNames(program);
  walkWithAncestors(program, (n, ancestors) => {
    const parent = ancestors.at(-1);
    if (!parent) return;
    let callee: N | null = null;
    if (bound && n.type === 'Identifier' && names.has(n.name)) {
      const declares = (parent.type === 'FunctionDeclaration' || parent.type === 'VariableDeclarator' || parent.type === 'FunctionExpression') && parent.id === n;
      const key =
        (parent.type === 'MemberExpression' && parent.property === n && !parent.computed) ||
        ((parent.type === 'Property' || parent.type === 'ObjectProperty' || parent.type === 'MethodDefinition') && parent.key === n && !parent.shorthand);
      const exported = parent.type === 'ExportSpecifier' || listing.has(parent);
      if (!declares && !key && !exported && !shadowed(n.name, ancestors)) callee = n;
    }
    if (n.type === 'MemberExpression' && !n.computed && names.has(n.property.name)) {
      const o = n.object;
      const own = o.type === 'ThisExpression' || (o.type === 'Identifier' && o.name === 'exports') || (o.type === 'MemberExpression' && o.object.name === 'module' && o.property.name === 'exports');
      // `exports.f = function …`: the definition
      if (own && !(parent.type === 'AssignmentExpression' && parent.left === n)) callee = n;
    }
    if (!callee) return;
    const call = parent;
    if (call.type === 'CallExpression' && call.callee === callee && absorbing(call, ancestors.slice(0, -1), bluebird)) out.absorbed++;
    else out.escaping.push(`${callee.type === 'Identifier' ? callee.name : callee.property.name} at line ${lineOf(callee) ?? 0}`);
  });
  return out;
}

/**
 * Is the name declared again between the module's top level and a use of it: a parameter, a catch clause's
 * parameter, or a declaration directly in an enclosing block or loop head (`message => …` in the `message` handler)?
 * Then the use is not the function's. A `var` in a block that does not enclose the use is not looked for: the use
 * then counts as the function's, the safe side.
 */
function shadowed(name: string, ancestors: N[]): boolean {
  const declares = (s: N): boolean =>
    (s?.type === 'VariableDeclaration' && s.declarations.some((d: N) => patternNames(d.id).some((id) => id.name === name))) ||
    ((s?.type === 'FunctionDeclaration' || s?.type === 'ClassDeclaration') && s.id?.name === name);
  return ancestors.some((a) => {
    if (isFunction(a)) return a.params.some((p: N) => patternNames(p).some((id) => id.name === name)) || (a.type === 'FunctionExpression' && a.id?.name === name);
    if (a.type === 'CatchClause') return !!a.param && patternNames(a.param).some((id) => id.name === name);
    if (a.type === 'BlockStatement') return a.body.some(declares);
    if (a.type === 'ForStatement' || a.type === 'ForInStatement' || a.type === 'ForOfStatement') return declares(a.type === 'ForStatement' ? a.init : a.left);
    return false;
  });
}

/**
 * The properties of the objects that only export the module's functions: `module.exports = { f: f }`,
 * `export default { f }`, and `const chat = { f }` when chat is only exported (`export default chat`,
 * `export { chat as 'module.exports' }`, as cjs-to-esm writes). Calls through them are in other modules.
 */
export function exportListings(program: N): Set<N> {
  const objects: N[] = [];
  const holders = new Map<string, N>();
  for (const s of program.body) {
    if (s.type === 'ExportDefaultDeclaration' && s.declaration.type === 'ObjectExpression') objects.push(s.declaration);
    const e = s.type === 'ExpressionStatement' ? s.expression : null;
    if (e?.type === 'AssignmentExpression' && e.right.type === 'ObjectExpression' && e.left.type === 'MemberExpression' && e.left.object.name === 'module' && e.left.property.name === 'exports')
      objects.push(e.right);
    if (s.type === 'VariableDeclaration')
      for (const d of s.declarations) if (d.id.type === 'Identifier' && d.init?.type === 'ObjectExpression') holders.set(d.id.name, d.init);
  }
  // a holder used anywhere but in an export is read as an object by the module itself
  const used = new Set<string>();
  walkWithAncestors(program, (n, ancestors) => {
    const parent = ancestors.at(-1);
    if (n.type !== 'Identifier' || !holders.has(n.name) || !parent) return;
    if (parent.type === 'VariableDeclarator' && parent.id === n) return;
    if (parent.type === 'ExportSpecifier' || (parent.type === 'ExportDefaultDeclaration' && parent.declaration === n)) return;
    if ((parent.type === 'MemberExpression' && parent.property === n && !parent.computed) || ((parent.type === 'Property' || parent.type === 'ObjectProperty') && parent.key === n && !parent.shorthand)) return;
    used.add(n.name);
  });
  for (const [name, object] of holders) if (!used.has(name)) objects.push(object);
  return new Set(objects.flatMap((o) => o.properties.filter((p: N) => p.type === 'Property' || p.type === 'ObjectProperty')));
}

/**
 * Is the function reached by its name only, the name the callers above follow: a function declared or stored in a
 * variable at the top level of its module, or a property of the object the module exports. A class's method, or
 * one of an object handed around, is called through instances molt does not follow.
 */
export function reachedByName(fnPath: ASTPath, program: N, listing: Set<N>): boolean {
  const fn: N = fnPath.node;
  const parent: N = fnPath.parent?.node;
  if (fn.type === 'FunctionDeclaration') return parent === program || (parent?.type === 'ExportNamedDeclaration' && program.body.includes(parent));
  if (parent?.type === 'VariableDeclarator') {
    const declaration: N = fnPath.parent?.parent?.node;
    const holder: N = fnPath.parent?.parent?.parent?.node;
    return program.body.includes(declaration) || (holder?.type === 'ExportNamedDeclaration' && program.body.includes(holder));
  }
  return (parent?.type === 'Property' || parent?.type === 'ObjectProperty') && listing.has(parent);
}

