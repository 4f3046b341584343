import fs from 'node:fs';
import path from 'node:path';
import { Node, Project, SyntaxKind, ts, type SourceFile } from 'ts-morph';
import type { Samples } from '../samples/record.js';
import type { Diagnostic } from '../unit.js';
import { augmentedText, findExpandos, memberLine, MISSING_PROPERTY, targetName, UNTYPED_MODULE, untypedModules, untypedModulesText } from './augment.js';
import { checkedProgram, graphOf, preEmitDiagnostics, semanticDiagnostics } from './checks.js';
import { dispatchTableTypes } from './dispatch-tables.js';
import { expressHandlerTypes } from './express-types.js';
import { filledLiterals, INDEXED_BY_KEY, recordTypes } from './literal-types.js';
import { bindsName, diagnosticNode, innermostNodeAt, setText, type TextEdit as Edit } from './nodes.js';
import { isFunction, Reach } from './reach.js';
import { sampledParameter, typeFromSamples } from './runtime-types.js';
import { planSocketEvents, writeSocketEvents, type SocketEventsReport } from './socket-events.js';

/**
 * The TypeScript stage: renames the migrated .js files to .ts, types what can be
 * known (JSDoc, then TypeScript's own "infer from usage" and "declare missing
 * member" fixes), marks the rest `any` explicitly (each one listed), and
 * type-checks the result under strict.
 */

export interface AnySite {
  file: string;
  line: number;
  name: string;
}

export interface Suppressed {
  file: string;
  line: number;
  code: number;
  message: string;
}

export interface TsReport {
  files: number;
  /** parameters of functions passed to an Express app or router, typed as Express types a handler's */
  expressHandlers: number;
  /** parameters of the functions of a table called through a computed key, typed as the callers' arguments */
  tableParams: number;
  /** parameters made optional because some call passes fewer arguments (JS gives them undefined) */
  optionalParams: number;
  /** object literals indexed by a computed key, whose values share a type T: typed Record<string, T> */
  records: number;
  /** objects (a literal, or made by `new`) given more properties later: typed with those, optional */
  filledLiterals: number;
  inferred: number;
  fromJsDoc: number;
  declaredMembers: number;
  anys: AnySite[];
  /** type errors molt could not fix, each marked with a @ts-expect-error naming it */
  suppressed: Suppressed[];
  errors: { file: string; line: number; code: number; message: string }[];
  diagnostics: Diagnostic[];
  /** parameters typed from runtime samples, annotations taken back, suppressions made unused */
  fromSamples?: { typed: number; reverted: number; unsuppressed: number; named: number; returns: number; returnsReverted: number };
  /** the Socket.io event maps written, when a socket listens to events */
  socketEvents?: SocketEventsReport;
  /** how long each step of the stage took, in order (ms): where the stage's time goes */
  steps: { step: string; ms: number }[];
}

/** Runtime types, then the any and @ts-expect-error lists without what they typed or made unused. */
function fromSamples(
  project: Project,
  outDir: string,
  samples: Samples,
  report: TsReport,
  scope: Set<string>,
  typesFile?: SourceFile,
): TsReport['fromSamples'] {
  const result = typeFromSamples(project, outDir, samples, (p) => p.getTypeNode()?.getText() === 'any', typesFile, scope);
  for (const typed of result.typedParams) {
    const i = report.anys.findIndex((a) => a.file === typed.file && a.name === typed.name);
    if (i >= 0) report.anys.splice(i, 1);
  }
  for (const removed of result.removedComments) {
    const i = report.suppressed.findIndex((x) => x.file === removed.file && removed.text.includes(`TS${x.code}: ${x.message}`));
    if (i >= 0) report.suppressed.splice(i, 1);
  }
  return {
    typed: result.typed,
    reverted: result.reverted,
    unsuppressed: result.unsuppressed,
    named: result.named,
    returns: result.typedReturns,
    returnsReverted: result.returnsReverted,
  };
}

// ES2022 modules with bundler-style resolution: ts-morph builds its source files
// without the per-file module format NodeNext derives from package.json, so
// NodeNext would check every file as CommonJS. The imports molt writes carry
// '.js' extensions, so Node resolves them the same way.
export const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ES2022,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  esModuleInterop: true,
  skipLibCheck: true,
  noEmit: true,
  types: ['node'],
  // a Node service: the DOM's declarations (half of what the checker would read first) only add wrong globals
  lib: ['lib.es2022.d.ts'],
};

/** Written next to the output so `tsc -p <out>` checks it the way molt did. */
const OUTPUT_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'ES2022',
    moduleResolution: 'Bundler',
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
    lib: ['ES2022'],
  },
  include: ['**/*.ts'],
  exclude: ['node_modules', 'public'],
};

const IMPLICIT_ANY = [7006, 7005, 7008, 7019, 7031, 7034];
const MISSING_THIS_MEMBER = 2339;

