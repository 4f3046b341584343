/**
 * Types from runtime samples: a parameter the TypeScript stage could only mark
 * `any` gets the type of the values legacy's functions were called with while
 * the contract suites ran (`molt record`, samples/record.ts). Only shapes that
 * print as plain types are used (primitives, arrays, promises, small object
 * literals); a class instance or a function stays `any`. Each annotation is
 * checked: one that makes a type error is taken back.
 */
import { IDENTIFIER_NAME } from '../ast.js';
import path from 'node:path';
import { Node, type ParameterDeclaration, type Project, type SourceFile } from 'ts-morph';
import type { Samples, Shape, Site } from '../samples/record.js';

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
}

const MAX_TYPE_LENGTH = 160;
/** more kinds of value than this (bad-input tests send anything) say nothing a reader can use */
const MAX_UNION = 4;
const PLAIN_CLASSES = new Set(['Date', 'Error', 'Buffer', 'RegExp']);

/** A union of shapes as a TypeScript type, or null when a part has no plain type. */
export function printShapes(shapes: Shape[], maxLength = MAX_TYPE_LENGTH): string | null {
  if (!shapes.length) return null;
  const parts = shapes.map(printShape);
  if (parts.some((p) => p === null)) return null;
  const unique = [...new Set(parts as string[])];
  if (unique.length > MAX_UNION) return null;
  const text = unique.join(' | ');
  return text.length <= maxLength ? text : null;
}

function printShape(shape: Shape): string | null {
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
      const item = printShapes(shape.of);
      return item === null ? null : item.includes(' ') ? `(${item})[]` : `${item}[]`;
    }
    case 'promise': {
      const value = shape.of.length ? printShapes(shape.of) : 'unknown';
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
      return props.length ? `{ ${props.join('; ')} }` : 'Record<string, never>';
    }
    default:
      return null;
  }
}

/** The function-like declaration a sample key names in a migrated file: an export, or a method of the default-exported object. */
function parametersOf(sf: SourceFile, name: string): ParameterDeclaration[] | null {
  const decls =
    name === 'default'
      ? (sf.getDefaultExportSymbol()?.getDeclarations() ?? [])
      : (sf.getExportedDeclarations().get(name) ?? []);
  for (const d of decls) {
    const params = paramsOfNode(Node.isExportAssignment(d) ? d.getExpression() : d);
    if (params) return params;
  }
  // `export default { join(socket, payload) {…} }`: a method of the default export
  const def = sf.getDefaultExportSymbol()?.getDeclarations()[0];
  const expr = def && Node.isExportAssignment(def) ? def.getExpression() : undefined;
  const object = expr && Node.isIdentifier(expr) ? expr.getSymbol()?.getValueDeclaration() : expr;
  const literal = object && Node.isVariableDeclaration(object) ? object.getInitializer() : object;
  if (literal && Node.isObjectLiteralExpression(literal)) {
    const prop = literal.getProperty(name);
    if (prop) return paramsOfNode(prop);
  }
  return null;
}

