/**
 * Types from runtime samples: a parameter the TypeScript stage could only mark
 * `any` gets the type of the values legacy's functions were called with while
 * the contract suites ran (`molt record`, samples/record.ts). Only shapes that
 * print as plain types are used (primitives, arrays, promises, small object
 * literals); a class instance or a function stays `any`. Each annotation is
 * checked: one that makes a type error is taken back.
 */
import { IDENTIFIER_NAME } from '../ast.js';
import { importSpecifier } from '../files.js';
import path from 'node:path';
import { Node, ts, type ClassDeclaration, type ParameterDeclaration, type Project, type SourceFile } from 'ts-morph';
import type { Samples, Shape, Site } from '../samples/record.js';
import { preEmitDiagnostics } from './checks.js';
import { innermostNodeAt, setText } from './nodes.js';

export interface SampleReport {
  /** parameters typed from samples */
  typed: number;
  /** which: the file and the parameter's name */
  typedParams: { file: string; name: string; type: string }[];
  /** the suppression comments removed, as they read */
  removedComments: { file: string; text: string }[];
  /** annotations taken back because they made a type error */
  reverted: number;
  /** suppression comments (ts-expect-error) the new types made unused, removed */
  unsuppressed: number;
  /** object shapes declared as named interfaces (types/sampled.ts) */
  named: number;
  /** functions given the type of what they returned (only with a types file) */
  typedReturns: number;
  /** return annotations taken back because they made a type error */
  returnsReverted: number;
}

const MAX_TYPE_LENGTH = 160;
/** more kinds of value than this (bad-input tests send anything) say nothing a reader can use */
const MAX_UNION = 4;
const PLAIN_CLASSES = new Set(['Date', 'Error', 'Buffer', 'RegExp']);

/** A union of shapes as a TypeScript type, or null when a part has no plain type. */
export function printShapes(shapes: Shape[], maxLength = MAX_TYPE_LENGTH, name?: Namer): string | null {
  if (!shapes.length) return null;
  const parts = shapes.map((shape) => printShape(shape, name));
  if (parts.some((p) => p === null)) return null;
  const unique = [...new Set(parts as string[])];
  if (unique.length > MAX_UNION) return null;
  const text = unique.join(' | ');
  return text.length <= maxLength ? text : null;
}

/** The name an object type (as printShapes prints it) is declared by, if any. */
type Namer = (objectText: string) => string | undefined;

function printShape(shape: Shape, name?: Namer): string | null {
  switch (shape.t) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
    case 'null':
      return shape.t;
    case 'class':
      return PLAIN_CLASSES.has(shape.name) ? shape.name : null;
    case 'array': {
      if (!shape.of.length) return 'unknown[]';
      const item = printShapes(shape.of, MAX_TYPE_LENGTH, name);
      return item === null ? null : item.includes(' ') ? `(${item})[]` : `${item}[]`;
    }
    case 'promise': {
      const value = shape.of.length ? printShapes(shape.of, MAX_TYPE_LENGTH, name) : 'unknown';
      return value === null ? null : `Promise<${value}>`;
    }
    case 'object': {
      // keys that are no names are data (generated junk, maps): no object type describes them
      if (Object.keys(shape.props).some((k) => !IDENTIFIER_NAME.test(k))) return null;
      const props = Object.entries(shape.props).map(([k, v]) => {
        const type = printShapes(v.filter((s) => s.t !== 'undefined' || v.length === 1));
        const optional = shape.optional.includes(k) || v.some((s) => s.t === 'undefined');
        return type === null ? null : `${k}${optional ? '?' : ''}: ${type}`;
      });
      if (props.some((p) => p === null)) return null;
      const text = props.length ? `{ ${props.join('; ')} }` : 'Record<string, never>';
      const named = props.length ? name?.(text) : undefined;
      return named ? `${NAMESPACE}.${named}` : text;
    }
    default:
      return null;
  }
}

