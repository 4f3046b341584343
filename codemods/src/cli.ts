/**
 * molt nibble <dir> ...: see nibble/command.ts
 * molt record [--out file] [--grep text]: see samples/record.ts
 * molt migrate <src> --out <dir> [--only a,b] [--skip a,b] [--run-to-stage s]
 *                  [--dry] [--diff] [--json] [--workers N] [--report file] [--samples file]
 * Exit code: 0 done, 1 some file could not be parsed or a unit crashed, 2 bad usage.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createTwoFilesPatch } from 'diff';
import { listTree } from './files.js';
import type { TsReport } from './passes/js-to-ts.js';
import type { Selection } from './pipeline.js';
import { DEFAULT_SAMPLES, record, type Samples } from './samples/record.js';
import { TypeScriptStage } from './ts-stage.js';
import { renderTable, summarize } from './summary.js';
import { STAGES, type StageName } from './unit.js';

function usage(message: string): never {
  console.error(`molt: ${message}`);
  console.error('usage: molt migrate <src> --out <dir> [--only a,b] [--skip a,b] [--run-to-stage stage] [--dry] [--diff] [--json] [--workers N] [--samples file]');
  console.error('       molt record [--out <samples.json>] [--grep <contract test filter>]');
  console.error('       molt nibble <dir> [--status] [--rule <name>] [--commit] [--only a,b] [--test-cmd <cmd>] [--json]');
  process.exit(2);
}

const list = (value: string | undefined): string[] | undefined => value?.split(',').map((s) => s.trim()).filter(Boolean);

function progress(done: number, total: number, file: string): void {
  if (!process.stderr.isTTY) return;
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} ${file.slice(-40).padEnd(40)}`);
  if (done === total) process.stderr.write('\n');
}

/** The packages a tree's package.json depends on: what its modules import. */
function dependenciesOf(src: string): string[] {
  const file = path.join(src, 'package.json');
  if (!fs.existsSync(file)) return [];
  try {
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { dependencies?: Record<string, string> };
    return Object.keys(pkg.dependencies ?? {});
  } catch {
    // a broken manifest is the file units' to report: the stage only reads less ahead
    return [];
  }
}

