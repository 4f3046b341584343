import { ts } from 'ts-morph';
import { EXPRESS_METHODS } from '../express.js';
import { atTop, bindsName, functionNamed, type FunctionLike, type TextEdit } from './nodes.js';

/**
 * Express handlers declared apart from the call that mounts them: `function notFound(req, res) {…}` in one module,
 * `app.use(errors.notFound)` in another. TypeScript types a handler written inline from the method's parameter, and
 * one declared apart not at all: usage cannot say more than `any` of `req` and `res`. A function some file passes to
 * an Express app's or router's method gets what Express gives a handler, `(req: Request, res: Response, next:
 * NextFunction)`, or with four parameters an error handler's `(err, req: Request, res: Response, next:
 * NextFunction)`: its `err` is left to the list (anything can be thrown).
 */

/** A call of one of them, `.get(`: a file without one is not walked. */
const MOUNTING_CALL = new RegExp(`\\.(?:${[...EXPRESS_METHODS].join('|')})\\(`);

/** What Express passes a handler, by position; an error handler's first parameter is the error. */
const HANDLER = ['Request', 'Response', 'NextFunction'];
const ERROR_HANDLER = [null, ...HANDLER];

/** Whether a call mounts handlers: one of EXPRESS_METHODS (not `param`, whose callbacks take other arguments), resolved to a signature of Express's declarations. */
function mountsHandlers(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  if (!ts.isPropertyAccessExpression(call.expression) || !EXPRESS_METHODS.has(call.expression.name.text)) return false;
  const declared = checker.getResolvedSignature(call)?.getDeclaration()?.getSourceFile().fileName ?? '';
  return /\/@types\/express(?:-serve-static-core)?\//.test(declared);
}

/** How the file writes Express's types: through its default import of express, or by names it imports. */
function typeNames(sf: ts.SourceFile): { prefix: string } | { imports: true } | null {
  for (const statement of sf.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || statement.moduleSpecifier.text !== 'express') continue;
    const name = statement.importClause?.name;
    if (name && !statement.importClause.isTypeOnly) return { prefix: `${name.text}.` };
  }
  // a name the file binds itself would clash with the import
  return HANDLER.some((name) => bindsName(sf.text, name)) ? null : { imports: true };
}

/**
 * The edits that type the handlers the files in `scope` pass to Express, by file (annotations, and the import of the
 * types where the file has no default import of express), and how many parameters they type.
 */
export function expressHandlerTypes(program: ts.Program, scope: Set<string>): { edits: Map<string, TextEdit[]>; typed: number } {
  const checker = program.getTypeChecker();
  const handlers = new Set<FunctionLike>();
  for (const name of scope) {
    const sf = program.getSourceFile(name);
    if (!sf || !MOUNTING_CALL.test(sf.text)) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && mountsHandlers(checker, node)) {
        for (const arg of node.arguments) {
          // an inline function is left alone: TypeScript types it
          const handler = ts.isIdentifier(arg) || ts.isPropertyAccessExpression(arg) ? functionNamed(checker, arg) : undefined;
          if (handler && scope.has(handler.getSourceFile().fileName)) handlers.add(handler);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  const edits = new Map<string, TextEdit[]>();
  const used = new Map<ts.SourceFile, Set<string>>();
  let typed = 0;
  for (const handler of handlers) {
    const sf = handler.getSourceFile();
    const names = typeNames(sf);
    const params = handler.parameters;
    if (!names || params.length < 2 || params.length > 4) continue;
    const types = params.length === 4 ? ERROR_HANDLER : HANDLER;
    const fileEdits = edits.get(sf.fileName) ?? [];
    params.forEach((param, i) => {
      const type = types[i];
      if (!type || param.type || param.dotDotDotToken) return;
      const at = (param.questionToken ?? param.name).end;
      fileEdits.push({ start: at, end: at, text: `: ${'prefix' in names ? names.prefix : ''}${type}` });
      if ('imports' in names) used.set(sf, (used.get(sf) ?? new Set()).add(type));
      typed += 1;
    });
    if (fileEdits.length) edits.set(sf.fileName, fileEdits);
  }
  for (const [sf, types] of used) {
    const list = HANDLER.filter((t) => types.has(t)).join(', ');
    edits.get(sf.fileName)!.push(atTop(sf, `import type { ${list} } from 'express';\n`));
  }
  return { edits, typed };
}
