import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBudgets, checkExitCode, loadBudgets, type Break } from './budgets.js';
import { UnreadFilesError } from './guard.js';
import { appendHistory } from './history.js';
import { renderHtml } from './render/html.js';
import { renderMarkdown } from './render/markdown.js';
import { buildReport } from './report.js';

const reportsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(reportsDir, '..');
const require = createRequire(import.meta.url);

/** Walks up from the package's entry point: some packages (jscpd) do not export their package.json. */
function versionOf(name: string): string {
  let dir = path.dirname(require.resolve(name));
  while (!existsSync(path.join(dir, 'package.json')) || path.basename(dir) !== name.split('/').pop()) {
    const parent = path.dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
  return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

function toolVersions(): Record<string, string> {
  const names = ['jscpd', 'jsinspect-plus', 'eslint', 'eslint-plugin-sonarjs', 'esbuild', 'typescript'];
  return Object.fromEntries(names.map((n) => [n, versionOf(n)]));
}

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  // --out lets the end-to-end test write elsewhere and leave the real history alone
  const outIndex = argv.indexOf('--out');
  const outArg = outIndex >= 0 ? argv[outIndex + 1] : undefined;
  const outDir = outArg ? path.resolve(outArg) : path.join(reportsDir, 'out');
  mkdirSync(outDir, { recursive: true });
  const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  const report = await buildReport({ repoRoot, outDir, originMapFile: path.join(reportsDir, 'origins.json'), commit, tools: toolVersions() });
  const breaks: Break[] | undefined = check ? checkBudgets(report, loadBudgets(path.join(reportsDir, 'budgets.json'))) : undefined;
  const history = appendHistory(path.join(outDir, 'history.json'), report);
  writeFileSync(path.join(outDir, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  const markdown = renderMarkdown(report, breaks);
  writeFileSync(path.join(outDir, 'report.md'), markdown);
  writeFileSync(path.join(outDir, 'index.html'), renderHtml(report, history));
  process.stdout.write(markdown);
  // from process start, module loading included: the whole run, as `time npm run report` would see it
  const seconds = process.uptime().toFixed(1);
  process.stdout.write(`\nreport: wrote ${path.relative(repoRoot, outDir) || '.'}/{report.json,report.md,index.html,history.json,plato/} in ${seconds} s\n`);
  if (breaks && breaks.length > 0) {
    process.stderr.write(`report: ${breaks.length} budget(s) broken:\n${breaks.map((b) => `  ${b.budget}: ${b.detail}`).join('\n')}\n`);
  }
  return breaks ? checkExitCode(breaks) : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const prefix = error instanceof UnreadFilesError ? 'report: FAILED, ' : 'report: ';
    process.stderr.write(`${prefix}${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