type FunctionLike =
  | import('ts-morph').FunctionDeclaration
  | import('ts-morph').FunctionExpression
  | import('ts-morph').ArrowFunction
  | import('ts-morph').MethodDeclaration;

/** The function (or class) a sample key names in a migrated file: an export, or a method of the default-exported object. */
function functionOf(sf: SourceFile, name: string): FunctionLike | ClassDeclaration | null {
  const decls =
    name === 'default'
      ? (sf.getDefaultExportSymbol()?.getDeclarations() ?? [])
      : (sf.getExportedDeclarations().get(name) ?? []);
  for (const d of decls) {
    const fn = functionOfNode(Node.isExportAssignment(d) ? d.getExpression() : d);
    if (fn) return fn;
  }
  // `export default { join(socket, payload) {…} }`: a method of the default export
  const def = sf.getDefaultExportSymbol()?.getDeclarations()[0];
  const expr = def && Node.isExportAssignment(def) ? def.getExpression() : undefined;
  const object = expr && Node.isIdentifier(expr) ? expr.getSymbol()?.getValueDeclaration() : expr;
  const literal = object && Node.isVariableDeclaration(object) ? object.getInitializer() : object;
  if (literal && Node.isObjectLiteralExpression(literal)) {
    const prop = literal.getProperty(name);
    if (prop) return functionOfNode(prop);
  }
  return null;
}

function functionOfNode(node: Node | undefined): FunctionLike | ClassDeclaration | null {
  if (!node) return null;
  if (Node.isVariableDeclaration(node) || Node.isPropertyAssignment(node)) return functionOfNode(node.getInitializer());
  if (Node.isShorthandPropertyAssignment(node))
    return functionOfNode(node.getNameNode().getSymbol()?.getValueDeclaration());
  if (Node.isIdentifier(node)) return functionOfNode(node.getSymbol()?.getValueDeclaration());
  if (
    Node.isClassDeclaration(node) ||
    Node.isFunctionDeclaration(node) ||
    Node.isFunctionExpression(node) ||
    Node.isArrowFunction(node) ||
    Node.isMethodDeclaration(node)
  ) {
    return node;
  }
  return null;
}

const parametersOf = (fn: FunctionLike | ClassDeclaration | null): ParameterDeclaration[] =>
  !fn ? [] : Node.isClassDeclaration(fn) ? (fn.getConstructors()[0]?.getParameters() ?? []) : fn.getParameters();

/** The name a sample key gives a migrated file: the legacy one, `models/user.js`. */
const sampledFile = (outDir: string, fileName: string): string => path.relative(outDir, fileName).split(path.sep).join('/').replace(/\.ts$/, '.js');

/** One object shape's text, for an interface in the types file (it may be longer than an inline type); else null. */
const namedShapeText = (shapes: Shape[]): string | null =>
  shapes.length === 1 && shapes[0]!.t === 'object' ? printShapes(shapes, MAX_NAMED_LENGTH) : null;

/** The type written in place for the shapes; null when none prints, or only undefined was seen. */
function inlineType(shapes: Shape[]): string | null {
  const type = printShapes(shapes);
  return type === 'undefined' ? null : type;
}

/** Whether typeFromSamples can write a type for these shapes: an object shape by a name, or one that prints. */
const printable = (shapes: Shape[]): boolean => namedShapeText(shapes) !== null || inlineType(shapes) !== null;

/** The name a function goes by in its file, as a sample key names it (functionOf): its own, its variable's, its property's, its class's. */
function declaredName(fn: ts.Node, sf: ts.SourceFile): string | undefined {
  const named = ts.isConstructorDeclaration(fn) ? fn.parent : fn;
  if ((ts.isFunctionDeclaration(named) || ts.isClassDeclaration(named) || ts.isMethodDeclaration(named)) && named.name) return named.name.getText(sf);
  if ((ts.isFunctionExpression(fn) || ts.isArrowFunction(fn)) && (ts.isVariableDeclaration(fn.parent) || ts.isPropertyAssignment(fn.parent))) return fn.parent.name.getText(sf);
  return undefined;
}