/** JSDoc `@param {T} name` → T, only for types TypeScript reads as they are. */
function jsDocTypes(file: SourceFile): number {
  let count = 0;
  // most files have no such tag (@arg and @argument are its other names); walking them wraps every node
  if (!/@(?:param|arg)/.test(file.getFullText())) return count;
  file.forEachDescendant((node) => {
    if (!Node.isFunctionDeclaration(node) && !Node.isFunctionExpression(node) && !Node.isMethodDeclaration(node)) return;
    const docs = Node.isJSDocable(node) ? node.getJsDocs() : [];
    for (const doc of docs) {
      for (const tag of doc.getTags()) {
        if (!Node.isJSDocParameterTag(tag)) continue;
        const typeText = tag.getTypeExpression()?.getTypeNode().getText();
        const param = node.getParameter(tag.getName());
        if (!typeText || !param || param.getTypeNode() || /\*|=|\?$/.test(typeText)) continue;
        param.setType(typeText);
        count += 1;
      }
    }
  });
  return count;
}

/** The errors with the given codes in the given files (semanticDiagnostics). */
function semanticErrors(project: Project, codes: number[], files: Set<string>): ts.Diagnostic[] {
  return semanticDiagnostics(project, files).filter((d) => codes.includes(d.code) && d.file && d.start !== undefined);
}

const IMPLICIT_ANY_PARAMETER = 7006;

/**
 * The function whose parameters TypeScript's "infer from usage" fix types for this error, when it is an untyped
 * parameter: that fix types every parameter of the function at once, so the function's other parameters would
 * only ask for the same edit again (and it would overlap the first).
 */
function parametersFixedTogether(d: ts.Diagnostic): ts.Node | undefined {
  if (d.code !== IMPLICIT_ANY_PARAMETER) return undefined;
  const name = innermostNodeAt(d.file!, d.start!);
  const param = name.parent;
  if (!ts.isIdentifier(name) || !ts.isParameter(param) || param.name !== name) return undefined;
  return ts.isSetAccessorDeclaration(param.parent) ? undefined : param.parent;
}

interface OrderedEdit extends Edit {
  /** at one point, the edit with the higher order goes in first (so it ends up after the others) */
  order: number;
}

/** The text with the edits made bottom up, so each edit's positions still hold when it is made. */
function applyEdits(text: string, edits: OrderedEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start || b.order - a.order)) {
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
  }
  return out;
}

/**
 * One round of TypeScript's own quick fixes for the given error codes: every fix
 * is computed against the same program, then the edits are applied per file from
 * the bottom up, skipping any that overlap an edit already taken. Only errors in
 * `files` are asked for a fix. Returns the number of fixes applied and the files
 * they changed.
 */
