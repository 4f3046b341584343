/**
 * Properties legacy sets on a library's objects: `req.user = user` in an Express middleware, `socket.user = user`
 * in a Socket.io one. Every read of them elsewhere is "Property 'user' does not exist on type 'Request'". A library
 * that expects this leaves an interface open for it (Express.Request in the global scope; Socket in the namespace
 * @types/socket.io 2 exports), and a TypeScript service adds its properties there. So does molt, in one file
 * (types/augmented.ts), each property `any` and listed.
 */
import { ts } from 'ts-morph';
import { diagnosticNode } from './nodes.js';

/**
 * An interface a program can add members to: `Express.Request` of the global scope is ['Express'] and 'Request';
 * @types/socket.io's Socket is 'Socket' of the module 'socket.io' (whose `export =` is the namespace it is in).
 */
interface Target {
  /** the package whose module declares it; none for the global scope */
  module?: string;
  namespaces: string[];
  name: string;
}

/** A property to declare, and the interface to declare it in. */
export interface Expando {
  target: Target;
  property: string;
}

/** "Property 'user' does not exist on type 'Socket'", and its "Did you mean 'use'?" form */
export const MISSING_PROPERTY = [2339, 2551];

/**
 * The interface without type parameters that a property can be added to for values of this type: the type's own,
 * or else one it extends (Express.Request under express's Request<P, …>), nearest first.
 */
function openInterface(checker: ts.TypeChecker, type: ts.Type): Target | undefined {
  const seen = new Set<ts.Type>();
  let level: ts.Type[] = [type];
  while (level.length) {
    const next: ts.Type[] = [];
    for (const t of level) {
      const target = (t as ts.TypeReference).target ?? t;
      if (seen.has(target)) continue;
      seen.add(target);
      for (const decl of target.getSymbol()?.getDeclarations() ?? []) {
        const found = ts.isInterfaceDeclaration(decl) && !decl.typeParameters ? openTarget(decl) : undefined;
        if (found) return found;
      }
      if (target.isClassOrInterface()) next.push(...checker.getBaseTypes(target));
    }
    level = next;
  }
  return undefined;
}

/**
 * Where an interface of a library's declarations can be added to: the namespaces around it in the global scope (a
 * script's `declare namespace`, a module's `declare global`), or in a package's module (its index.d.ts, reached
 * through the namespace its `export =` names). Undefined for TypeScript's own lib (Error, Array: every value of
 * theirs would get the property) and for what no import reaches by the package's name.
 */