/**
 * Whether the parameter whose name ends at `pos` is one the samples have values for: the stage leaves it to them
 * (typeFromSamples), what was seen at run time, rather than type it from how the code uses it. Told by the
 * function's name in its file, which edits do not move.
 */
export function sampledParameter(samples: Samples, outDir: string): (sf: ts.SourceFile, pos: number) => boolean {
  return (sf, pos) => {
    const param = innermostNodeAt(sf, pos - 1).parent;
    if (!param || !ts.isParameter(param)) return false;
    const name = declaredName(param.parent, sf);
    if (!name) return false;
    const rel = sampledFile(outDir, sf.fileName);
    const shapes = samples[`${rel}#${name}`]?.args[param.parent.parameters.indexOf(param)];
    return shapes !== undefined && printable(shapes);
  };
}

interface Annotation {
  param: ParameterDeclaration;
  file: SourceFile;
}

/**
 * The annotations an error involves. Precisely, where it can tell: the annotated parameter the erring
 * expression reads (`payload.roomId` where payload's type has no roomId), or, for an argument a call refuses,
 * the callee's parameter at that place and the argument itself when it is an annotated parameter. Otherwise
 * every annotated parameter of the function the error is in and of the functions its enclosing calls call.
 */
function involved(sf: SourceFile, start: number, annotations: Annotation[]): Annotation[] {
  const node = sf.getDescendantAtPos(start);
  if (!node) return annotations.filter((a) => a.file === sf);
  const precise = new Set([...readParams(node, annotations), ...refusedArgument(node, annotations)]);
  if (precise.size) return [...precise];
  const hits = new Set<Annotation>();
  const fn = node.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a));
  for (const a of annotations) if (fn && a.param.getParent() === fn) hits.add(a);
  for (const call of node.getAncestors())
    for (const decl of calledDeclarations(call))
      for (const a of annotations) if (a.param.getParent() === decl) hits.add(a);
  return hits.size ? [...hits] : annotations.filter((a) => a.file === sf);
}

/** The declarations a call or `new` calls: through its signature, so `validate.password(x)` finds `function password(v)` too */
function calledDeclarations(call: Node): Node[] {
  if (!Node.isCallExpression(call) && !Node.isNewExpression(call)) return [];
  const type = call.getExpression().getType();
  const signatures = Node.isNewExpression(call) ? type.getConstructSignatures() : type.getCallSignatures();
  return signatures.flatMap((sig) => sig.getDeclaration() ?? []);
}

/** What an erring node reads: the node itself, or the object of the property it names (`payload` of `payload.roomId`). */
function readAt(node: Node): Node {
  const parent = node.getParent();
  return parent && Node.isPropertyAccessExpression(parent) && parent.getNameNode() === node ? parent.getExpression() : node;
}

/** The annotated parameter an identifier names: the node itself, or the object of the property it names. */
function readParams(node: Node, annotations: Annotation[]): Annotation[] {
  const read = readAt(node);
  if (!Node.isIdentifier(read)) return [];
  const decls = read.getSymbol()?.getDeclarations() ?? [];
  return annotations.filter((a) => decls.includes(a.param));
}

/** An argument a call refuses: the callee's annotated parameter in that place, and the argument's own. */
function refusedArgument(node: Node, annotations: Annotation[]): Annotation[] {
  const arg = node.getParentWhile((p) => !Node.isCallExpression(p) && !Node.isNewExpression(p)) ?? node;
  const call = arg.getParent();
  if (!call || (!Node.isCallExpression(call) && !Node.isNewExpression(call))) return [];
  const index = (call.getArguments() as Node[]).indexOf(arg);
  if (index < 0) return [];
  const hits = annotations.filter((a) =>
    calledDeclarations(call).some(
      (d) => a.param.getParent() === d && a.param.getChildIndex() >= 0 && paramIndex(a) === index,
    ),
  );
  return [...hits, ...readParams(arg, annotations)];
}

