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

/**
 * The files `sf` imports (`import("…")` types too) by a relative name, by file name; null for one that cannot be
 * found. A package's declarations never change: its imports do not count.
 */
export function importsOf(program: ts.Program, sf: ts.SourceFile): Map<string, ts.SourceFile | null> {
  const found = new Map<string, ts.SourceFile | null>();
  // the module names the compiler collected while it parsed: imports, exports, import() calls and types
  for (const literal of (sf as { imports?: readonly ts.StringLiteralLike[] }).imports ?? []) {
    if (!/^\.\.?\//.test(literal.text)) continue;
    const base = path.resolve(path.dirname(sf.fileName), literal.text);
    const file = [base.replace(/\.js$/, '.ts'), `${base}.ts`, path.join(base, 'index.ts'), base]
      .map((name) => program.getSourceFile(name))
      .find((x) => x !== undefined);
    found.set(file?.fileName ?? base, file ?? null);
  }
  return found;
}

/**
 * The project files `sf` can see, by file name: those it imports, transitively, and every script (a file that is
 * no module declares globals). A relative import that cannot be found gets `null`, which no check matches.
 */
function visibleFiles(program: ts.Program, sf: ts.SourceFile): Map<string, ts.SourceFile | null> {
  const seen = new Map<string, ts.SourceFile | null>([[sf.fileName, sf]]);
  for (const other of program.getSourceFiles()) {
    if (!other.isDeclarationFile && !ts.isExternalModule(other)) seen.set(other.fileName, other);
  }
  const queue = [sf];
  for (let file = queue.pop(); file; file = queue.pop()) {
    for (const [name, imported] of importsOf(program, file)) {
      if (seen.has(name)) continue;
      seen.set(name, imported);
      if (imported && !imported.isDeclarationFile) queue.push(imported);
    }
  }
  return seen;
}

/**
 * The semantic errors in the given files (all but declaration files when not given) of the language service's
 * program, in the program's order. The stage checks again after every round of edits, and most rounds edit a few
 * files: a file's errors are kept from the last check while its text, and that of every project file it can see
 * (visibleFiles), is the same. (TypeScript's builder, which tsc --watch uses, tells changes by file versions, and
 * ts-morph starts a file's version again when it replaces the file's text.)
 */
export function semanticDiagnostics(project: Project, files?: Set<string>, program = checkedProgram(project)): ts.Diagnostic[] {
  let cache = checkedFiles.get(project);
  if (!cache) checkedFiles.set(project, (cache = new Map()));
  const known = cache;
  const same = (against: Map<string, string>): boolean => {
    for (const [name, text] of against) if (program.getSourceFile(name)?.text !== text) return false;
    return true;
  };
  return program
    .getSourceFiles()
    .filter((sf) => (files ? files.has(sf.fileName) : !sf.isDeclarationFile))
    .flatMap((sf) => {
      const hit = known.get(sf.fileName);
      if (hit && same(hit.against)) return hit.diagnostics;
      const diagnostics = program.getSemanticDiagnostics(sf);
      const against = new Map<string, string>();
      for (const [name, file] of visibleFiles(program, sf)) if (!file?.isDeclarationFile) against.set(name, file?.text ?? '\0missing');
      known.set(sf.fileName, { diagnostics, against });
      return diagnostics;
    });
}
