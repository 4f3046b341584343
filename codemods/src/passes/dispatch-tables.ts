import { ts } from 'ts-morph';
import { atTop, bindsName, functionNamed, type FunctionLike, type TextEdit } from './nodes.js';

/**
 * A table of functions called through a computed key, `handlers[event](socket, payload)`: TypeScript's usage fix
 * does not follow such a call into the table, so its functions' parameters stay any. Where an argument is a
 * parameter annotated with a package's type (`socket: socketio.Socket`, `socketio` bound by an import of
 * 'socket.io'), each function of the table that leaves the parameter at that place untyped gets the same type,
 * with the same import in its file. Other arguments say nothing a table's functions can be sure of.
 */

/** A package's type as an annotation writes it, and the import the name it starts with comes from. */
interface PackageType {
  text: string;
  local: string;
  module: string;
  kind: 'default' | 'namespace';
}

/** The import of `sf` that binds `local` as a whole package (default or namespace), if any. */
function packageImport(sf: ts.SourceFile, local: string): Omit<PackageType, 'text'> | undefined {
  for (const statement of sf.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const module = statement.moduleSpecifier.text;
    const clause = statement.importClause;
    if (/^\.\.?\//.test(module) || !clause) continue;
    if (clause.name?.text === local) return { local, module, kind: 'default' };
    if (clause.namedBindings && ts.isNamespaceImport(clause.namedBindings) && clause.namedBindings.name.text === local)
      return { local, module, kind: 'namespace' };
  }
  return undefined;
}

/** The argument's type when it is a parameter annotated `Name.Type` with Name a package's import. */
function argumentType(checker: ts.TypeChecker, sf: ts.SourceFile, arg: ts.Expression): PackageType | undefined {
  if (!ts.isIdentifier(arg)) return undefined;
  const param = checker.getSymbolAtLocation(arg)?.valueDeclaration;
  if (!param || !ts.isParameter(param) || !param.type || !ts.isTypeReferenceNode(param.type)) return undefined;
  const name = param.type.typeName;
  if (!ts.isQualifiedName(name) || !ts.isIdentifier(name.left)) return undefined;
  const from = packageImport(param.getSourceFile(), name.left.text);
  return from && { ...from, text: param.type.getText(param.getSourceFile()) };
}

/** The functions of the table a node names: an object literal's (through imports and variables), or a module's exports. */
function tableFunctions(checker: ts.TypeChecker, table: ts.Identifier): FunctionLike[] {
  let symbol = checker.getSymbolAtLocation(table);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const decl = symbol?.valueDeclaration;
  if (!symbol || !decl) return [];
  if (ts.isSourceFile(decl)) return checker.getExportsOfModule(symbol).flatMap((e) => e.declarations ?? []).flatMap((d) => functionNamed(checker, d) ?? []);
  // `const handlers = {…}`, or `export default {…}` itself
  const init = ts.isVariableDeclaration(decl) ? decl.initializer : ts.isExportAssignment(decl) ? decl.expression : undefined;
  if (!init || !ts.isObjectLiteralExpression(init)) return [];
  return init.properties.flatMap((p) => functionNamed(checker, p) ?? []);
}

/** `x => …`: its parameter cannot take a type without parens. */
const bareArrowParameter = (fn: FunctionLike): boolean =>
  ts.isArrowFunction(fn) && !fn.getChildren(fn.getSourceFile()).some((c) => c.kind === ts.SyntaxKind.OpenParenToken);

/**
 * The edits that type the parameters of the tables' functions in `scope`, by file (annotations, and the imports
 * their types need), and how many parameters they type.
 */
export function dispatchTableTypes(program: ts.Program, scope: Set<string>): { edits: Map<string, TextEdit[]>; typed: number } {
  const checker = program.getTypeChecker();
  // each parameter: the types the calls pass it (more than one: it is left alone)
  const passed = new Map<ts.ParameterDeclaration, Map<string, PackageType>>();
  for (const name of scope) {
    const sf = program.getSourceFile(name);
    // a file with no call through a computed key is not walked
    if (!sf || !/\]\(/.test(sf.text)) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isElementAccessExpression(node.expression) && ts.isIdentifier(node.expression.expression)) {
        // a function of the table that takes fewer parameters than the call passes is not one the call is for
        // (`roomKey(roomId)` beside handlers of `(socket, payload)`)
        const functions = tableFunctions(checker, node.expression.expression).filter((fn) => fn.parameters.length >= node.arguments.length);
        node.arguments.forEach((arg, i) => {
          const type = functions.length ? argumentType(checker, sf, arg) : undefined;
          if (!type) return;
          for (const fn of functions) {
            const param = fn.parameters[i];
            if (!param || param.type || param.dotDotDotToken || !scope.has(fn.getSourceFile().fileName) || bareArrowParameter(fn)) continue;
            passed.set(param, (passed.get(param) ?? new Map()).set(type.text, type));
          }
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  const edits = new Map<string, TextEdit[]>();
  const imports = new Map<ts.SourceFile, Map<string, PackageType>>();
  let typed = 0;
  for (const [param, types] of passed) {
    if (types.size !== 1) continue;
    const type = [...types.values()][0]!;
    const sf = param.getSourceFile();
    const present = packageImport(sf, type.local);
    // the name is bound to something else in that file
    if (present ? present.module !== type.module : bindsName(sf.text, type.local)) continue;
    if (!present) imports.set(sf, (imports.get(sf) ?? new Map()).set(type.local, type));
    const at = (param.questionToken ?? param.name).end;
    edits.set(sf.fileName, [...(edits.get(sf.fileName) ?? []), { start: at, end: at, text: `: ${type.text}` }]);
    typed += 1;
  }
  for (const [sf, types] of imports) {
    const text = [...types.values()]
      .map((t) => (t.kind === 'default' ? `import type ${t.local} from '${t.module}';\n` : `import type * as ${t.local} from '${t.module}';\n`))
      .join('');
    edits.get(sf.fileName)!.push(atTop(sf, text));
  }
  return { edits, typed };
}