const paramIndex = (a: Annotation): number => {
  const fn = a.param.getParent();
  return Node.isFunctionLikeDeclaration(fn) ? fn.getParameters().indexOf(a.param) : -1;
};

/**
 * Types the `any` parameters the samples know. `isAny` tells which parameters
 * the stage marked `any` itself (the only ones this touches).
 */
export function typeFromSamples(
  project: Project,
  outDir: string,
  samples: Samples,
  isAny: (p: ParameterDeclaration) => boolean,
  typesFile?: SourceFile,
  /** the files the annotations can make errors in (all the project's when not given) */
  scope?: Set<string>,
): SampleReport {
  const check = (): Found[] => errorsIn(project, scope);
  const report: SampleReport = {
    typed: 0,
    typedParams: [],
    removedComments: [],
    reverted: 0,
    unsuppressed: 0,
    named: 0,
    typedReturns: 0,
    returnsReverted: 0,
  };
  const candidates: { param: ParameterDeclaration; file: SourceFile; shapes: Shape[]; object: string | null }[] = [];
  // "models/user.js#register" → per file, [name, site]
  const byFile = new Map<string, [string, Site][]>();
  for (const [key, site] of Object.entries(samples)) {
    const [file, name] = key.split('#') as [string, string];
    byFile.set(file, [...(byFile.get(file) ?? []), [name, site]]);
  }
  for (const sf of project.getSourceFiles()) {
    const rel = sampledFile(outDir, sf.getFilePath());
    for (const [name, site] of byFile.get(rel) ?? []) {
      parametersOf(functionOf(sf, name)).forEach((param, i) => {
        if (!isAny(param)) return;
        const shapes = site.args[i] ?? [];
        const object = typesFile ? namedShapeText(shapes) : null;
        candidates.push({ param, file: sf, shapes, object });
      });
    }
  }
  const returning = typesFile ? returnCandidates(project, outDir, byFile) : [];
  const names = new ShapeNames([
    ...candidates.flatMap((c) => (c.object ? [[c.object, c.param.getName()] as [string, string]] : [])),
    ...returning.flatMap((r) => objectTexts(r.shapes).map((text) => [text, r.hint] as [string, string])),
  ]);
  let annotations: Annotation[] = [];
  for (const { param, file, shapes, object } of candidates) {
    const type = object ? `${NAMESPACE}.${names.byText.get(object)}` : inlineType(shapes);
    if (!type) continue;
    param.setType(type);
    annotations.push({ param, file });
  }
  if (typesFile) declareNamed(typesFile, names, annotations);
  const checked = settle(check, annotations, involved, (a) => a.param.setType('any'));
  annotations = checked.kept;
  report.reverted += checked.reverted;
  report.typed = annotations.length;
  report.typedParams = annotations.map((a) => ({
    file: a.file.getFilePath(),
    name: a.param.getName(),
    type: a.param.getTypeNode()?.getText() ?? '',
  }));
  // then what the functions returned, over parameters that now type-check
  let errors = checked.errors;
  let returns: FunctionLike[] = [];
  if (typesFile && returning.length) {
    ({ typed: returns, errors } = typeReturns(check, typesFile, returning, names, report, errors ?? check()));
  }
  const used = [...annotations.map((a) => a.param.getTypeNode()?.getText() ?? ''), ...returns.map((r) => r.getReturnTypeNode()?.getText() ?? '')];
  // before pruning, which moves lines: the last check's positions still hold (when nothing changed after it)
  if (report.typed || report.typedReturns) removeUnusedSuppressions(errors ?? check(), report);
  // removing text makes ts-morph forget the nodes of that file: the names in use were read above
  if (typesFile) report.named = pruneNamed(project, typesFile, names, used);
  return report;
}