function fixRound(
  project: Project,
  fix: FixSpec,
  files: Set<string>,
  /** only the sites the last round's fixes reach (all in the first round) */
  reached?: Reach,
): { applied: number; changed: Set<string>; reach?: Reach } {
  const ls = project.getLanguageService();
  const program = checkedProgram(project);
  const edits = new Map<string, { group: Edit[]; at: ts.Node }[]>();
  const askedFor = new Set<ts.Node>();
  for (const d of semanticErrors(project, fix.codes, files)) {
    const sf = project.getSourceFile(d.file!.fileName);
    if (!sf) continue;
    const together = fix.name === 'inferFromUsage' ? parametersFixedTogether(d) : undefined;
    if (together && askedFor.has(together)) continue;
    if (together) askedFor.add(together);
    const at = together ?? innermostNodeAt(d.file!, d.start!);
    if ((reached && !reached.reaches(at)) || (fix.asks && !fix.asks(at))) continue;
    let fixes;
    try {
      fixes = ls.getCodeFixesAtPosition(sf, d.start!, d.start! + d.length!, [d.code]);
    } catch {
      continue;
    }
    const found = fixes.find((f) => f.getFixName() === fix.name && (fix.description ?? /./).test(f.getDescription()));
    if (!found) continue;
    for (const change of found.getChanges()) {
      const edited = program.getSourceFile(change.getFilePath());
      const group = edited ? fix.take(change.getTextChanges().map((t) => ({ start: t.getSpan().getStart(), end: t.getSpan().getEnd(), text: t.getNewText() })), edited) : [];
      const text = group.map((g) => g.text).join('');
      if (!group.length || importsCollide(text, d.file?.text ?? '')) continue;
      const file = change.getFilePath();
      edits.set(file, [...(edits.get(file) ?? []), { group, at }]);
    }
  }
  let applied = 0;
  const changed = new Set<string>();
  // what the next round asks is told by what this one fixed, for a spec that asks again only there
  const reach = fix.reachOnly ? new Reach() : undefined;
  for (const [file, groups] of edits) {
    const sf = project.getSourceFileOrThrow(file);
    const taken: Edit[] = [];
    // with mergeInsertions, two different texts inserted at one point both go in (two members declared at the top
    // of one class); otherwise one point takes one edit, as two fixes there would clash
    const declared = (e: Edit): string | undefined => /^\s*(?:(?:private|public|protected|readonly|static)\s+)*([\w$#]+)/.exec(e.text)?.[1];
    const samePoint = (e: Edit, t: Edit): boolean =>
      e.start === t.start && e.end === t.end && !(fix.mergeInsertions && e.start === e.end && declared(e) !== undefined && declared(e) !== declared(t));
    const overlaps = (e: Edit): boolean => taken.some((t) => (e.start < t.end && t.start < e.end) || samePoint(e, t));
    const chosen = groups.filter(({ group, at }) => {
      if (group.some(overlaps)) return false;
      taken.push(...group);
      reach?.add(at);
      return true;
    });
    // at one point the later fix goes in first, so that the texts read in the order of their errors
    // and within one fix, its own edits at one point keep their order: `(`, `: number`, `)` around `n`
    setText(sf, applyEdits(sf.getFullText(), chosen.flatMap((c) => c.group).map((e, order) => ({ ...e, order }))));
    applied += chosen.length;
    if (chosen.length > 0) changed.add(sf.getFilePath());
  }
  reach?.addImportedNames(program);
  return { applied, changed, reach };
}

/**
 * Where the next round's fixes can differ from this round's: the files changed, and the files that import them
 * or that they import (a parameter's type is inferred from calls in other modules). Errors elsewhere got no
 * fix from the same program last round and would get none again: asking costs a language-service query each.
 */
function affectedBy(project: Project, changed: Set<string>, scope: Set<string>, reached?: Reach): Set<string> {
  const program = checkedProgram(project);
  const affected = new Set(changed);
  for (const file of scope) {
    const sf = program.getSourceFile(file);
    if (!sf) continue;
    const imports = [...graphOf(program).importsOf(sf).keys()];
    if (changed.has(file)) for (const name of imports) if (scope.has(name)) affected.add(name);
    if (imports.some((name) => changed.has(name))) affected.add(file);
  }
  if (!reached) return affected;
  // a file no site of the next round can be in is checked later, once, rather than after every round
  return new Set([...affected].filter((file) => {
    const sf = program.getSourceFile(file);
    return sf !== undefined && reached.mayReachIn(sf);
  }));
}

/**
 * A fix that imports a name twice (`Server` from both "http" and "https", for a
 * parameter that takes either) or a name the file already binds would not compile.
 */
function importsCollide(text: string, fileText: string): boolean {
  const imported = [...text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from/g)].flatMap((m) => m[1]!.split(',').map((n) => n.trim().split(/\s+as\s+/).at(-1)!).filter(Boolean));
  if (new Set(imported).size < imported.length) return true;
  return imported.some((name) => bindsName(fileText, name));
}

/** Which quick fix a round asks for, for which errors, and which of its edits it takes. */
interface FixSpec {
  codes: number[];
  /** the fix's name in TypeScript (`inferFromUsage`) */
  name: string;
  /** of a fix's edits in one file, those it takes (none: the fix is not taken) */
  take: (group: Edit[], sf: ts.SourceFile) => Edit[];
  /** of the fixes by that name, the one whose description matches */
  description?: RegExp;
  /** two different texts inserted at one point both go in */
  mergeInsertions?: boolean;
  /** after the first round, ask only at the sites the last round's fixes reach (Reach) */
  reachOnly?: boolean;
  /** the sites worth a query (each costs one): the node in error, or the function whose parameters are fixed together */
  asks?: (at: ts.Node) => boolean;
}

/** The parameters of a function that have no type, but a rest parameter's. */
const untypedParameters = (fn: ts.SignatureDeclaration): ts.ParameterDeclaration[] => fn.parameters.filter((p) => !p.type && !p.dotDotDotToken);

/**
 * What TypeScript's "infer from usage" fix writes that is worth taking. An annotation that says `any`, or has `any`
 * in it, is no better than saying so ourselves, in the list; `let x = null` later assigned something untyped is
 * "inferred" as `null` (or `undefined`), worse than saying any; `unknown` (a caught error passed along), `never`
 * and `{}` say no more than any, and make every use of the value an error. The fix types every parameter of a
 * function at once, an edit each: the others are taken (`(a, b)` → `(a, b: number)`, a left for the list), and
 * so are those `leftOut` does not leave to another source. A fix with other edits (an import it adds, a parameter
 * list written again) is taken whole or not at all.
 */
function usableAnnotations(group: Edit[], leftOut: (e: Edit) => boolean): Edit[] {
  const usable = (e: Edit): boolean => !leftOut(e) && !/\b(?:any|unknown|never)\b|\{\s*\}/.test(e.text) && !/:\s*(null|undefined)(\s*\|\s*(null|undefined))*\s*([,)]|$)/.test(e.text);
  if (group.every(usable)) return group;
  const annotation = (e: Edit): boolean => e.start === e.end && /^\s*:/.test(e.text);
  if (!group.every((e) => annotation(e) || /^[()]$/.test(e.text))) return [];
  return group.some((e) => annotation(e) && usable(e)) ? group.filter((e) => !annotation(e) || usable(e)) : [];
}

