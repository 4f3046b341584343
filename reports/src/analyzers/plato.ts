import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { format } from 'node:util';
import type { AnalyzerRun, SourceFile } from '../types.js';

const require = createRequire(import.meta.url);

interface PlatoApi {
  inspect(files: string[], outputDir: string, options: { title: string; q?: boolean }, done: () => void): void;
}
export const PLATO_VERSION: string = (require('plato/package.json') as { version: string }).version;

/** What report.json (plato's own overview) holds; only the fields read here. */
interface PlatoOverview {
  summary: { total: { sloc: number; jshint: number }; average: { maintainability: string; sloc: number } };
  reports: { info: { file: string } }[];
}

export interface PlatoSummary {
  /** index.html of plato's own report, relative to the report's out dir */
  index: string;
  files: number;
  maintainabilityAverage: number;
  slocTotal: number;
  jshintMessages: number;
  notRunOnMigrated: string;
}

export const PLATO_DIR = 'plato';
const NOT_ON_MIGRATED =
  "plato 1.7's parser predates the syntax migrated uses (it rejects ?? and ?. among others, so it would drop most migrated files), so it runs on legacy only, as the seed ran it; migrated's figures come from the other analyzers.";

/**
 * The seed's historical baseline: plato on legacy's ES5 files. Plato logs a file it cannot parse and leaves it out
 * of its report, so the files read are taken from its own report.json and the guard compares them with the list.
 */
export async function runPlato(files: SourceFile[], outDir: string): Promise<AnalyzerRun<PlatoSummary>> {
  // required here: loading plato (and jshint under it) is only for the process that runs it
  const plato = require('plato') as PlatoApi;
  const platoDir = path.join(outDir, PLATO_DIR);
  const logged: string[] = [];
  const original = console.log;
  // plato reports a parse failure with console.log and goes on; keep the lines to give the guard a reason
  console.log = (...args: unknown[]) => logged.push(format(...args));
  try {
    await new Promise<void>((resolve) => {
      plato.inspect(
        files.map((f) => f.absPath),
        platoDir,
        { title: 'parrot legacy (plato, the seed baseline)' },
        resolve,
      );
    });
  } finally {
    console.log = original;
  }
  const overview = JSON.parse(readFileSync(path.join(platoDir, 'report.json'), 'utf8')) as PlatoOverview;
  const read = new Set(overview.reports.map((r) => path.resolve(r.info.file)));
  return {
    analyzer: 'plato',
    parsed: files.filter((f) => read.has(path.resolve(f.absPath))).map((f) => f.displayPath),
    failures: files
      .filter((f) => !read.has(path.resolve(f.absPath)))
      .map((f) => ({ file: f.displayPath, message: logged.find((l) => l.includes(f.absPath)) ?? 'not in plato report.json' })),
    result: {
      index: `${PLATO_DIR}/index.html`,
      files: overview.reports.length,
      maintainabilityAverage: Number(overview.summary.average.maintainability),
      slocTotal: overview.summary.total.sloc,
      jshintMessages: overview.summary.total.jshint,
      notRunOnMigrated: NOT_ON_MIGRATED,
    },
  };
}
