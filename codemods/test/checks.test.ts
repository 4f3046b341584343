import assert from 'node:assert/strict';
import { Project, ts } from 'ts-morph';
import { semanticDiagnostics } from '../src/passes/checks.js';

// checks.ts keeps a file's errors while nothing it can see has changed: these say what "can see" takes in
describe('checks: kept errors', function () {
  this.timeout(60_000);
  let project: Project;

  beforeEach(() => {
    project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022 } });
    project.createSourceFile('/p/lib.ts', 'export const n = 1;\n');
    project.createSourceFile('/p/a.ts', "import { n } from './lib';\nexport const s: string = n;\nexport const g: number = LIMIT;\nexport const h: number = EXTRA;\n");
    project.createSourceFile('/p/globals.ts', 'declare const LIMIT: number;\n');
    project.createSourceFile('/p/later.ts', '');
  });

  const codes = (found: readonly ts.Diagnostic[]) => found.map((d) => d.code);
  const errorsIn = (file: string) => semanticDiagnostics(project, new Set([file]));

  it('keeps them while an empty file becomes a module, which adds nothing to the global scope', () => {
    const first = errorsIn('/p/a.ts');
    assert.deepEqual(codes(first), [2322, 2304]);
    project.getSourceFileOrThrow('/p/later.ts').replaceWithText('export const unused = 2;\n');
    const second = errorsIn('/p/a.ts');
    // the same diagnostic object: a.ts was not checked again
    assert.equal(second[0], first[0]);
    assert.equal(second[1], first[1]);
  });

  it('checks again when a script changes what it declares globally', () => {
    const first = errorsIn('/p/a.ts');
    project.getSourceFileOrThrow('/p/globals.ts').replaceWithText('declare const LIMIT: string;\n');
    const second = errorsIn('/p/a.ts');
    assert.deepEqual(codes(second), [2322, 2322, 2304]);
    assert.notEqual(second[0], first[0]);
  });

  it('checks again when a module adds to the global scope', () => {
    errorsIn('/p/a.ts');
    project.getSourceFileOrThrow('/p/later.ts').replaceWithText('export {};\ndeclare global {\n  const EXTRA: string;\n}\n');
    // EXTRA is found now, and is no number
    assert.deepEqual(codes(errorsIn('/p/a.ts')), [2322, 2322]);
  });

  it('checks again when an imported file changes', () => {
    errorsIn('/p/a.ts');
    project.getSourceFileOrThrow('/p/lib.ts').replaceWithText("export const n = 'one';\n");
    assert.deepEqual(codes(errorsIn('/p/a.ts')), [2304]);
  });
});
