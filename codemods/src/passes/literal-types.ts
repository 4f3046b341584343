/**
 * Types for variables that start as an object and are then used as something its own type does not allow: an
 * object literal read by a computed key (a map), or an object literal or a `new` object given more properties later
 * (`const ctx = { user }; ctx.room = r`, `const err = new Error(m); err.key = k`).
 * Each is an annotation on the variable, written by the TypeScript stage's last edits (js-to-ts markRemaining).
 */
import { ts } from 'ts-morph';
import { diagnosticNode } from './nodes.js';

/** "Element implicitly has an 'any' type because expression of type 'string' can't be used to index type '{ … }'" */
export const INDEXED_BY_KEY = 7053;

/** An annotation for a variable declared with an object (the type's text, to write after its name). */
export interface LiteralType {
  decl: ts.VariableDeclaration;
  sf: ts.SourceFile;
  type: string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** a member's type longer than this makes the variable's annotation hard to read: it is any instead */
const MAX_MEMBER_TYPE = 80;

type Initialized<T extends ts.Expression> = ts.VariableDeclaration & { name: ts.Identifier; initializer: T };

/** The variable an identifier names, when it is declared untyped in a file of ours, with an initializer of that kind. */
function variableOf<T extends ts.Expression>(checker: ts.TypeChecker, expression: ts.Expression, kind: (e: ts.Expression) => e is T): Initialized<T> | undefined {
  if (!ts.isIdentifier(expression)) return undefined;
  const decl = checker.getSymbolAtLocation(expression)?.valueDeclaration;
  if (!decl || !ts.isVariableDeclaration(decl) || decl.type || !ts.isIdentifier(decl.name) || decl.getSourceFile().isDeclarationFile) return undefined;
  return decl.initializer && kind(decl.initializer) ? (decl as Initialized<T>) : undefined;
}

/** An object literal, or an object made by `new` (`new Error(message)`), that code can give properties to. */
const isObjectMade = (e: ts.Expression): e is ts.ObjectLiteralExpression | ts.NewExpression => ts.isObjectLiteralExpression(e) || ts.isNewExpression(e);

const print = (checker: ts.TypeChecker, type: ts.Type, at: ts.Node): string => checker.typeToString(type, at, ts.TypeFormatFlags.NoTruncation);

/**
 * The objects written as a literal and read by a computed key, `LEVELS[name]`, whose values all have one type T
 * once widened (`{ error: 0, warn: 1 }`: number): a map from names to T, typed Record<string, T>. Objects whose
 * values differ are left to the errors marked: no one type reads them.
 */
export function recordTypes(program: ts.Program, errors: ts.Diagnostic[]): LiteralType[] {
  const checker = program.getTypeChecker();
  const found = new Map<ts.VariableDeclaration, LiteralType>();
  for (const d of errors) {
    let access = diagnosticNode(program, d);
    while (access && !ts.isElementAccessExpression(access)) access = access.parent;
    const decl = access && ts.isElementAccessExpression(access) ? variableOf(checker, access.expression, ts.isObjectLiteralExpression) : undefined;
    if (!decl || found.has(decl) || !decl.initializer.properties.length) continue;
    const types = new Set<string>();
    for (const prop of decl.initializer.properties) {
      // a method, a spread or a computed name: not a plain map
      if (!(ts.isPropertyAssignment(prop) || ts.isShorthandPropertyAssignment(prop)) || ts.isComputedPropertyName(prop.name)) {
        types.add('');
        break;
      }
      types.add(print(checker, checker.getBaseTypeOfLiteralType(checker.getTypeAtLocation(prop.name)), decl));
    }
    const [type] = types;
    if (types.size !== 1 || !type || /\bany\b|import\(/.test(type)) continue;
    found.set(decl, { decl, sf: decl.getSourceFile(), type: `Record<string, ${type}>` });
  }
  return [...found.values()];
}

/**
 * The objects written as a literal or made by `new` and given more properties later (`const query = { roomId };
 * if (before) query._id = { $lt: before }`): "Property '_id' does not exist on type '{ roomId: any; }'" at every
 * use. The variable is typed with the literal's members (or the instance's type) and the later ones, optional (the
 * object lacks them until they are set), each typed by what is assigned to it. Returns the annotations and the
 * members that could only be `any`.
 */
export function filledLiterals(program: ts.Program, errors: ts.Diagnostic[]): { types: LiteralType[]; anys: { decl: ts.VariableDeclaration; name: string }[] } {
  const checker = program.getTypeChecker();
  const later = new Map<Initialized<ts.ObjectLiteralExpression | ts.NewExpression>, Set<string>>();
  for (const d of errors) {
    const name = diagnosticNode(program, d);
    const access = name?.parent;
    if (!access || !ts.isPropertyAccessExpression(access) || access.name !== name) continue;
    const decl = variableOf(checker, access.expression, isObjectMade);
    if (decl) later.set(decl, (later.get(decl) ?? new Set()).add(access.name.text));
  }
  const types: LiteralType[] = [];
  const anys: { decl: ts.VariableDeclaration; name: string }[] = [];
  for (const [decl, names] of later) {
    const assigned = assignedTypes(checker, decl, names);
    // only names something sets: a read of one nobody sets is a mistake to show
    if (!assigned.size) continue;
    const type = checker.getTypeAtLocation(decl.name);
    // a literal's own members, written out; an instance's type by its name, `Error & { key?: any; }`
    const literal = ts.isObjectLiteralExpression(decl.initializer);
    const own = literal ? type.getProperties().map((p) => `${p.name}: ${print(checker, checker.getTypeOfSymbolAtLocation(p, decl), decl)}`) : [];
    const more = [...assigned].map(([name, texts]) => `${name}?: ${texts.has('any') ? 'any' : [...texts].join(' | ')}`);
    const members = [...own, ...more];
    const base = literal ? '' : print(checker, type, decl);
    if (/import\(|\bany\b/.test(base) || members.some((m) => /import\(/.test(m) || !IDENTIFIER.test(m.slice(0, m.search(/\??: /))))) continue;
    // written as TypeScript prints an object type, as the members' own types are
    const object = `{ ${members.join('; ')}; }`;
    types.push({ decl, sf: decl.getSourceFile(), type: literal ? object : `${base} & ${object}` });
    for (const [name, texts] of assigned) if (texts.has('any')) anys.push({ decl, name: `${decl.name.text}.${name}` });
  }
  return { types, anys };
}

/** What the code around a variable assigns to the given properties of it (`v.name = value`), by property: widened types' texts. */
function assignedTypes(checker: ts.TypeChecker, decl: ts.VariableDeclaration, names: Set<string>): Map<string, Set<string>> {
  const symbol = checker.getSymbolAtLocation(decl.name);
  const found = new Map<string, Set<string>>();
  const visit = (node: ts.Node): void => {
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      names.has(node.left.name.text) &&
      ts.isIdentifier(node.left.expression) &&
      checker.getSymbolAtLocation(node.left.expression) === symbol
    ) {
      const type = print(checker, checker.getBaseTypeOfLiteralType(checker.getTypeAtLocation(node.right)), decl).replace(/\bnever\[\]/g, 'any[]');
      const texts = found.get(node.left.name.text) ?? new Set<string>();
      // a type that says nothing (unknown would also swallow a union), or too long to read in an annotation
      found.set(node.left.name.text, texts.add(/^(?:null|undefined|never|unknown)$/.test(type) || type.length > MAX_MEMBER_TYPE ? 'any' : type));
    }
    ts.forEachChild(node, visit);
  };
  // the variable's scope: the block, function or file it is declared in
  let scope: ts.Node = decl;
  while (!ts.isBlock(scope) && !ts.isSourceFile(scope) && scope.parent) scope = scope.parent;
  visit(scope);
  return found;
}