interface ReturnCandidate {
  fn: FunctionLike;
  file: SourceFile;
  shapes: Shape[];
  /** what its object shapes are named after when no parameter has them: the module (models/message.js: Message) */
  hint: string;
}

/** Sampled functions whose return type TypeScript can only infer with `any` in it, and no annotation. */
function returnCandidates(project: Project, outDir: string, byFile: Map<string, [string, Site][]>): ReturnCandidate[] {
  const found: ReturnCandidate[] = [];
  for (const sf of project.getSourceFiles()) {
    const rel = sampledFile(outDir, sf.getFilePath());
    for (const [name, site] of byFile.get(rel) ?? []) {
      const fn = functionOf(sf, name);
      if (!fn || Node.isClassDeclaration(fn) || fn.getReturnTypeNode() || (!Node.isArrowFunction(fn) && fn.isGenerator())) continue;
      if (!site.returns.length || !/\bany\b/.test(fn.getReturnType().getText(fn))) continue;
      found.push({ fn, file: sf, shapes: site.returns, hint: path.basename(rel, '.js').replace(/[^\w$]/g, '') });
    }
  }
  return found;
}

/** The object shapes a return's type would print as a name: the value itself, a promise's, an array's items. */
function objectTexts(shapes: Shape[]): string[] {
  return shapes.flatMap((shape): string[] => {
    if (shape.t === 'promise' || shape.t === 'array') return objectTexts(shape.of);
    if (shape.t !== 'object' || !Object.keys(shape.props).length) return [];
    const text = printShapes([shape], MAX_NAMED_LENGTH);
    return text ? [text] : [];
  });
}

/**
 * Annotates each candidate with the type of what it returned (`Promise<…>` for an async function, and only
 * then), imports the named shapes it uses, and takes back the annotations that make type errors, as for
 * parameters. Returns the functions that keep theirs.
 */
function typeReturns(
  check: () => Found[],
  typesFile: SourceFile,
  candidates: ReturnCandidate[],
  names: ShapeNames,
  report: SampleReport,
  /** the errors before: not the annotations' doing */
  before: Found[],
): { typed: FunctionLike[]; errors: Found[] | null } {
  // by file, code and message: the import of the named shapes moves a file's lines down by one
  const key = (d: Found): string => `${d.file?.getFilePath()} ${d.code} ${d.message}`;
  const known = new Set(before.map(key));
  const typed: FunctionLike[] = [];
  // read before the edits: each return type written makes ts-morph build a program again for the next file's scope
  const bindsPromise = new Set(candidates.filter((c) => c.file.getLocal('Promise')).map((c) => c.file));
  for (const { fn, file, shapes } of candidates) {
    const printed = printShapes(shapes, MAX_TYPE_LENGTH, (text) => names.byText.get(text));
    if (!printed || printed === 'undefined' || fn.isAsync() !== printed.startsWith('Promise<')) continue;
    // legacy modules often bind bluebird as Promise: the native one, as an async function returns, is the global's
    const type = bindsPromise.has(file) ? printed.replace(/\bPromise</g, 'globalThis.Promise<') : printed;
    fn.setReturnType(type);
    if (type.includes(`${NAMESPACE}.`)) importNamed(file, typesFile);
    typed.push(fn);
  }
  if (!typed.length) return { typed, errors: before };
  // the errors there were before, and one without a file, are not the return types' doing
  const settled = settle(check, typed, returnsInvolved, (fn) => fn.removeReturnType(), (d) => !d.file || known.has(key(d)));
  report.returnsReverted += settled.reverted;
  report.typedReturns = settled.kept.length;
  return { typed: settled.kept, errors: settled.errors };
}

/**
 * The return annotations an error involves: the function it is in, the functions the calls around it call,
 * and the function whose call gave the variable it reads its value (`const m = await findById(id); m.x`);
 * failing those, the functions called in its statement.
 */