async function migrate(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      only: { type: 'string' },
      skip: { type: 'string' },
      'run-to-stage': { type: 'string' },
      dry: { type: 'boolean', default: false },
      diff: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      workers: { type: 'string' },
      report: { type: 'string' },
      samples: { type: 'string' },
    },
  });
  const src = positionals[0];
  if (!src) usage('missing <src>');
  if (!fs.existsSync(src) || !fs.statSync(src).isDirectory()) usage(`${src} is not a directory`);
  if (!values.out && !values.dry) usage('missing --out <dir> (or --dry)');
  // starting a worker (and its TypeScript loader) costs about a second: small trees run faster in one thread
  const workers = values.workers === undefined ? -1 : Number(values.workers);
  if (values.workers !== undefined && (!Number.isInteger(workers) || workers < 0)) {
    usage(`--workers must be a whole number, got "${values.workers}"`);
  }
  const stage = values['run-to-stage'];
  if (stage && !STAGES.includes(stage as StageName)) usage(`--run-to-stage must be one of ${STAGES.join(', ')}`);
  const selection: Selection = { only: list(values.only), skip: list(values.skip), runToStage: stage as StageName | undefined };
  // the TypeScript stage's worker starts first, before molt's units load: meanwhile it loads TypeScript and reads the
  // packages' declarations (ts-stage.ts); it stops at once if the selection leaves the stage out
  let tsStage = values.out && !values.dry ? new TypeScriptStage(path.resolve(values.out), dependenciesOf(src)) : null;
  const [{ passSelected, selectUnits }, { applyConfigLayers }, { PASSES }, { migrateAll }] = await Promise.all([
    import('./pipeline.js'),
    import('./project.js'),
    import('./registry.js'),
    import('./run.js'),
  ]);
  if (tsStage && !passSelected('js-to-ts', selection)) {
    await tsStage.stop();
    tsStage = null;
  }
  let units;
  try {
    units = selectUnits(selection);
  } catch (err) {
    usage((err as Error).message.replace(/^molt: /, ''));
  }

  const tree = listTree(src);
  // units get absolute paths (cjs-to-esm reads the modules a file requires); reports show paths relative to src
  const root = path.resolve(src);
  const inputs = tree.transform.map((file) => ({ file: path.join(root, file), source: fs.readFileSync(path.join(src, file), 'utf8') }));
  let done = 0;
  const started = Date.now();
  const threads = workers >= 0 ? workers : inputs.length >= 200 ? 2 : 0;
  const results = await migrateAll(inputs, selection, threads, (r) => progress(++done, inputs.length, r.file));
  const seconds = (Date.now() - started) / 1000;
  for (const r of results) {
    r.file = path.relative(root, r.file);
    for (const d of r.diagnostics) d.file = path.relative(root, d.file);
  }
  for (const input of inputs) input.file = path.relative(root, input.file);

  // the project pass reads the package manifest and the scripts besides the sources
  const others = new Map(tree.copy.filter((f) => /\.(json|sh)$/.test(f)).map((f) => [f, fs.readFileSync(path.join(src, f), 'utf8')]));
  const project = passSelected('config-layers', selection) ? applyConfigLayers(results, others) : { write: new Map<string, string>(), remove: new Set<string>() };

  if (values.out && !values.dry) {
    const out = values.out;
    const put = (rel: string, text: string | null): void => {
      fs.mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
      if (text === null) fs.copyFileSync(path.join(src, rel), path.join(out, rel));
      else fs.writeFileSync(path.join(out, rel), text);
    };
    for (const rel of tree.copy) if (!project.remove.has(rel)) put(rel, project.write.get(rel) ?? null);
    for (const r of results) if (r.status !== 'removed') put(r.file, r.source);
  }
  let typescript: TsReport | null = null;
  if (values.out && tsStage) {
    const tsStarted = Date.now();
    const js = results.filter((r) => (r.status === 'changed' || r.status === 'unchanged') && r.file.endsWith('.js'));
    const samples = values.samples ? (JSON.parse(fs.readFileSync(values.samples, 'utf8')) as Samples) : undefined;
    typescript = await tsStage.run({ outDir: values.out, relFiles: js.map((r) => r.file), samples });
    const steps = typescript.steps.map((s) => `${s.step} ${(s.ms / 1000).toFixed(1)}`).join(', ');
    console.error(`molt: typescript stage took ${((Date.now() - tsStarted) / 1000).toFixed(1)} s (${steps})`);
  }
  if (values.diff) {
    const before = new Map(inputs.map((i) => [i.file, i.source]));
    for (const r of results) {
      const was = before.get(r.file) ?? '';
      const now = r.status === 'removed' ? '' : r.source;
      if (now !== was) process.stdout.write(createTwoFilesPatch(before.has(r.file) ? `a/${r.file}` : '/dev/null', r.status === 'removed' ? '/dev/null' : `b/${r.file}`, was, now));
    }
  }
  const summary = summarize(results, [...units, ...PASSES.filter((p) => p.kind === 'project' && passSelected(p.name, selection))]);
  const report = {
    tool: 'molt',
    src,
    out: values.dry ? null : values.out,
    seconds,
    linesIn: inputs.reduce((n, i) => n + i.source.split('\n').length, 0),
    summary,
    typescript,
    files: results.map((r) => ({ file: r.file, status: r.status, units: r.units, diagnostics: r.diagnostics })),
  };
  const reportFile = values.report ?? (values.out && !values.dry ? path.join(values.out, 'molt-report.json') : undefined);
  if (reportFile) fs.writeFileSync(reportFile, JSON.stringify(report, null, 2) + '\n');
  if (values.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  } else {
    console.log(renderTable(summary));
    console.log(`molt: ${report.linesIn} lines in ${seconds.toFixed(2)} s${reportFile ? `; per-file report: ${reportFile}` : ''}`);
    for (const file of summary.failed) console.log(`molt: ${file} could not be parsed and was copied unchanged`);
    if (typescript) {
      console.log(
        `molt: typescript: ${typescript.files} files, ${typescript.inferred} types inferred from usage, ${typescript.fromJsDoc} from JSDoc, ` +
          `${typescript.declaredMembers} members declared, ${typescript.expressHandlers} parameters of Express handlers typed, ${typescript.tableParams} of functions called through a table, ${typescript.optionalParams} parameters made optional, ${typescript.records} objects used as maps typed Record<string, T>, ${typescript.filledLiterals} objects typed with the properties set on them later, ${typescript.anys.length} any (MOLT161), ` +
          `${typescript.suppressed.length} errors marked @ts-expect-error (MOLT160), ${typescript.errors.length} errors left` +
          (typescript.fromSamples
            ? `; from runtime samples: ${typescript.fromSamples.typed} parameters typed (${typescript.fromSamples.reverted} taken back: type errors), ${typescript.fromSamples.returns} return types (${typescript.fromSamples.returnsReverted} taken back), ${typescript.fromSamples.named} object shapes named in types/sampled.ts, ${typescript.fromSamples.unsuppressed} @ts-expect-error made unused and removed`
            : '') +
          (typescript.socketEvents
            ? `; Socket.io event maps in ${typescript.socketEvents.file}: ${typescript.socketEvents.clientEvents} client events, ${typescript.socketEvents.serverEvents} server events`
            : ''),
      );
    }
  }
  const crashed = results.some((r) => r.diagnostics.some((d) => d.code === 'MOLT000'));
  return summary.failed.length || crashed || (typescript && typescript.errors.length) ? 1 : 0;
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'migrate') {
  process.exitCode = await migrate(rest);
} else if (command === 'nibble') {
  const { nibble } = await import('./nibble/command.js');
  process.exitCode = await nibble(rest);
} else if (command === 'record') {
  const { values } = parseArgs({ args: rest, options: { out: { type: 'string', default: DEFAULT_SAMPLES }, grep: { type: 'string' } } });
  const started = Date.now();
  try {
    const r = record(values.out, values.grep);
    console.log(`molt record: ${r.sites} functions sampled over ${r.calls} calls while the contract suites ran on legacy (${r.contract}); wrote ${path.relative(process.cwd(), values.out)} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
  }
} else {
  usage(command ? `unknown command "${command}"` : 'missing command');
}
