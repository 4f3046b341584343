import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint, type Linter, type Rule } from 'eslint';
import { createRequire } from 'node:module';
import type { AnalyzerRun, FunctionComplexity, SideInput } from '../types.js';

// "Function 'send' has a complexity of 4. Maximum allowed is 0." (eslint's complexity rule)
const CYCLOMATIC = /^(.*) has a complexity of (\d+)\. Maximum allowed is \d+\.$/;
// "Refactor this function to reduce its Cognitive Complexity from 7 to the 0 allowed."
const COGNITIVE = /Cognitive Complexity from (\d+) to/;

// The one sonarjs rule used, loaded alone: the plugin's index loads its 260 other rules first (0.6 s of 1.2 s).
// The package has no "exports" map, so the path is public; the rule is S3776, cognitive-complexity.
const { rule: cognitiveRule } = createRequire(import.meta.url)('eslint-plugin-sonarjs/cjs/S3776/rule.js') as { rule: Rule.RuleModule };
const sonarjs = { rules: { 'cognitive-complexity': cognitiveRule } } as unknown as ESLint.Plugin;

// "extent 42": where a function ends, so a legacy function's nested callbacks can be told apart (origins.ts)
const EXTENT = /^extent (\d+)$/;
const FUNCTIONS = ['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression'] as const;
const extentRule: Rule.RuleModule = {
  meta: { type: 'suggestion', schema: [] },
  create(context) {
    const report = (node: Rule.Node): void => context.report({ node, message: `extent ${node.loc?.end.line ?? 0}` });
    return Object.fromEntries(FUNCTIONS.map((type) => [type, report]));
  },
};
const molt = { rules: { extent: extentRule } } as unknown as ESLint.Plugin;

function configFor(sourceType: SideInput['sourceType']): Linter.Config[] {
  return [
    {
      files: ['**/*.js'],
      languageOptions: { ecmaVersion: 'latest', sourceType },
      // an eslint-disable comment in the code must not hide a function from the count
      linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
      plugins: { sonarjs, molt },
      // max 0 and threshold 0 make both rules report every function they score above zero
      rules: { complexity: ['error', { max: 0 }], 'sonarjs/cognitive-complexity': ['error', 0], 'molt/extent': 'error' },
    },
  ];
}

function nearestOnLine<T extends { line: number; column: number }>(items: T[], at: { line: number; column: number }): T | undefined {
  return items.filter((r) => r.line === at.line).sort((a, b) => Math.abs(a.column - at.column) - Math.abs(b.column - at.column))[0];
}

/** Turns one file's messages into per-function rows; cognitive is joined on the function's position. */
export function functionsFromMessages(file: string, messages: Linter.LintMessage[]): FunctionComplexity[] {
  const rows: FunctionComplexity[] = [];
  const cognitive: { line: number; column: number; value: number }[] = [];
  const extents: { line: number; column: number; value: number }[] = [];
  for (const m of messages) {
    const cyc = m.ruleId === 'complexity' ? CYCLOMATIC.exec(m.message) : null;
    if (cyc) {
      rows.push({ file, name: cyc[1] ?? '?', line: m.line, column: m.column, endLine: m.line, cyclomatic: Number(cyc[2]), cognitive: 0 });
    }
    const ext = m.ruleId === 'molt/extent' ? EXTENT.exec(m.message) : null;
    if (ext) extents.push({ line: m.line, column: m.column, value: Number(ext[1]) });
    const cog = m.ruleId === 'sonarjs/cognitive-complexity' ? COGNITIVE.exec(m.message) : null;
    if (cog) cognitive.push({ line: m.line, column: m.column, value: Number(cog[1]) });
  }
  // sonarjs reports on the function's name token, eslint on the function head: same line, nearest column
  for (const c of cognitive) {
    const best = nearestOnLine(rows, c);
    if (best) best.cognitive = c.value;
    else rows.push({ file, name: '(unmatched)', line: c.line, column: c.column, endLine: c.line, cyclomatic: 0, cognitive: c.value });
  }
  // the extent is reported at the function node, the complexity at its head: same line, nearest column
  for (const row of rows) row.endLine = nearestOnLine(extents, row)?.value ?? row.line;
  return rows;
}

/** eslint skips (with only a warning) any file outside its cwd, so cwd is the files' common folder. */
function commonDir(files: string[]): string {
  const parts = files.map((f) => path.dirname(f).split(path.sep));
  const first = parts[0] ?? [];
  let n = 0;
  while (n < first.length && parts.every((p) => p[n] === first[n])) n++;
  return first.slice(0, n).join(path.sep) || path.sep;
}

export async function runEslintComplexity(input: SideInput): Promise<AnalyzerRun<FunctionComplexity[]>> {
  const cwd = commonDir(input.files.map((f) => f.absPath));
  const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: configFor(input.sourceType), ignore: false });
  const run: AnalyzerRun<FunctionComplexity[]> = { analyzer: 'eslint', parsed: [], failures: [], result: [] };
  for (const file of input.files) {
    const [result] = await eslint.lintText(readFileSync(file.absPath, 'utf8'), { filePath: file.absPath });
    // a parse error, or eslint declining the file ("File ignored ...") with a mere warning
    const fatal = result?.messages.find((m) => m.fatal || (m.ruleId === null && m.message.startsWith('File ignored')));
    if (!result || fatal) {
      run.failures.push({ file: file.displayPath, message: fatal?.message ?? 'no lint result' });
      continue;
    }
    run.parsed.push(file.displayPath);
    run.result.push(...functionsFromMessages(file.displayPath, result.messages));
  }
  return run;
}