function returnsInvolved(sf: SourceFile, start: number, typed: FunctionLike[]): FunctionLike[] {
  const node = sf.getDescendantAtPos(start);
  if (!node) return [];
  const hits = new Set<FunctionLike>();
  const add = (decl: Node): void => {
    for (const fn of typed) if (fn === decl) hits.add(fn);
  };
  for (const a of node.getAncestors()) {
    add(a);
    for (const decl of calledDeclarations(a)) add(decl);
  }
  const read = readAt(node);
  for (const decl of Node.isIdentifier(read) ? (read.getSymbol()?.getDeclarations() ?? []) : []) {
    let init = Node.isVariableDeclaration(decl) ? decl.getInitializer() : undefined;
    while (init && (Node.isAwaitExpression(init) || Node.isParenthesizedExpression(init))) init = init.getExpression();
    if (init) for (const called of calledDeclarations(init)) add(called);
  }
  if (!hits.size) {
    // the calls in the statement the error is in (a chain over the values of two calls, `Promise.join(a(), b())…`)
    const statement = node.getFirstAncestor((a) => Node.isStatement(a)) ?? node;
    for (const call of [statement, ...statement.getDescendants()]) for (const decl of calledDeclarations(call)) add(decl);
  }
  return [...hits];
}

/** An error as settle and the suppressions read it: the file, where, which, and its first line. */
interface Found {
  file: SourceFile | undefined;
  start: number;
  code: number;
  message: string;
}

/** The errors in `files` (in every file but declaration files when not given): checks.ts's preEmitDiagnostics. */
function errorsIn(project: Project, files?: Set<string>): Found[] {
  // ts-morph's program, not the language service's: the types asked for between two checks come from it
  return preEmitDiagnostics(project, files, project.getProgram().compilerObject).map((d) => ({
    file: d.file ? project.getSourceFile(d.file.fileName) : undefined,
    start: d.start ?? 0,
    code: d.code,
    message: typeof d.messageText === 'string' ? d.messageText : d.messageText.messageText,
  }));
}

/**
 * Type-checks, and takes back the annotations that made errors (not the `old` ones), until none is left: those
 * `involvedIn` names, all of them for an error it names none for, every one left in the last round. Returns the
 * annotations kept, how many went, and the errors of the last check when nothing changed after it (null when
 * something did, or it never checked).
 */
function settle<T>(
  check: () => Found[],
  annotations: T[],
  involvedIn: (sf: SourceFile, start: number, left: T[]) => T[],
  takeBack: (annotation: T) => void,
  old: (d: Found) => boolean = () => false,
): { kept: T[]; reverted: number; errors: Found[] | null } {
  let reverted = 0;
  for (let round = 0; round < 4 && annotations.length; round++) {
    const all = check();
    // an unused @ts-expect-error is removed at the end
    const errors = all.filter((d) => d.code !== UNUSED_SUPPRESSION && !old(d));
    if (!errors.length) return { kept: annotations, reverted, errors: all };
    const revert = new Set<T>();
    for (const d of errors) {
      const sf = d.file;
      if (!sf) continue;
      // the last round takes back every annotation left, rather than leave an error
      for (const a of round < 3 ? involvedIn(sf, d.start, annotations) : annotations) revert.add(a);
    }
    // an error no annotation can be found for: take them all back rather than leave it
    if (!revert.size) for (const a of annotations) revert.add(a);
    for (const a of revert) takeBack(a);
    reverted += revert.size;
    annotations = annotations.filter((a) => !revert.has(a));
  }
  return { kept: annotations, reverted, errors: null };
}

/** How a file refers to the named sample types: `Sampled.Message` (a namespace import cannot clash with its names). */
const NAMESPACE = 'Sampled';
/** an object type gets a name; it can be longer than an inline one */
const MAX_NAMED_LENGTH = 600;

/**
 * Object shapes get names from the parameters they type, the most common one
 * first: user → User, a different shape also met as `user` → User2. Shapes
 * whose members all stand, with the same types, in a larger one share its
 * interface, with the members some lack made optional (a room with or without
 * its `directKey` is one Room), when they have three quarters of its members
 * at least, and not in one most of whose members are optional.
 */