function paramsOfNode(node: Node | undefined): ParameterDeclaration[] | null {
  if (!node) return null;
  if (Node.isVariableDeclaration(node) || Node.isPropertyAssignment(node)) return paramsOfNode(node.getInitializer());
  if (Node.isShorthandPropertyAssignment(node))
    return paramsOfNode(node.getNameNode().getSymbol()?.getValueDeclaration());
  if (Node.isIdentifier(node)) return paramsOfNode(node.getSymbol()?.getValueDeclaration());
  if (Node.isClassDeclaration(node)) return node.getConstructors()[0]?.getParameters() ?? null;
  if (
    Node.isFunctionDeclaration(node) ||
    Node.isFunctionExpression(node) ||
    Node.isArrowFunction(node) ||
    Node.isMethodDeclaration(node)
  ) {
    return node.getParameters();
  }
  return null;
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

/** The annotated parameter an identifier names: the node itself, or the object of the property it names. */
function readParams(node: Node, annotations: Annotation[]): Annotation[] {
  const parent = node.getParent();
  const read =
    parent && Node.isPropertyAccessExpression(parent) && parent.getNameNode() === node ? parent.getExpression() : node;
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
): SampleReport {
  const report: SampleReport = {
    typed: 0,
    typedParams: [],
    removedComments: [],
    reverted: 0,
    unsuppressed: 0,
    named: 0,
  };
  const candidates: { param: ParameterDeclaration; file: SourceFile; shapes: Shape[]; object: string | null }[] = [];
  // "models/user.js#register" → per file, [name, site]
  const byFile = new Map<string, [string, Site][]>();
  for (const [key, site] of Object.entries(samples)) {
    const [file, name] = key.split('#') as [string, string];
    byFile.set(file, [...(byFile.get(file) ?? []), [name, site]]);
  }
  for (const sf of project.getSourceFiles()) {
    const rel = path.relative(outDir, sf.getFilePath()).split(path.sep).join('/').replace(/\.ts$/, '.js');
    for (const [name, site] of byFile.get(rel) ?? []) {
      (parametersOf(sf, name) ?? []).forEach((param, i) => {
        if (!isAny(param)) return;
        const shapes = site.args[i] ?? [];
        const object =
          typesFile && shapes.length === 1 && shapes[0]!.t === 'object' ? printShapes(shapes, MAX_NAMED_LENGTH) : null;
        candidates.push({ param, file: sf, shapes, object });
      });
    }
  }
  const names = new ShapeNames(
    candidates.flatMap((c) => (c.object ? [[c.object, c.param.getName()] as [string, string]] : [])),
  );
  let annotations: Annotation[] = [];
  for (const { param, file, shapes, object } of candidates) {
    const type = object ? `${NAMESPACE}.${names.byText.get(object)}` : printShapes(shapes);
    if (!type || type === 'undefined') continue;
    param.setType(type);
    annotations.push({ param, file });
  }
  if (typesFile) declareNamed(typesFile, names, annotations);
  annotations = checkAnnotations(project, annotations, report);
  report.typed = annotations.length;
  report.typedParams = annotations.map((a) => ({
    file: a.file.getFilePath(),
    name: a.param.getName(),
    type: a.param.getTypeNode()?.getText() ?? '',
  }));
  if (typesFile) report.named = pruneNamed(project, typesFile, names, annotations);
  // last: removing text makes ts-morph forget the nodes of that file
  if (report.typed) removeUnusedSuppressions(project.getPreEmitDiagnostics(), report);
  return report;
}

/** Type-checks, and takes back the annotations that made errors, until none is left. */
function checkAnnotations(project: Project, annotations: Annotation[], report: SampleReport): Annotation[] {
  for (let round = 0; round < 4 && annotations.length; round++) {
    const errors = project.getPreEmitDiagnostics();
    if (!errors.length) break;
    const revert = new Set<Annotation>();
    for (const d of errors) {
      const sf = d.getSourceFile();
      if (!sf || d.getCode() === UNUSED_SUPPRESSION) continue; // removed at the end
      // the last round takes back every annotation left, rather than leave an error
      for (const a of round < 3 ? involved(sf, d.getStart() ?? 0, annotations) : annotations) revert.add(a);
    }
    // an error no annotation can be found for: take them all back rather than leave it
    if (!revert.size && errors.some((d) => d.getCode() !== UNUSED_SUPPRESSION))
      for (const a of annotations) revert.add(a);
    if (!revert.size) break;
    for (const a of revert) a.param.setType('any');
    report.reverted += revert.size;
    annotations = annotations.filter((a) => !revert.has(a));
  }
  return annotations;
}

/** How a file refers to the named sample types: `Sampled.Message` (a namespace import cannot clash with its names). */
const NAMESPACE = 'Sampled';
/** an object type gets a name; it can be longer than an inline one */
const MAX_NAMED_LENGTH = 600;

/**
 * Object shapes get names from the parameters they type, the most common one
 * first: user → User, a different shape also met as `user` → User2.
 */
class ShapeNames {
  readonly byText = new Map<string, string>();

  constructor(uses: [text: string, hint: string][]) {
    const hints = new Map<string, Map<string, number>>();
    for (const [text, hint] of uses) {
      const counts = hints.get(text) ?? new Map<string, number>();
      counts.set(hint, (counts.get(hint) ?? 0) + 1);
      hints.set(text, counts);
    }
    const taken = new Set<string>();
    // the most used shapes pick first
    const order = [...hints].sort(([, a], [, b]) => total(b) - total(a));
    for (const [text, counts] of order) {
      const hint = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
      const base = hint.replace(/^_+/, '').replace(/^./, (c) => c.toUpperCase()) || 'Shape';
      let name = base;
      for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
      taken.add(name);
      this.byText.set(text, name);
    }
  }
}

const total = (counts: Map<string, number>): number => [...counts.values()].reduce((a, b) => a + b, 0);

function relativeModule(from: SourceFile, to: SourceFile): string {
  const rel = path.relative(path.dirname(from.getFilePath()), to.getFilePath()).replace(/\.ts$/, '.js');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** Every named shape as an interface, and a type-only namespace import where they are used. */
function declareNamed(typesFile: SourceFile, names: ShapeNames, annotations: Annotation[]): void {
  typesFile.replaceWithText(namedText(names, () => true));
  for (const sf of new Set(
    annotations.filter((a) => a.param.getTypeNode()?.getText().startsWith(`${NAMESPACE}.`)).map((a) => a.file),
  )) {
    sf.insertStatements(0, `import type * as ${NAMESPACE} from '${relativeModule(sf, typesFile)}';`);
  }
}

function namedText(names: ShapeNames, keep: (name: string) => boolean): string {
  // `{ a: string; b?: number }` → one member a line
  const members = (text: string): string =>
    text
      .slice(2, -2)
      .split('; ')
      .map((m) => `  ${m};`)
      .join('\n');
  const body = [...names.byText]
    .filter(([, name]) => keep(name))
    .map(([text, name]) => `export interface ${name} {\n${members(text)}\n}\n`);
  return [
    '// written by molt js-to-ts: the object shapes legacy was called with while its contract suites ran (molt record)',
    '',
    body.join('\n'),
  ].join('\n');
}

/** The names some annotation still uses stay; imports nothing uses go. Returns how many stay. */
function pruneNamed(project: Project, typesFile: SourceFile, names: ShapeNames, annotations: Annotation[]): number {
  const used = new Set(
    annotations.flatMap((a) => /^Sampled\.(\w+)$/.exec(a.param.getTypeNode()?.getText() ?? '')?.[1] ?? []),
  );
  for (const sf of project.getSourceFiles()) {
    const decl = sf
      .getImportDeclarations()
      .find((d) => d.getNamespaceImport()?.getText() === NAMESPACE && d.isTypeOnly());
    if (decl && !annotations.some((a) => a.file === sf && a.param.getTypeNode()?.getText().startsWith(`${NAMESPACE}.`)))
      decl.remove();
  }
  if (!used.size) project.removeSourceFile(typesFile);
  else typesFile.replaceWithText(namedText(names, (name) => used.has(name)));
  return used.size;
}

const UNUSED_SUPPRESSION = 2578;

/** A `// @ts-expect-error` the new types made unused (TS2578) goes, with its line. */
function removeUnusedSuppressions(errors: ReturnType<Project['getPreEmitDiagnostics']>, report: SampleReport): void {
  const byFile = new Map<SourceFile, number[]>();
  for (const d of errors) {
    const sf = d.getSourceFile();
    if (d.getCode() !== UNUSED_SUPPRESSION || !sf) continue;
    byFile.set(sf, [...(byFile.get(sf) ?? []), d.getStart() ?? 0]);
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