function fixUntilStable(project: Project, scope: Set<string>, fix: FixSpec, rounds: number): number {
  let total = 0;
  let files = scope;
  let reached: Reach | undefined;
  for (let i = 0; i < rounds; i++) {
    const { applied, changed, reach } = fixRound(project, fix, files, reached);
    if (applied === 0) break;
    total += applied;
    reached = reach;
    files = affectedBy(project, changed, scope, reached);
  }
  return total;
}

/**
 * A function that reads `arguments` and declares fewer parameters than it is
 * called with: a rest parameter (never read, so nothing changes at run time and
 * `fn.length` stays) lets the calls type-check.
 */
function restForArguments(sf: SourceFile, anys: AnySite[]): void {
  // most files never read `arguments`; listing every node of a file wraps each in ts-morph
  if (!sf.getFullText().includes('arguments')) return;
  const fns = sf.getDescendants().filter(
    (n): n is import('ts-morph').FunctionDeclaration | import('ts-morph').FunctionExpression =>
      (Node.isFunctionDeclaration(n) || Node.isFunctionExpression(n)) &&
      n.getDescendantsOfKind(SyntaxKind.Identifier).some((id) => id.getText() === 'arguments' && id.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a)) === n),
  );
  for (const fn of fns.reverse()) {
    if (fn.getParameters().some((p) => p.isRestParameter())) continue;
    fn.addParameter({ name: '_rest', isRestParameter: true, type: 'any[]' });
    anys.push({ file: sf.getFilePath(), line: fn.getStartLineNumber(), name: '..._rest (reads arguments)' });
  }
}

/**
 * `const x = {}` that later gets properties by assignment (x.a = …, x[k] = …)
 * is used as a map or an expando object: typed Record<string, any>, listed.
 */
function expandoObjects(sf: SourceFile, anys: AnySite[]): void {
  const empty = sf.getDescendantsOfKind(SyntaxKind.VariableDeclaration).filter((decl) => {
    const init = decl.getInitializer();
    return !decl.getTypeNode() && init && Node.isObjectLiteralExpression(init) && !init.getProperties().length;
  });
  // the assignments are looked for only where some object starts empty: most files have none
  if (!empty.length) return;
  const assigned = new Set<string>();
  for (const bin of sf.getDescendantsOfKind(SyntaxKind.BinaryExpression)) {
    if (bin.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) continue;
    const left = bin.getLeft();
    if (Node.isPropertyAccessExpression(left) || Node.isElementAccessExpression(left)) {
      const target = left.getExpression();
      if (Node.isIdentifier(target)) assigned.add(target.getText());
    }
  }
  for (const decl of empty.reverse()) {
    if (!assigned.has(decl.getName())) continue;
    decl.setType('Record<string, any>');
    anys.push({ file: sf.getFilePath(), line: decl.getStartLineNumber(), name: `${decl.getName()} (object filled in later)` });
  }
}

/**
 * A field declared from what the constructor first assigns, `this.byUser = {}` or `this.hits = []`, is typed `{}`
 * (no property can be read or set on it) or `never[]` (nothing can be pushed): a map or a list filled in later.
 * They become Record<string, any> and any[], listed.
 */
function emptyMembers(sf: SourceFile, anys: AnySite[]): void {
  // the member fixes are the only source of such a declaration: most files have none
  if (!/:\s*(?:\{\}|never\[\]);/.test(sf.getFullText())) return;
  for (const prop of sf.getDescendantsOfKind(SyntaxKind.PropertyDeclaration).reverse()) {
    const type = prop.getTypeNode()?.getText();
    if (prop.hasInitializer() || (type !== '{}' && type !== 'never[]')) continue;
    prop.setType(type === '{}' ? 'Record<string, any>' : 'any[]');
    anys.push({ file: sf.getFilePath(), line: prop.getStartLineNumber(), name: `${prop.getName()} (${type === '{}' ? 'object' : 'array'} filled in later)` });
  }
}

/**
 * Parameters typed by what is known of how their functions are called: as Express handlers (express-types.ts), or
 * through a table (dispatch-tables.ts). Returns how many.
 */
function typeFromCalls(project: Project, scope: Set<string>, find: (program: ts.Program, scope: Set<string>) => { edits: Map<string, Edit[]>; typed: number }): number {
  const { edits, typed } = find(checkedProgram(project), scope);
  for (const [file, fileEdits] of edits) {
    const sf = project.getSourceFileOrThrow(file);
    setText(sf, applyEdits(sf.getFullText(), fileEdits.map((e, order) => ({ ...e, order }))));
  }
  return typed;
}

/** What the last pass does to a parameter: make it optional (a call leaves it out), annotate it `any`, or both. */
interface ParamMark {
  param: ts.ParameterDeclaration;
  sf: ts.SourceFile;
  optional: boolean;
  any: boolean;
}