class ShapeNames {
  /** every shape's text → the name of the interface it is declared by */
  readonly byText = new Map<string, string>();
  /** interface name → its members' text, `{ a: string; b?: number }` */
  readonly declared = new Map<string, string>();

  constructor(uses: [text: string, hint: string][]) {
    const hints = new Map<string, Map<string, number>>();
    for (const [text, hint] of uses) {
      const counts = hints.get(text) ?? new Map<string, number>();
      counts.set(hint, (counts.get(hint) ?? 0) + 1);
      hints.set(text, counts);
    }
    const taken = new Set<string>();
    // the most used shapes pick first
    const order = mergedGroups([...hints.keys()])
      .map((group) => ({ group, counts: sumCounts(group.texts.map((t) => hints.get(t)!)) }))
      .sort((a, b) => total(b.counts) - total(a.counts));
    for (const { group, counts } of order) {
      const hint = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
      const base = hint.replace(/^_+/, '').replace(/^./, (c) => c.toUpperCase()) || 'Shape';
      let name = base;
      for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
      taken.add(name);
      for (const text of group.texts) this.byText.set(text, name);
      this.declared.set(name, group.text);
    }
  }
}

interface Member {
  type: string;
  optional: boolean;
}

/** `{ a: string; b?: number }` → a → string, b → number (optional) */
function membersOf(text: string): Map<string, Member> {
  const members = new Map<string, Member>();
  for (const m of topLevelMembers(text.slice(2, -2))) {
    const at = m.indexOf(': ');
    const key = m.slice(0, at);
    members.set(key.replace(/\?$/, ''), { type: m.slice(at + 2), optional: key.endsWith('?') });
  }
  return members;
}

/**
 * The shapes grouped under the largest one that has all their members with the same types, larger ones
 * first; each group's text is the largest shape's with the members some lack made optional.
 */
function mergedGroups(texts: string[]): { texts: string[]; text: string }[] {
  const groups: { texts: string[]; members: Map<string, Member>; seen: Map<string, number>; loose: boolean }[] = [];
  const parsed = texts.map((text) => ({ text, members: membersOf(text) })).sort((a, b) => b.members.size - a.members.size);
  for (const { text, members } of parsed) {
    // a shape most of whose members are optional is several shapes the recorder met under one name: no home
    // for another, which would lose the members it surely has
    // and a shape with few of another's members is another thing (a user's JSON is no message's)
    const fits = (g: (typeof groups)[number]): boolean =>
      !g.loose &&
      members.size * 4 >= g.members.size * 3 &&
      [...members].every(([k, m]) => g.members.get(k)?.type === m.type);
    const group = groups.find(fits);
    if (!group) {
      const loose = [...members.values()].filter((m) => m.optional).length * 2 > members.size;
      groups.push({ texts: [text], members: new Map(members), seen: new Map([...members.keys()].map((k) => [k, 1])), loose });
      continue;
    }
    group.texts.push(text);
    for (const [k, m] of members) {
      group.seen.set(k, (group.seen.get(k) ?? 0) + 1);
      if (m.optional) group.members.get(k)!.optional = true;
    }
  }
  return groups.map((g) => ({
    texts: g.texts,
    text: `{ ${[...g.members]
      .map(([k, m]) => `${k}${m.optional || g.seen.get(k)! < g.texts.length ? '?' : ''}: ${m.type}`)
      .join('; ')} }`,
  }));
}

function sumCounts(all: Map<string, number>[]): Map<string, number> {
  const sum = new Map<string, number>();
  for (const counts of all) for (const [k, n] of counts) sum.set(k, (sum.get(k) ?? 0) + n);
  return sum;
}

const total = (counts: Map<string, number>): number => [...counts.values()].reduce((a, b) => a + b, 0);

