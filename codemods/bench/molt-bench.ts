/**
 * npm run bench:molt [-- --quick] [-- --reps N] [-- --out DIR]
 *
 * One run, the same files for both tools (legacy/**\/*.js as molt migrates it:
 * no public/, node_modules/, data/ nor the hand-copied config.js; plus the
 * robustness corpus of codemods/corpus/ when it is fetched):
 *  1. lines of code per second of molt's es2022 stage (every unit registered
 *     for it) against lebab with its comparable transforms, both in this one
 *     thread: a warm-up, then N repetitions alternating the two tools, median;
 *  2. the full pipeline on legacy (`molt migrate legacy --out ...`, all stages,
 *     as a user runs it) and `tsc -p <out>/tsconfig.json` when the output has one.
 * Prints a table and writes DIR/molt-bench.json (DIR: codemods/bench/out).
 * --quick: one repetition, legacy only (the smoke test's mode).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import lebab, { type transformTypes } from 'lebab';
import { listCorpus } from '../corpus/files.js';
import { listTree } from '../src/files.js';
import { migrateSource, selectUnits } from '../src/pipeline.js';

const run = promisify(execFile);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const LEGACY = path.join(REPO, 'legacy');

/** lebab's transforms that do what molt's es2022 units do (let, arrows, classes, modules, templates, object literals) */
export const LEBAB_TRANSFORMS: transformTypes[] = [
  'let',
  'arrow',
  'class',
  'commonjs',
  'template',
  'obj-shorthand',
  'obj-method',
];

interface Input {
  set: 'legacy' | 'corpus';
  file: string;
  source: string;
  lines: number;
}

interface Pass {
  files: number;
  lines: number;
  changed: number;
  /** molt: files it could not parse or where a unit crashed; lebab: files it threw on */
  errors: string[];
  wallMs: number;
  cpuMs: number;
}

const countLines = (source: string): number => source.split('\n').length;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Times `each` over `inputs`: wall clock and this process's CPU time. */
function timed(inputs: Input[], each: (input: Input, pass: Pass) => void): Pass {
  const pass: Pass = { files: 0, lines: 0, changed: 0, errors: [], wallMs: 0, cpuMs: 0 };
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const input of inputs) {
    pass.files++;
    pass.lines += input.lines;
    each(input, pass);
  }
  pass.wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  pass.cpuMs = (used.user + used.system) / 1000;
  return pass;
}

function moltPass(inputs: Input[]): Pass {
  const units = selectUnits({ runToStage: 'es2022' });
  return timed(inputs, (input, pass) => {
    const result = migrateSource(input.file, input.source, units);
    if (result.status === 'changed') pass.changed++;
    if (result.status === 'failed') pass.errors.push(`${input.file}: cannot parse`);
    const crash = result.diagnostics.find((d) => d.code === 'MOLT000');
    if (crash) pass.errors.push(`${input.file}: ${crash.message}`);
  });
}

function lebabPass(inputs: Input[]): Pass {
  return timed(inputs, (input, pass) => {
    try {
      const { code } = lebab.transform(input.source, LEBAB_TRANSFORMS) as { code: string };
      if (code !== input.source) pass.changed++;
    } catch (err) {
      pass.errors.push(`${input.file}: ${(err as Error).message.split('\n')[0]}`);
    }
  });
}

interface ToolResult {
  files: number;
  lines: number;
  changedFiles: number;
  errors: string[];
  wallMs: number[];
  cpuMs: number[];
  medianWallMs: number;
  medianCpuMs: number;
  /** lines / median wall seconds */
  locPerSec: number;
  /** lines / median CPU seconds of this process */
  locPerCpuSec: number;
}

function summarizeTool(passes: Pass[]): ToolResult {
  const first = passes[0]!;
  const medianWallMs = median(passes.map((p) => p.wallMs));
  const medianCpuMs = median(passes.map((p) => p.cpuMs));
  return {
    files: first.files,
    lines: first.lines,
    changedFiles: first.changed,
    errors: first.errors,
    wallMs: passes.map((p) => Math.round(p.wallMs)),
    cpuMs: passes.map((p) => Math.round(p.cpuMs)),
    medianWallMs: Math.round(medianWallMs),
    medianCpuMs: Math.round(medianCpuMs),
    locPerSec: Math.round(first.lines / (medianWallMs / 1000)),
    locPerCpuSec: Math.round(first.lines / (medianCpuMs / 1000)),
  };
}