function openTarget(decl: ts.InterfaceDeclaration): Target | undefined {
  const sf = decl.getSourceFile();
  const pkg = /\/node_modules\/((?:@types\/)?(?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(sf.fileName);
  if (!sf.isDeclarationFile || !pkg || pkg[1] === 'typescript') return undefined;
  const names: string[] = [];
  let at: ts.Node = decl.parent;
  for (; ts.isModuleBlock(at); at = at.parent.parent) {
    const ns = at.parent;
    if (ns.flags & ts.NodeFlags.GlobalAugmentation) return names.length ? { namespaces: names, name: decl.name.text } : undefined;
    if (!ts.isIdentifier(ns.name)) return undefined;
    names.unshift(ns.name.text);
  }
  // a namespace nested by dots (`namespace A.B`) puts a module declaration where a block would be
  if (!ts.isSourceFile(at)) return undefined;
  if (!ts.isExternalModule(at)) return names.length ? { namespaces: names, name: decl.name.text } : undefined;
  // a module: only through its root index.d.ts, whose `export =` names the outermost namespace
  if (pkg[2] !== 'index.d.ts' || !names.length) return undefined;
  const exported = at.statements.find(ts.isExportAssignment);
  if (!exported?.isExportEquals || !ts.isIdentifier(exported.expression) || exported.expression.text !== names[0]) return undefined;
  const name = pkg[1]!.replace(/^@types\/(?:(.+)__)?/, (_m, scope?: string) => (scope ? `@${scope}/` : ''));
  return { module: name, namespaces: names.slice(1), name: decl.name.text };
}

/**
 * The properties the errors name that can be declared in an interface the library leaves open (openInterface),
 * when some file sets a property of that name (`.user =`): a read of one nobody sets is a mistake to show, not to
 * declare.
 */
export function findExpandos(program: ts.Program, errors: ts.Diagnostic[], texts: string[]): Expando[] {
  const checker = program.getTypeChecker();
  const found: Expando[] = [];
  for (const d of errors) {
    const name = diagnosticNode(program, d);
    const access = name?.parent;
    if (!name || !access || !ts.isPropertyAccessExpression(access) || access.name !== name) continue;
    const property = access.name.text;
    const set = new RegExp(`\\.${property.replace(/\$/g, '\\$')}\\s*=(?!=)`);
    if (!texts.some((text) => set.test(text))) continue;
    const target = openInterface(checker, checker.getTypeAtLocation(access.expression));
    if (!target) continue;
    found.push({ target, property });
  }
  return found;
}

/** The file that declares them: `declare global { namespace Express { interface Request { user: any; } } }` */
export function augmentedText(expandos: Expando[]): string {
  const byInterface = new Map<string, { target: Target; properties: Set<string> }>();
  for (const e of expandos) {
    const key = targetName(e.target);
    const entry = byInterface.get(key) ?? { target: e.target, properties: new Set<string>() };
    entry.properties.add(e.property);
    byInterface.set(key, entry);
  }
  const indent = (depth: number): string => '  '.repeat(depth);
  // one block per module, and one for the global scope
  const blocks = new Map<string, string[]>();
  for (const key of [...byInterface.keys()].sort()) {
    const { target, properties } = byInterface.get(key)!;
    const open = target.namespaces.map((ns, i) => `${indent(i + 1)}namespace ${ns} {`);
    const depth = target.namespaces.length + 1;
    const members = [...properties].sort().map((p) => `${indent(depth + 1)}${p}: any;`);
    const close = target.namespaces.map((_ns, i) => `${indent(target.namespaces.length - i)}}`);
    const head = target.module ? `declare module '${target.module}' {` : 'declare global {';
    blocks.set(head, [...(blocks.get(head) ?? []), ...open, `${indent(depth)}interface ${target.name} {`, ...members, `${indent(depth)}}`, ...close]);
  }
  return [
    "// written by molt js-to-ts: the properties legacy sets on objects of a library's types, declared where the",
    '// library lets a program add them (each typed any, listed in molt-report.json)',
    'export {};',
    ...[...blocks].flatMap(([head, lines]) => ['', head, ...lines, '}']),
    '',
  ].join('\n');
}

/** `Express.Request`, `socket.io:Socket`: how the report names an interface */
export const targetName = (t: Target): string => `${t.module ? `${t.module}:` : ''}${[...t.namespaces, t.name].join('.')}`;

/** The line (from 1) that declares the property in augmentedText's text. */
export function memberLine(text: string, target: Target, property: string): number {
  const lines = text.split('\n');
  const head = target.module ? `declare module '${target.module}' {` : 'declare global {';
  let at = lines.indexOf(head);
  for (const ns of target.namespaces) at = lines.findIndex((l, i) => i > at && l.trim() === `namespace ${ns} {`);
  at = lines.findIndex((l, i) => i > at && l.trim() === `interface ${target.name} {`);
  return lines.findIndex((l, i) => i > at && l.trim() === `${property}: any;`) + 1;
}

/** "Could not find a declaration file for module 'nedb/lib/model.js'" */
export const UNTYPED_MODULE = 7016;

/**
 * The modules imported that have no types (a file deep inside a package whose types cover only its root, or a
 * package without any), by name: each gets TypeScript's shorthand declaration, which makes it any.
 */
export function untypedModules(errors: ts.Diagnostic[]): string[] {
  const names = errors.map((d) => /module '([^']+)'/.exec(ts.flattenDiagnosticMessageText(d.messageText, ' '))?.[1]).filter((m): m is string => !!m);
  return [...new Set(names)].sort();
}

/** A declaration file (a script: in a module, `declare module` would augment) with `declare module 'x';` for each. */
export function untypedModulesText(names: string[]): string {
  return [
    '// written by molt js-to-ts: modules the output imports that have no types; each is any (listed in molt-report.json)',
    ...names.map((name) => `declare module ${JSON.stringify(name).replace(/^"|"$/g, "'")};`),
    '',
  ].join('\n');
}