/**
 * The parameters a call leaves out, TypeScript's "Expected 2 arguments, but got 1": in JavaScript a missing argument
 * is simply undefined, so they become optional (marked with markParam, beside the parameters left any).
 */
function leftOut(program: ts.Program, errors: ts.Diagnostic[], marks: Map<string, ParamMark>): void {
  // the language service's checker, which has just checked: ts-morph's would build its own program for this
  const checker = program.getTypeChecker();
  for (const d of errors) {
    const got = /but got (\d+)/.exec(ts.flattenDiagnosticMessageText(d.messageText, ' '));
    let call: ts.Node | undefined = diagnosticNode(program, d);
    // `new ValidationError(message)` leaves out the constructor's `code` as a call leaves out a parameter
    while (call && !ts.isCallExpression(call) && !ts.isNewExpression(call)) call = call.parent;
    if (!got || !call) continue;
    const decl = checker.getResolvedSignature(call as ts.CallExpression | ts.NewExpression)?.getDeclaration();
    if (!decl || !isFunction(decl) || decl.getSourceFile().isDeclarationFile) continue;
    for (const param of (decl as ts.SignatureDeclaration).parameters.slice(Number(got[1]))) {
      if (param.questionToken || param.initializer || param.dotDotDotToken) continue;
      markParam(marks, param, decl.getSourceFile()).optional = true;
    }
  }
}

/** "'err' is of type 'unknown'", "Argument of type 'unknown' is not assignable to parameter of type …" */
const UNKNOWN_USED = [18046, 2345];

/**
 * The `catch (err)` variables used as something: strict TypeScript types them unknown, JavaScript lets them be
 * anything, so they become `catch (err: any)`.
 */
function caughtUnknowns(program: ts.Program, errors: ts.Diagnostic[]): ts.VariableDeclaration[] {
  const checker = program.getTypeChecker();
  const found = new Set<ts.VariableDeclaration>();
  for (const d of errors) {
    const node = diagnosticNode(program, d);
    if (!node || !ts.isIdentifier(node) || !/\bunknown\b/.test(ts.flattenDiagnosticMessageText(d.messageText, ' '))) continue;
    const decl = checker.getSymbolAtLocation(node)?.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl) && ts.isCatchClause(decl.parent) && !decl.type) found.add(decl);
  }
  return [...found];
}

/**
 * A node by its file and place: the diagnostics of a kept check name an earlier program's source file with the same
 * text, whose nodes are other objects.
 */
const placeKey = (sf: ts.SourceFile, node: ts.Node): string => `${sf.fileName}:${node.pos}`;

function markParam(marks: Map<string, ParamMark>, param: ts.ParameterDeclaration, sf: ts.SourceFile): ParamMark {
  const key = placeKey(sf, param);
  let mark = marks.get(key);
  if (!mark) marks.set(key, (mark = { param, sf, optional: false, any: false }));
  return mark;
}

/**
 * A parameter's edits: `?` and `: any` after its name, and parens around an arrow function's lone parameter that
 * has none. Made as text, all of a file's at once: ts-morph's setType re-parses and re-indents around each
 * parameter, hundreds of times here.
 */
function paramEdits({ param, sf, optional, any }: ParamMark, order: number): OrderedEdit[] {
  const nameEnd = (param.questionToken ?? param.name).end;
  const edits: OrderedEdit[] = [];
  if (optional) edits.push({ start: nameEnd, end: nameEnd, text: '?', order: 4 * order + 1 });
  if (any) edits.push({ start: nameEnd, end: nameEnd, text: param.dotDotDotToken ? ': any[]' : ': any', order: 4 * order + 2 });
  const fn = param.parent;
  if (ts.isArrowFunction(fn) && !fn.getChildren(sf).some((c) => c.kind === ts.SyntaxKind.OpenParenToken)) {
    // at the parameter's end the `)` goes in last, so it closes after the `?: any`
    const start = param.getStart(sf);
    edits.push({ start, end: start, text: '(', order: 4 * order }, { start: param.end, end: param.end, text: ')', order: 4 * order + 3 });
  }
  return edits;
}

/** The text from start to end after the edits inside it (a destructured parameter can hold an arrow function's). */
function editedSlice(text: string, edits: OrderedEdit[], start: number, end: number): string {
  const inside = edits
    .filter((e) => e.start > start && e.end < end)
    .map((e) => ({ ...e, start: e.start - start, end: e.end - start }));
  return applyEdits(text.slice(start, end), inside);
}

/**
 * The last edits before the errors left are marked, from one check: what is still implicitly any becomes an
 * explicit, listed `any`; the parameters a call leaves out, optional; objects used as maps or given properties
 * later get a type that says so (literal-types.ts); properties set on a library's objects are declared
 * (augment.ts). Returns how many parameters were made optional and how many objects were typed.
 */