async function fullPipeline(outTree: string): Promise<Record<string, unknown>> {
  fs.rmSync(outTree, { recursive: true, force: true });
  const cli = path.join(REPO, 'codemods', 'src', 'cli.ts');
  const started = performance.now();
  let exitCode = 0;
  let stderr = '';
  try {
    // as npm run migrate runs it: with the runtime samples
    const samples = path.join(REPO, 'codemods', 'samples', 'legacy.json');
    ({ stderr } = await run(process.execPath, ['--import', 'tsx', cli, 'migrate', LEGACY, '--out', outTree, '--samples', samples], {
      cwd: REPO,
      maxBuffer: 64 * 1024 * 1024,
    }));
  } catch (err) {
    // exit code 1: some file failed or type errors are left; still a timing
    const e = err as Error & { code?: number; stderr?: string };
    if (typeof e.code !== 'number') throw err;
    exitCode = e.code;
    stderr = e.stderr ?? '';
  }
  const wallMs = performance.now() - started;
  const reportFile = path.join(outTree, 'molt-report.json');
  const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : null;
  const tsStage = /typescript stage took ([\d.]+) s/.exec(stderr);
  const result: Record<string, unknown> = {
    command: `molt migrate legacy --out ${path.relative(REPO, outTree)}`,
    units: selectUnits().map((u) => u.name),
    exitCode,
    wallMs: Math.round(wallMs),
    /** the CLI's own figure: reading, file units and writing, without process start-up */
    fileUnitsMs: report ? Math.round(report.seconds * 1000) : null,
    typescriptStageMs: tsStage ? Math.round(Number(tsStage[1]) * 1000) : null,
    /** where the typescript stage's time went, step by step (its report's) */
    typescriptSteps: report?.typescript?.steps ?? null,
    files: report?.summary?.files ?? null,
    changed: report?.summary?.changed ?? null,
    linesIn: report?.linesIn ?? null,
    diagnostics: report?.summary?.diagnostics ?? null,
    stderrTail: exitCode && !report ? stderr.trim().split('\n').slice(-5) : undefined,
  };
  const tsconfig = path.join(outTree, 'tsconfig.json');
  if (!fs.existsSync(tsconfig)) {
    result.tsc = { ran: false, reason: 'no tsconfig.json in the output: no TS output yet' };
    return result;
  }
  const tsc = path.join(REPO, 'node_modules', '.bin', 'tsc');
  const tscStarted = performance.now();
  let out = '';
  let tscExit = 0;
  try {
    ({ stdout: out } = await run(tsc, ['-p', tsconfig], { cwd: REPO, maxBuffer: 64 * 1024 * 1024 }));
  } catch (err) {
    const e = err as Error & { code?: number; stdout?: string };
    if (typeof e.code !== 'number') throw err;
    tscExit = e.code;
    out = e.stdout ?? '';
  }
  result.tsc = {
    ran: true,
    command: `tsc -p ${path.relative(REPO, tsconfig)}`,
    wallMs: Math.round(performance.now() - tscStarted),
    exitCode: tscExit,
    errors: (out.match(/error TS\d+/g) ?? []).length,
  };
  return result;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      reps: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const quick = values.quick ?? false;
  const reps = quick ? 1 : Number(values.reps ?? 3);
  if (!Number.isInteger(reps) || reps < 1) throw new Error(`--reps must be a whole number ≥ 1, got "${values.reps}"`);
  const outDir = path.resolve(values.out ?? path.join(HERE, 'out'));
  fs.mkdirSync(outDir, { recursive: true });
  const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`);

  const inputs: Input[] = listTree(LEGACY).transform.map((rel) => {
    const source = fs.readFileSync(path.join(LEGACY, rel), 'utf8');
    return { set: 'legacy', file: `legacy/${rel}`, source, lines: countLines(source) };
  });
  const corpus = quick ? [] : listCorpus().files;
  for (const f of corpus) {
    const source = fs.readFileSync(f.abs, 'utf8');
    inputs.push({ set: 'corpus', file: `${f.pkg}/${f.rel}`, source, lines: countLines(source) });
  }
  const sets = (['legacy', 'corpus'] as const).filter((s) => inputs.some((i) => i.set === s));
  const corpusNote = quick
    ? 'not used (--quick)'
    : corpus.length
      ? `${corpus.length} files`
      : 'not fetched (npx tsx codemods/corpus/fetch.ts)';
  log(
    `${inputs.length} files, ${inputs.reduce((n, i) => n + i.lines, 0)} lines; corpus: ${corpusNote}; ${reps} repetition(s)`,
  );

  const units = selectUnits({ runToStage: 'es2022' });
  // warm-up: the JIT and both tools' lazy loading, on a few legacy files
  const warm: Input[] = [];
  for (const i of inputs) if (warm.reduce((n, w) => n + w.lines, 0) < 400) warm.push(i);
  log(`warm-up on ${warm.length} files`);
  moltPass(warm);
  lebabPass(warm);

  const passes: Record<'molt' | 'lebab', Record<string, Pass[]>> = { molt: {}, lebab: {} };
  for (let rep = 0; rep < reps; rep++) {
    // alternate which tool goes first, so drift in the machine's load hits both alike
    const order = rep % 2 ? (['lebab', 'molt'] as const) : (['molt', 'lebab'] as const);
    for (const tool of order) {
      for (const set of sets) {
        const mine = inputs.filter((i) => i.set === set);
        const pass = tool === 'molt' ? moltPass(mine) : lebabPass(mine);
        (passes[tool][set] ??= []).push(pass);
        log(`rep ${rep + 1}/${reps} ${tool} ${set}: ${pass.lines} lines in ${(pass.wallMs / 1000).toFixed(1)} s`);
      }
    }
  }

  const perSet = (tool: 'molt' | 'lebab'): Record<string, ToolResult> =>
    Object.fromEntries(sets.map((set) => [set, summarizeTool(passes[tool][set]!)]));
  const total = (tool: 'molt' | 'lebab'): ToolResult => {
    // the sets' passes of one repetition, added up
    const combined: Pass[] = Array.from({ length: reps }, (_, rep) => {
      const parts = sets.map((set) => passes[tool][set]![rep]!);
      return {
        files: parts.reduce((n, p) => n + p.files, 0),
        lines: parts.reduce((n, p) => n + p.lines, 0),
        changed: parts.reduce((n, p) => n + p.changed, 0),
        errors: parts.flatMap((p) => p.errors),
        wallMs: parts.reduce((n, p) => n + p.wallMs, 0),
        cpuMs: parts.reduce((n, p) => n + p.cpuMs, 0),
      };
    });
    return summarizeTool(combined);
  };
  const molt = { stage: 'es2022', units: units.map((u) => u.name), ...total('molt'), sets: perSet('molt') };
  const lebabVersion = (createRequire(import.meta.url)('lebab/package.json') as { version: string }).version;
  const leb = { version: lebabVersion, transforms: LEBAB_TRANSFORMS, ...total('lebab'), sets: perSet('lebab') };

  log('full pipeline on legacy (molt migrate, all stages)');
  const pipeline = await fullPipeline(path.join(outDir, 'legacy-out'));

  const report = {
    tool: 'molt-bench',
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    reps,
    node: process.version,
    inputs: Object.fromEntries(
      sets.map((set) => {
        const mine = inputs.filter((i) => i.set === set);
        return [set, { files: mine.length, lines: mine.reduce((n, i) => n + i.lines, 0) }];
      }),
    ),
    molt,
    lebab: leb,
    /** molt's LOC/s over lebab's: above 1, molt is faster */
    ratio: Number((molt.locPerSec / leb.locPerSec).toFixed(3)),
    ratioCpu: Number((molt.locPerCpuSec / leb.locPerCpuSec).toFixed(3)),
    fullPipeline: pipeline,
  };
  const jsonFile = path.join(outDir, 'molt-bench.json');
  fs.writeFileSync(jsonFile, JSON.stringify(report, null, 2) + '\n');

  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  const rows: string[][] = [];
  for (const set of [...sets, 'total']) {
    const m = set === 'total' ? molt : molt.sets[set]!;
    const l = set === 'total' ? leb : leb.sets[set]!;
    if (set === 'total' && sets.length < 2) continue;
    rows.push([
      set,
      String(m.files),
      String(m.lines),
      s(m.medianWallMs),
      String(m.locPerSec),
      s(l.medianWallMs),
      String(l.locPerSec),
      (m.locPerSec / l.locPerSec).toFixed(2),
      (m.locPerCpuSec / l.locPerCpuSec).toFixed(2),
    ]);
  }
  console.log(
    `molt es2022 (${molt.units.join(', ')}) vs lebab ${leb.version} (${LEBAB_TRANSFORMS.join(', ')}); median of ${reps}, one thread`,
  );
  console.log(
    table(['set', 'files', 'lines', 'molt', 'molt LOC/s', 'lebab', 'lebab LOC/s', 'molt/lebab', 'by CPU time'], rows),
  );
  console.log(
    `changed files: molt ${molt.changedFiles}, lebab ${leb.changedFiles}; errors: molt ${molt.errors.length}, lebab ${leb.errors.length}${leb.errors.length ? ` (${leb.errors.slice(0, 3).join('; ')}${leb.errors.length > 3 ? '; ...' : ''})` : ''}`,
  );
  const p = pipeline as {
    command: string;
    wallMs: number;
    fileUnitsMs: number | null;
    typescriptStageMs: number | null;
    typescriptSteps: { step: string; ms: number }[] | null;
    exitCode: number;
    units: string[];
    linesIn: number | null;
    tsc: Record<string, unknown>;
  };
  console.log(
    `full pipeline: ${p.command} (${p.units.length} file units${p.typescriptStageMs !== null ? ' + typescript stage' : ''}): ${s(p.wallMs)} wall` +
      `${p.fileUnitsMs !== null ? `, ${s(p.fileUnitsMs)} in the file units` : ''}${p.typescriptStageMs !== null ? `, ${s(p.typescriptStageMs)} in the typescript stage` : ''}` +
      `${p.linesIn ? `, ${Math.round(p.linesIn / (p.wallMs / 1000))} LOC/s end to end` : ''}; exit code ${p.exitCode}`,
  );
  if (p.typescriptSteps) console.log(`typescript stage by step: ${p.typescriptSteps.map((x) => `${x.step} ${s(x.ms)}`).join(', ')}`);
  console.log(
    p.tsc.ran
      ? `tsc: ${p.tsc.command}: ${s(p.tsc.wallMs as number)}, exit code ${p.tsc.exitCode}, ${p.tsc.errors} errors`
      : `tsc: not run: ${p.tsc.reason}`,
  );
  console.log(`bench: wrote ${path.relative(process.cwd(), jsonFile)}`);
}

await main();
