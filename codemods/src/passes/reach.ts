import path from 'node:path';
import { ts } from 'ts-morph';

/**
 * Which sites a round of "infer from usage" fixes can give a different answer next round. TypeScript infers a
 * parameter's type from how its function uses it and from what its calls pass, so typing function f can change the
 * answer for a site in a function that mentions f (calls it, reads the variable), in a function f mentions (f
 * calls it, passing what is now typed), and in the functions around f or inside it. A site nothing typed reaches by
 * those roads got its answer from an unchanged context last round: asking again costs a language-service query
 * (a find-all-references over the program) and would get the same refusal.
 *
 * By name, not by symbol: a name the fixed function shares with an unrelated one only asks once more. A function
 * is known across rounds by its place among its file's functions, which the fixes (annotations, imports) keep.
 */
export class Reach {
  /** the names of the functions and variables typed, and the names they are exported and imported under */
  private readonly typed = new Set<string>();
  /** every name the typed functions (and the functions around a typed variable) mention */
  private readonly mentioned = new Set<string>();
  /** per file, the places of the functions typed and of the functions around them */
  private readonly around = new Map<string, Set<number>>();
  /** per file, the places of the functions typed (or holding a typed variable) */
  private readonly at = new Map<string, Set<number>>();
  /** the files whose default export was typed */
  private readonly defaultsTyped = new Set<string>();

  /** A fix was made for the error at this node (an untyped parameter's function, or the name in error). */
  add(node: ts.Node): void {
    const sf = node.getSourceFile();
    const fn = isFunction(node) ? node : enclosingFunction(node);
    // a variable or member of a function is the function's own: its sites are around it
    const declared = fn === sf ? declaredName(node) : undefined;
    if (declared) this.typed.add(declared);
    const name = fn === sf ? undefined : nameOf(fn);
    if (name) this.typed.add(name);
    if (fn !== sf && isDefaultExport(fn)) this.defaultsTyped.add(sf.fileName);
    for (const id of identifiers(fn === sf ? sf.text : fn.getText(sf))) this.mentioned.add(id);
    const chain = chainOf(fn, placesOf(sf));
    addTo(this.at, sf.fileName, chain.slice(0, 1));
    addTo(this.around, sf.fileName, chain);
  }

  /**
   * The names a typed function goes by elsewhere: what its module exports it as (`export { a as b }`), and what the
   * program's files import it as (a default import, `import { a as b }`).
   */
  addImportedNames(program: ts.Program): void {
    const sources = program.getSourceFiles().filter((sf) => !sf.isDeclarationFile);
    for (const sf of sources) {
      for (const st of sf.statements) {
        if (!ts.isExportDeclaration(st) || !st.exportClause || !ts.isNamedExports(st.exportClause)) continue;
        for (const e of st.exportClause.elements) if (e.propertyName && this.typed.has(e.propertyName.text)) this.typed.add(e.name.text);
      }
    }
    const bases = new Set([...this.defaultsTyped].map((f) => f.replace(/\.ts$/, '')));
    for (const sf of sources) {
      for (const st of sf.statements) {
        const clause = ts.isImportDeclaration(st) ? st.importClause : undefined;
        const from = ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : '';
        if (!clause || !/^\.\.?\//.test(from)) continue;
        const base = path.resolve(path.dirname(sf.fileName), from).replace(/\.(js|ts)$/, '');
        if (clause.name && (bases.has(base) || bases.has(path.join(base, 'index')))) this.typed.add(clause.name.text);
        if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) {
          for (const e of clause.namedBindings.elements) if (e.propertyName && this.typed.has(e.propertyName.text)) this.typed.add(e.name.text);
        }
      }
    }
  }

  /**
   * Whether some site in this file can be reached: the file has a fix, mentions what was typed, or has a function
   * the typed ones mention. A file none can be in need not be checked again for the next round.
   */
  mayReachIn(sf: ts.SourceFile): boolean {
    if (this.around.has(sf.fileName)) return true;
    if (identifiers(sf.text).some((id) => this.typed.has(id))) return true;
    for (const fn of placesOf(sf).keys()) {
      const name = fn === sf ? undefined : nameOf(fn);
      if (name && this.mentioned.has(name)) return true;
    }
    return false;
  }

