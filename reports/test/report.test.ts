import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runEslintComplexity } from '../src/analyzers/eslint-complexity.js';
import { collectTsFacts } from '../src/analyzers/ts-facts.js';
import { listLegacyFiles, listMigratedFiles } from '../src/files.js';
import { UnreadFilesError } from '../src/guard.js';
import { remapToSource } from '../src/remap.js';
import { analyzeSide } from '../src/side.js';
import { stripTypes } from '../src/strip.js';
import type { SourceFile } from '../src/types.js';
import { reportRun, repoRoot } from './report-run.js';

function tempFiles(files: Record<string, string>): { dir: string; sources: SourceFile[] } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'molt-report-'));
  const sources = Object.entries(files).map(([name, code]) => {
    writeFileSync(path.join(dir, name), code);
    return { absPath: path.join(dir, name), displayPath: name };
  });
  return { dir, sources };
}

describe('reports: quality report', () => {
  it('fails naming the file when an analyzer cannot parse it', async () => {
    const { dir, sources } = tempFiles({
      'good.js': 'module.exports = function add(a, b) {\n  return a + b;\n};\n',
      'broken.js': 'function (( {\n',
    });
    try {
      await assert.rejects(analyzeSide({ side: 'legacy', files: sources, sourceType: 'commonjs' }), (error: unknown) => {
        assert.ok(error instanceof UnreadFilesError);
        assert.equal(error.code, 'REPORT_FILES_UNREAD');
        assert.deepEqual([...new Set(error.unread.map((u) => u.file))], ['broken.js']);
        // every analyzer that parses must have missed it, not just one
        assert.deepEqual(new Set(error.unread.map((u) => u.analyzer)), new Set(['jsinspect-plus', 'eslint', 'escomplex']));
        return true;
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the known cyclomatic and cognitive numbers for a tiny function', async () => {
    const code = [
      'function grade(n) {',
      '  if (n > 90) { return "A"; }', // cyclomatic +1, cognitive +1
      '  for (let i = 0; i < n; i++) {', // cyclomatic +1, cognitive +1
      '    if (i % 2 && n > 3) { continue; }', // cyclomatic +2 (if, &&), cognitive +2 (nested if) +1 (&&)
      '  }',
      '  return "B";',
      '}',
      'function one() { return 1; }',
    ].join('\n');
    const { dir, sources } = tempFiles({ 'tiny.js': code });
    try {
      const run = await runEslintComplexity({ side: 'legacy', files: sources, sourceType: 'commonjs' });
      assert.deepEqual(run.parsed, ['tiny.js']);
      assert.deepEqual(
        run.result.map(({ name, line, cyclomatic, cognitive }) => ({ name, line, cyclomatic, cognitive })),
        [
          { name: "Function 'grade'", line: 1, cyclomatic: 5, cognitive: 5 },
          { name: "Function 'one'", line: 8, cyclomatic: 1, cognitive: 0 },
        ],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives migrated line numbers of the .ts file, not of the stripped JavaScript', async () => {
    const code = [
      'interface Shape {', // 1: gone once stripped
      '  kind: string;',
      '}',
      'type Id = string;',
      '',
      'export function area(shape: Shape, id: Id): number {', // 6
      '  if (shape.kind === "square") {',
      '    return 4;',
      '  }',
      '  return id.length;',
      '}', // 11
    ].join('\n');
    const { dir, sources } = tempFiles({ 'shape.ts': code });
    try {
      const stripped = stripTypes(sources, dir, path.join(dir, 'stripped'));
      // the stripped file really moved the function: the test means something only if the lines differ
      const jsLine = readFileSync(stripped[0]!.absPath, 'utf8').split('\n').findIndex((l) => l.includes('function area')) + 1;
      assert.notEqual(jsLine, 6);
      const side = await analyzeSide({ side: 'migrated', files: stripped, sourceType: 'module' });
      const [fn] = remapToSource(side, stripped).functions;
      assert.deepEqual({ name: fn?.name, line: fn?.line, endLine: fn?.endLine }, { name: "Function 'area'", line: 6, endLine: 11 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts any, ts directives and exported functions without a return type from the syntax alone', () => {
    const code = [
      'export function typed(x: number): number { return x; }',
      'export function loose(x: any) { return x; }', // any 1, no return type
      'const helper = (a: Array<any>) => a;', // any 2, exported below under another name
      'export { helper as aliased };',
      'export const fine = (): void => undefined;',
      'export default function () {}', // no return type
      '// @ts-expect-error legacy shape',
      'const n: number = "x";',
      '/* @ts-ignore */',
      'export { typed as again } from "./elsewhere";', // a re-export: the other file's business
    ].join('\n');
    const { dir, sources } = tempFiles({ 'facts.ts': code });
    try {
      const facts = collectTsFacts(sources);
      assert.deepEqual(
        { any: facts.anyTypeNodes, expectError: facts.tsExpectError, ignore: facts.tsIgnore },
        { any: 2, expectError: 1, ignore: 1 },
      );
      assert.deepEqual(
        facts.exportedFunctionsWithoutReturnType.map((f) => `${f.name}:${f.line}`).sort(),
        ['aliased:3', 'default:6', 'loose:2'],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs end to end on the real tree with every file read on both sides', async function () {
    this.timeout(120_000);
    const { out, report } = await reportRun();
    const expected = { legacy: listLegacyFiles(repoRoot).length, migrated: listMigratedFiles(repoRoot).length };
    for (const side of ['legacy', 'migrated'] as const) {
      const s = report.sides[side];
      assert.ok(expected[side] > 0);
      assert.equal(s.files.length, expected[side]);
      assert.equal(s.summary.files, expected[side]);
      for (const [analyzer, count] of Object.entries(s.parsedCounts)) assert.equal(count, expected[side], `${side} ${analyzer}`);
      assert.ok(s.functions.length > 0);
    }
    // both clients are in scope: legacy's ES5 public/js and migrated's TypeScript web/
    assert.ok(report.sides.legacy.files.some((f) => f.startsWith('legacy/public/js/')));
    assert.ok(report.sides.migrated.files.some((f) => f.startsWith('migrated/web/')));
    assert.equal(report.plato.files, expected.legacy);
    assert.ok(existsSync(path.join(out, report.plato.index)));
    assert.ok(report.origins.coverage.withOrigin > 0);
    assert.match(readFileSync(path.join(out, 'index.html'), 'utf8'), /<svg/);
    assert.equal((JSON.parse(readFileSync(path.join(out, 'history.json'), 'utf8')) as unknown[]).length, 1);
    // every migrated function points into its .ts file: its first line holds the function's name, or its head
    for (const fn of report.sides.migrated.functions.filter((f) => f.name.includes("'"))) {
      const name = fn.name.split("'")[1] ?? '';
      const lines = readFileSync(path.join(repoRoot, fn.file), 'utf8').split('\n');
      assert.ok(fn.endLine <= lines.length, `${fn.file}:${fn.endLine} is past the end of the file`);
      assert.ok(lines[fn.line - 1]?.includes(name), `${fn.file}:${fn.line} does not hold ${fn.name}: ${lines[fn.line - 1]}`);
    }
  });
});