function markRemaining(project: Project, scope: Set<string>, anys: AnySite[], added: AddedFiles): { optional: number; records: number; literals: number } {
  const program = checkedProgram(project);
  const errors = semanticErrors(project, [7034, 7006, 7019, 7031, 2554, INDEXED_BY_KEY, UNTYPED_MODULE, ...MISSING_PROPERTY, ...UNKNOWN_USED], scope);
  const edits = new Map<string, OrderedEdit[]>();
  const addEdits = (file: string, more: OrderedEdit[]): void => {
    edits.set(file, [...(edits.get(file) ?? []), ...more]);
  };
  const lineOf = (sf: ts.SourceFile, node: ts.Node): number => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const declared = new Set<string>();
  for (const d of errors.filter((e) => e.code === 7034)) {
    let decl: ts.Node | undefined = innermostNodeAt(d.file!, d.start!);
    while (decl && !ts.isVariableDeclaration(decl)) decl = decl.parent;
    if (!decl || !ts.isVariableDeclaration(decl) || decl.type || !ts.isIdentifier(decl.name)) continue;
    if (declared.has(placeKey(d.file!, decl))) continue;
    declared.add(placeKey(d.file!, decl));
    anys.push({ file: d.file!.fileName, line: lineOf(d.file!, decl), name: `${decl.name.text} (assigned later, nothing typed)` });
    addEdits(d.file!.fileName, [{ start: decl.name.end, end: decl.name.end, text: ': any', order: 0 }]);
  }
  const marks = new Map<string, ParamMark>();
  // 7019: a rest parameter, `...parts`, made `...parts: any[]`
  for (const d of errors.filter((e) => e.code === 7006 || e.code === 7019 || e.code === 7031)) {
    let param: ts.Node | undefined = innermostNodeAt(d.file!, d.start!);
    while (param && !ts.isParameter(param)) param = param.parent;
    if (param && ts.isParameter(param) && !param.type) markParam(marks, param, d.file!).any = true;
  }
  leftOut(program, errors.filter((e) => e.code === 2554), marks);
  for (const decl of caughtUnknowns(program, errors.filter((e) => UNKNOWN_USED.includes(e.code)))) {
    const sf = decl.getSourceFile();
    anys.push({ file: sf.fileName, line: lineOf(sf, decl), name: `${decl.name.getText(sf)} (a caught error)` });
    addEdits(sf.fileName, [{ start: decl.name.end, end: decl.name.end, text: ': any', order: 0 }]);
  }
  const records = recordTypes(program, errors.filter((e) => e.code === INDEXED_BY_KEY));
  const filled = filledLiterals(program, errors.filter((e) => MISSING_PROPERTY.includes(e.code)));
  const annotated = new Set<ts.VariableDeclaration>();
  for (const { decl, sf, type } of [...records, ...filled.types]) {
    if (annotated.has(decl)) continue;
    annotated.add(decl);
    addEdits(sf.fileName, [{ start: decl.name.end, end: decl.name.end, text: `: ${type}`, order: 0 }]);
  }
  for (const { decl, name } of filled.anys) anys.push({ file: decl.getSourceFile().fileName, line: lineOf(decl.getSourceFile(), decl), name: `${name} (set on the object later)` });
  const byFile = new Map<string, ParamMark[]>();
  for (const mark of marks.values()) byFile.set(mark.sf.fileName, [...(byFile.get(mark.sf.fileName) ?? []), mark]);
  const optional = [...marks.values()].filter((m) => m.optional).length;
  for (const [file, fileMarks] of byFile) {
    const sorted = fileMarks.sort((a, b) => b.param.pos - a.param.pos);
    const text = sorted[0]!.sf.text;
    // the anys are listed by file, each from its end
    const own = sorted.flatMap((mark, i) => paramEdits(mark, i));
    addEdits(file, own);
    for (const { param, sf } of sorted.filter((m) => m.any)) {
      const name = editedSlice(text, own, param.name.getStart(sf), param.name.end);
      anys.push({ file, line: lineOf(sf, param), name });
    }
  }
  for (const [file, fileEdits] of edits) {
    const sf = project.getSourceFileOrThrow(file);
    setText(sf, applyEdits(sf.getFullText(), fileEdits));
  }
  declareExpandos(project, program, errors.filter((e) => MISSING_PROPERTY.includes(e.code)), scope, added.augmented, anys);
  declareUntyped(project, untypedModules(errors.filter((e) => e.code === UNTYPED_MODULE)), added.modules, anys);
  return { optional, records: records.length, literals: filled.types.length };
}

/** The files the last edits may fill, created with the others molt adds (ts-morph adds none after text edits). */
interface AddedFiles {
  /** properties set on a library's objects (augment.ts) */
  augmented: SourceFile;
  /** modules imported without types */
  modules: SourceFile;
}

/** The modules imported without types, each declared any in `file` (a .d.ts), listed; the file goes when there are none. */
function declareUntyped(project: Project, names: string[], file: SourceFile, anys: AnySite[]): void {
  if (!names.length) {
    project.removeSourceFile(file);
    return;
  }
  const text = untypedModulesText(names);
  setText(file, text);
  const lines = text.split('\n');
  // each module's line in the file, as the text has it
  for (const name of names) {
    const line = lines.findIndex((l) => l.startsWith('declare module') && l.includes(`'${name}'`)) + 1;
    anys.push({ file: file.getFilePath(), line, name: `'${name}' (a module without types)` });
  }
}