/** Every named shape as an interface, and a type-only namespace import where they are used. */
function declareNamed(typesFile: SourceFile, names: ShapeNames, annotations: Annotation[]): void {
  setText(typesFile, namedText(names, () => true));
  for (const sf of new Set(
    annotations.filter((a) => a.param.getTypeNode()?.getText().startsWith(`${NAMESPACE}.`)).map((a) => a.file),
  )) {
    importNamed(sf, typesFile);
  }
}

/** sf's `import type * as Sampled from …`, if it has one */
const namedImportOf = (sf: SourceFile) =>
  sf.getImportDeclarations().find((d) => d.getNamespaceImport()?.getText() === NAMESPACE && d.isTypeOnly());

/** `import type * as Sampled from '…/types/sampled.js'` at the top of sf, once. */
function importNamed(sf: SourceFile, typesFile: SourceFile): void {
  if (namedImportOf(sf)) return;
  sf.insertStatements(0, `import type * as ${NAMESPACE} from '${importSpecifier(sf.getFilePath(), typesFile.getFilePath())}';`);
}

function namedText(names: ShapeNames, keep: (name: string) => boolean): string {
  // `{ a: string; b?: number }` → one member a line
  const members = (text: string): string =>
    topLevelMembers(text.slice(2, -2))
      .map((m) => `  ${m};`)
      .join('\n');
  const body = [...names.declared]
    .filter(([name]) => keep(name))
    .map(([name, text]) => `export interface ${name} {\n${members(text)}\n}\n`);
  return [
    '// written by molt js-to-ts: the object shapes legacy was called with while its contract suites ran (molt record)',
    '',
    body.join('\n'),
  ].join('\n');
}

/** `a: string; b: { c: number; d: string }` → its members, not splitting the nested object's. */
function topLevelMembers(text: string): string[] {
  const members: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '(' || c === '<' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === '>' || c === ']') depth--;
    else if (depth === 0 && text.startsWith('; ', i)) {
      members.push(text.slice(start, i));
      start = i + 2;
    }
  }
  members.push(text.slice(start));
  return members;
}

/** The names some annotation (its type's text, in `types`) still uses stay; imports nothing uses go. Returns how many stay. */
function pruneNamed(project: Project, typesFile: SourceFile, names: ShapeNames, types: string[]): number {
  const used = new Set(types.flatMap((t) => [...t.matchAll(new RegExp(`\\b${NAMESPACE}\\.(\\w+)`, 'g'))].map((m) => m[1]!)));
  for (const sf of project.getSourceFiles()) {
    const decl = namedImportOf(sf);
    if (decl && !new RegExp(`\\b${NAMESPACE}\\.`).test(sf.getFullText().replace(decl.getText(), ''))) decl.remove();
  }
  if (!used.size) project.removeSourceFile(typesFile);
  else setText(typesFile, namedText(names, (name) => used.has(name)));
  return used.size;
}

const UNUSED_SUPPRESSION = 2578;

/** A `// @ts-expect-error` the new types made unused (TS2578) goes, with its line. */
function removeUnusedSuppressions(errors: Found[], report: SampleReport): void {
  const byFile = new Map<SourceFile, number[]>();
  for (const d of errors) {
    const sf = d.file;
    if (d.code !== UNUSED_SUPPRESSION || !sf) continue;
    byFile.set(sf, [...(byFile.get(sf) ?? []), d.start]);
  }
  for (const [sf, starts] of byFile) {
    // from the end, so earlier positions stay valid
    for (const start of starts.sort((a, b) => b - a)) {
      const text = sf.getFullText();
      const lineStart = text.lastIndexOf('\n', start) + 1;
      const lineEnd = text.indexOf('\n', start);
      report.removedComments.push({
        file: sf.getFilePath(),
        text: text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd).trim(),
      });
      sf.replaceText([lineStart, lineEnd < 0 ? text.length : lineEnd + 1], '');
      report.unsuppressed += 1;
    }
  }
}
