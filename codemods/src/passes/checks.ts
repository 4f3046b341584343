import path from 'node:path';
import { ts, type Project } from 'ts-morph';

/**
 * The TypeScript stage's checks. It checks again after every round of edits, and most rounds edit a few files, so
 * each file's errors are kept while nothing it can see has changed.
 */

/**
 * The language service's program, not `project.getProgram()`: ts-morph builds that one separately, so asking it
 * for errors type-checked every file a second time, next to the check the code fixes run in the service.
 */
export function checkedProgram(project: Project): ts.Program {
  return project.getLanguageService().compilerObject.getProgram()!;
}

interface CheckedFile {
  diagnostics: readonly ts.Diagnostic[];
  /** the texts it was checked against: its own, and those of the project files it imports, transitively */
  against: Map<string, string>;
}

const checkedFiles = new WeakMap<Project, Map<string, CheckedFile>>();

type Files = Map<string, ts.SourceFile | null>;

/**
 * One program's import graph, worked out once per program: a check reads it for every file. Files by file name; `null` for a relative import that cannot be found, which no text matches.
 */
class Graph {
  private readonly imports = new Map<string, Files>();
  private readonly visible = new Map<string, Map<string, string>>();

  constructor(readonly program: ts.Program) {}

  /**
   * The files `sf` imports (`import("…")` types too) by a relative name. A package's declarations never change:
   * its imports do not count.
   */
  importsOf(sf: ts.SourceFile): Files {
    let found = this.imports.get(sf.fileName);
    if (found) return found;
    found = new Map();
    // the module names the compiler collected while it parsed: imports, exports, import() calls and types
    for (const literal of (sf as { imports?: readonly ts.StringLiteralLike[] }).imports ?? []) {
      if (!/^\.\.?\//.test(literal.text)) continue;
      const base = path.resolve(path.dirname(sf.fileName), literal.text);
      const file = [base.replace(/\.js$/, '.ts'), `${base}.ts`, path.join(base, 'index.ts'), base]
        .map((name) => this.program.getSourceFile(name))
        .find((x) => x !== undefined);
      found.set(file?.fileName ?? base, file ?? null);
    }
    this.imports.set(sf.fileName, found);
    return found;
  }

  /**
   * What `sf` can see of the project: the texts of the files it imports, transitively, and what every other file
   * adds to the global scope (globalPart).
   */
  visibleTexts(sf: ts.SourceFile): Map<string, string> {
    let texts = this.visible.get(sf.fileName);
    if (texts) return texts;
    const seen: Files = new Map([[sf.fileName, sf]]);
    const queue = [sf];
    for (let file = queue.pop(); file; file = queue.pop()) {
      for (const [name, imported] of this.importsOf(file)) {
        if (seen.has(name)) continue;
        seen.set(name, imported);
        if (imported && !imported.isDeclarationFile) queue.push(imported);
      }
    }
    texts = textsOf(seen);
    for (const other of this.program.getSourceFiles()) {
      if (!other.isDeclarationFile && !texts.has(other.fileName)) texts.set(other.fileName, globalPart(other));
    }
    this.visible.set(sf.fileName, texts);
    return texts;
  }

}

const graphs = new WeakMap<ts.Program, Graph>();

/** The program's import graph (Graph), made once. */
export function graphOf(program: ts.Program): Graph {
  let graph = graphs.get(program);
  if (!graph) graphs.set(program, (graph = new Graph(program)));
  return graph;
}

/** The texts of these files, for sameTexts to compare with a later program's (a file that is missing never matches). */
function textsOf(files: Files): Map<string, string> {
  const texts = new Map<string, string>();
  for (const [name, file] of files) if (!file?.isDeclarationFile) texts.set(name, file?.text ?? '\0missing');
  return texts;
}

/** A file's text marked as what it adds to the global scope (globalPart), for files a check sees only that of. */
const GLOBAL = '\0global:';

/**
 * What a file that is not imported adds to the global scope, as text: a script's declarations (all its text), a
 * module's `declare global` (all its text, to be safe), or nothing. The files molt creates empty (the sampled
 * types, the socket event maps) are scripts until they are written, and modules after: no check they did not
 * take part in is lost when they are.
 */
function globalPart(sf: ts.SourceFile): string {
  if (ts.isExternalModule(sf) ? !/\bdeclare\s+(?:global|module)\b/.test(sf.text) : sf.statements.length === 0) return GLOBAL;
  return GLOBAL + sf.text;
}

const sameTexts = (program: ts.Program, texts: Map<string, string>): boolean => {
  for (const [name, text] of texts) {
    const sf = program.getSourceFile(name);
    if ((sf && text.startsWith(GLOBAL) ? globalPart(sf) : sf?.text) !== text) return false;
  }
  return true;
};

/**
 * The semantic errors in the given files (all but declaration files when not given) of the language service's
 * program, in the program's order. The stage checks again after every round of edits, and most rounds edit a few
 * files: a file's errors are kept from the last check while its text, and that of every project file it can see
 * (visibleTexts), is the same. (TypeScript's builder, which tsc --watch uses, tells changes by file versions, and
 * ts-morph starts a file's version again when it replaces the file's text.)
 */
export function semanticDiagnostics(project: Project, files?: Set<string>, program = checkedProgram(project)): ts.Diagnostic[] {
  let cache = checkedFiles.get(project);
  if (!cache) checkedFiles.set(project, (cache = new Map()));
  const known = cache;
  return program
    .getSourceFiles()
    .filter((sf) => (files ? files.has(sf.fileName) : !sf.isDeclarationFile))
    .flatMap((sf) => {
      const hit = known.get(sf.fileName);
      if (hit && sameTexts(program, hit.against)) return hit.diagnostics;
      const diagnostics = program.getSemanticDiagnostics(sf);
      known.set(sf.fileName, { diagnostics, against: graphOf(program).visibleTexts(sf) });
      return diagnostics;
    });
}

/**
 * What getPreEmitDiagnostics reports in `files` (in every file but declaration files when not given), with the
 * semantic errors from semanticDiagnostics: between two rounds only the files an edit can change are checked again.
 */
export function preEmitDiagnostics(project: Project, files?: Set<string>, program = checkedProgram(project)): ts.Diagnostic[] {
  const sources = program.getSourceFiles().filter((sf) => (files ? files.has(sf.fileName) : !sf.isDeclarationFile));
  return [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...sources.flatMap((sf) => program.getSyntacticDiagnostics(sf)),
    ...semanticDiagnostics(project, files, program),
  ];
}