/**
 * The properties set on a library's objects, declared in `augmented` (augment.ts), each listed; the file goes when
 * there are none.
 */
function declareExpandos(project: Project, program: ts.Program, errors: ts.Diagnostic[], scope: Set<string>, augmented: SourceFile, anys: AnySite[]): void {
  const texts = [...scope].map((file) => program.getSourceFile(file)?.text ?? '');
  const expandos = findExpandos(program, errors, texts);
  if (!expandos.length) {
    project.removeSourceFile(augmented);
    return;
  }
  const text = augmentedText(expandos);
  setText(augmented, text);
  const listed = new Set<string>();
  for (const { target, property } of expandos) {
    const name = `${targetName(target)}.${property}`;
    if (listed.has(name)) continue;
    listed.add(name);
    anys.push({ file: augmented.getFilePath(), line: memberLine(text, target, property), name: `${name} (set on a library's object)` });
  }
}

/**
 * The errors left after every fix are marked, one comment per line, so the
 * output type-checks and each place is listed for a human (MOLT160).
 */
function suppressRemaining(project: Project, suppressed: Suppressed[]): void {
  const byFile = new Map<SourceFile, Map<number, ts.Diagnostic>>();
  for (const d of semanticDiagnostics(project)) {
    if (!d.file || d.start === undefined) continue;
    const sf = project.getSourceFile(d.file.fileName);
    if (!sf) continue;
    const lines = byFile.get(sf) ?? new Map<number, ts.Diagnostic>();
    const line = sf.getLineAndColumnAtPos(d.start).line;
    if (!lines.has(line)) lines.set(line, d);
    byFile.set(sf, lines);
  }
  for (const [sf, lines] of byFile) {
    const text = sf.getFullText().split('\n');
    for (const [line, d] of [...lines].sort((a, b) => b[0] - a[0])) {
      const target = text[line - 1] ?? '';
      const pos = sf.compilerNode.getPositionOfLineAndCharacter(line - 1, 0);
      const node = sf.getDescendantAtPos(pos + target.search(/\S|$/));
      // a comment inside a template literal would become part of the string
      if (node && (node.getKind() === SyntaxKind.TemplateMiddle || node.getKind() === SyntaxKind.TemplateTail || node.getKind() === SyntaxKind.NoSubstitutionTemplateLiteral)) continue;
      const message = machineFree(ts.flattenDiagnosticMessageText(d.messageText, ' ').split('\n')[0]!).slice(0, 160);
      const indent = target.match(/^\s*/)?.[0] ?? '';
      text.splice(line - 1, 0, `${indent}// @ts-expect-error molt MOLT160 TS${d.code}: ${message.replace(/\*\//g, '* /')}`);
      suppressed.push({ file: sf.getFilePath(), line, code: d.code, message });
    }
    setText(sf, text.join('\n'));
  }
}

/** A message without this machine's paths: `'/…/node_modules/nedb/lib/model.js'` → `'node_modules/nedb/lib/model.js'`. */
function machineFree(message: string): string {
  return message.replace(/(['"])\/[^'"]*?\/(node_modules\/[^'"]*)\1/g, '$1$2$1');
}

/** import/export output is an ES module package: say so, or TypeScript and Node read it as CommonJS. */
function markModulePackage(outDir: string): void {
  const file = path.join(outDir, 'package.json');
  const pkg = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : { private: true };
  pkg.type = 'module';
  fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
}

export const createProject = (): Project => new Project({ compilerOptions: COMPILER_OPTIONS, skipAddingFilesFromTsConfig: true });

/**
 * Reads the declarations of the packages the output will import (and TypeScript's own lib) before the stage
 * needs them: the stage runs in a worker that does this while the file units run.
 */
export function warmProject(project: Project, dir: string, packages: string[]): void {
  const file = path.join(dir, '__molt_warm__.ts');
  const warm = project.createSourceFile(file, packages.map((name, i) => `import * as p${i} from ${JSON.stringify(name)};\nexport { p${i} };\n`).join(''), { overwrite: true });
  checkedProgram(project);
  project.removeSourceFile(warm);
}