  /** Whether the site whose fix is asked for at this node (a parameter's function, or the node in error) is reached. */
  reaches(node: ts.Node): boolean {
    const sf = node.getSourceFile();
    const fn = isFunction(node) ? node : enclosingFunction(node);
    const chain = chainOf(fn, placesOf(sf));
    const at = this.at.get(sf.fileName);
    // the function itself was typed or holds what was; or a typed function holds it
    if (this.around.get(sf.fileName)?.has(chain[0]!) || chain.some((p) => at?.has(p))) return true;
    const name = fn === sf ? undefined : nameOf(fn);
    if (name && this.mentioned.has(name)) return true;
    // what it mentions, and for a callback the call it is passed to
    const context = fn !== sf && !name && ts.isCallOrNewExpression(fn.parent) ? fn.parent : fn;
    return identifiers(context === sf ? sf.text : context.getText(sf)).some((id) => this.typed.has(id));
  }
}

function addTo(map: Map<string, Set<number>>, key: string, values: number[]): void {
  const set = map.get(key) ?? new Set<number>();
  for (const v of values) set.add(v);
  map.set(key, set);
}

/** The functions with a body: the scopes a site is in. */
const FUNCTION_BODIES = new Set([
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.Constructor,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
]);

/** A function with a body: a site's scope, and a declaration whose parameters can be edited (signatures have none). */
export const isFunction = (node: ts.Node): boolean => FUNCTION_BODIES.has(node.kind);

/** The innermost function around node, or its file. */
function enclosingFunction(node: ts.Node): ts.Node {
  let at = node.parent;
  while (at && !isFunction(at) && !ts.isSourceFile(at)) at = at.parent;
  return at ?? node.getSourceFile();
}

/** Each function's place in its file, in source order; the file's own place is -1. Made once per source file. */
const places = new WeakMap<ts.SourceFile, Map<ts.Node, number>>();

function placesOf(sf: ts.SourceFile): Map<ts.Node, number> {
  let found = places.get(sf);
  if (found) return found;
  found = new Map<ts.Node, number>([[sf, -1]]);
  const visit = (node: ts.Node): void => {
    if (isFunction(node)) found!.set(node, found!.size - 1);
    node.forEachChild(visit);
  };
  sf.forEachChild(visit);
  places.set(sf, found);
  return found;
}

/** The places of fn and of the functions around it, innermost first, the file last. */
function chainOf(fn: ts.Node, placeOf: Map<ts.Node, number>): number[] {
  const chain: number[] = [];
  for (let at: ts.Node | undefined = fn; at; at = at.parent) {
    const place = placeOf.get(at);
    if (place !== undefined) chain.push(place);
  }
  return chain;
}

/** A function's name: its own, or that of the variable, property or member it is the value of. */
function nameOf(fn: ts.Node): string | undefined {
  const own = (fn as ts.FunctionLikeDeclaration).name;
  if (own && (ts.isIdentifier(own) || ts.isStringLiteral(own) || ts.isPrivateIdentifier(own))) return own.text;
  const parent = fn.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && ts.isIdentifier(parent.name)) {
    return parent.name.text;
  }
  if (ts.isBinaryExpression(parent) && parent.right === fn && ts.isPropertyAccessExpression(parent.left)) return parent.left.name.text;
  return undefined;
}

function isDefaultExport(fn: ts.Node): boolean {
  const modifiers = ts.canHaveModifiers(fn) ? ts.getModifiers(fn) : undefined;
  if (modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) return true;
  return ts.isExportAssignment(fn.parent) || (ts.isVariableDeclaration(fn.parent) && isDefaultExportedName(fn.parent));
}

/** `const f = …; export default f` */
function isDefaultExportedName(decl: ts.VariableDeclaration): boolean {
  const name = ts.isIdentifier(decl.name) ? decl.name.text : undefined;
  return !!name && decl.getSourceFile().statements.some((st) => ts.isExportAssignment(st) && ts.isIdentifier(st.expression) && st.expression.text === name);
}

/** The name a variable or property in error declares (`x` of `let x = null`); a parameter is its function's own. */
function declaredName(node: ts.Node): string | undefined {
  const decl = ts.isIdentifier(node) ? node.parent : node;
  const named = decl && (ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl)) ? decl.name : undefined;
  return named && ts.isIdentifier(named) ? named.text : undefined;
}

const identifiers = (text: string): string[] => text.match(/[A-Za-z_$][\w$]*/g) ?? [];