/** `samples`: shapes recorded on the original (molt record), to type what nothing else types. */
export function jsToTs(outDir: string, relFiles: string[], samples?: Samples, project = createProject()): TsReport {
  // first: the checker decides between CommonJS and ES module output from package.json
  markModulePackage(outDir);
  const report: TsReport = { files: 0, expressHandlers: 0, tableParams: 0, optionalParams: 0, records: 0, filledLiterals: 0, inferred: 0, fromJsDoc: 0, declaredMembers: 0, anys: [], suppressed: [], errors: [], diagnostics: [], steps: [] };
  let stepStarted = performance.now();
  const step = (name: string): void => {
    const now = performance.now();
    report.steps.push({ step: name, ms: Math.round(now - stepStarted) });
    stepStarted = now;
  };
  for (const rel of relFiles) {
    const from = path.join(outDir, rel);
    project.createSourceFile(from.replace(/\.js$/, '.ts'), fs.readFileSync(from, 'utf8'), { overwrite: true });
    report.files += 1;
  }
  // files molt adds are created now: ts-morph cannot add one after the text edits below
  const socketEvents = planSocketEvents(project);
  const sampledTypes = samples ? project.createSourceFile(path.join(outDir, 'types', 'sampled.ts'), '', { overwrite: true }) : undefined;
  const added: AddedFiles = {
    augmented: project.createSourceFile(path.join(outDir, 'types', 'augmented.ts'), '', { overwrite: true }),
    modules: project.createSourceFile(path.join(outDir, 'types', 'modules.d.ts'), '', { overwrite: true }),
  };
  // what the stage types and fixes: the modules it renamed and the file of sampled types. The typed files molt wrote
  // before (config-layers') import none of them: they are checked once, when every error left is marked
  const scope = new Set(relFiles.map((rel) => path.resolve(outDir, rel).replace(/\.js$/, '.ts')));
  if (sampledTypes) scope.add(sampledTypes.getFilePath());
  for (const sf of project.getSourceFiles()) report.fromJsDoc += jsDocTypes(sf);
  for (const sf of project.getSourceFiles()) {
    restForArguments(sf, report.anys);
    expandoObjects(sf, report.anys);
  }
  step('read');
  // `this.x = ...` in a class: declare the field, typed from what is assigned
  const members: FixSpec = {
    codes: [MISSING_THIS_MEMBER],
    name: 'fixMissingMember',
    take: (group) => group,
    description: /^Declare property/,
    mergeInsertions: true,
    // `err.code` on a library's type, `query._id` on an object's: no field of a class of ours to declare
    asks: (at) => ts.isPropertyAccessExpression(at.parent) && at.parent.name === at && at.parent.expression.kind === ts.SyntaxKind.ThisKeyword,
  };
  report.declaredMembers = fixUntilStable(project, scope, members, 5);
  for (const file of scope) emptyMembers(project.getSourceFileOrThrow(file), report.anys);
  step('members');
  // before the usage fixes, which then see what a request and a response are
  report.expressHandlers = typeFromCalls(project, scope, expressHandlerTypes);
  step('express');
  const sampled = samples && sampledParameter(samples, outDir);
  const usage: FixSpec = {
    codes: IMPLICIT_ANY,
    name: 'inferFromUsage',
    // a parameter the samples have values for is left to them (typeFromSamples)
    take: (group, sf) => usableAnnotations(group, (e) => sampled?.(sf, e.start) ?? false),
    reachOnly: true,
    // a function whose untyped parameters the samples all know would get nothing from the fix
    asks: (at) => {
      const untyped = sampled && isFunction(at) ? untypedParameters(at as ts.SignatureDeclaration) : [];
      return !untyped.length || !untyped.every((p) => sampled!(p.getSourceFile(), (p.questionToken ?? p.name).end));
    },
  };
  report.inferred = fixUntilStable(project, scope, usage, 5);
  step('usage');
  // after the usage fixes, which type the parameters a table's callers pass on (`dispatch(socket: socketio.Socket, …)`)
  report.tableParams = typeFromCalls(project, scope, dispatchTableTypes);
  step('tables');
  ({ optional: report.optionalParams, records: report.records, literals: report.filledLiterals } = markRemaining(project, scope, report.anys, added));
  step('mark');
  suppressRemaining(project, report.suppressed);
  step('suppress');
  // last: with every other error suppressed, an error now is one an annotation made
  if (samples) report.fromSamples = fromSamples(project, outDir, samples, report, scope, sampledTypes);
  step('samples');
  // after the samples: the data emitted is typed better
  if (socketEvents) report.socketEvents = writeSocketEvents(socketEvents, project, outDir);
  step('events');
  // the files kept from the last checks are not checked again (checks.ts)
  for (const d of preEmitDiagnostics(project, undefined, project.getProgram().compilerObject)) {
    report.errors.push({
      file: d.file ? path.relative(outDir, d.file.fileName) : '',
      line: d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0,
      code: d.code,
      message: ts.flattenDiagnosticMessageText(d.messageText, ' '),
    });
  }
  step('check');
  project.saveSync();
  for (const rel of relFiles) fs.rmSync(path.join(outDir, rel), { force: true });
  for (const a of report.anys) a.file = path.relative(outDir, a.file);
  for (const x of report.suppressed) x.file = path.relative(outDir, x.file);
  fs.writeFileSync(path.join(outDir, 'tsconfig.json'), JSON.stringify(OUTPUT_TSCONFIG, null, 2) + '\n');
  step('write');
  return report;
}
