import path from 'node:path';
import { runEscomplex, ESCOMPLEX_VERSION, MAINTAINABILITY_FORMULA } from './analyzers/escomplex.js';
import { runEslintComplexity } from './analyzers/eslint-complexity.js';
import { runJscpd, type DuplicationResult } from './analyzers/jscpd.js';
import { JSINSPECT_THRESHOLD, runJsinspect, runSeedBaseline, type SeedBaseline } from './analyzers/jsinspect.js';
import { PLATO_VERSION, runPlato, type PlatoSummary } from './analyzers/plato.js';
import { collectTsFacts, type TsFacts } from './analyzers/ts-facts.js';
import { listLegacyFiles, listMigratedFiles } from './files.js';
import { assertAllRead, UnreadFilesError } from './guard.js';
import { loadOriginMap, matchOrigins, type Origins } from './origins.js';
import { stripTypes } from './strip.js';
import type { Clone, FileMetrics, FunctionComplexity, SideInput, SideName } from './types.js';

export interface SideReport {
  files: string[];
  /** files each analyzer read; the guard makes every entry equal to files.length */
  parsedCounts: Record<string, number>;
  duplication: { jscpd: DuplicationResult; jsinspect: { threshold: number; clusters: Clone[] } };
  functions: FunctionComplexity[];
  fileMetrics: FileMetrics[];
  summary: SideSummary;
}

export interface SideSummary {
  files: number;
  functions: number;
  slocLogical: number;
  slocPhysical: number;
  duplicationPercent: number;
  jscpdClones: number;
  jsinspectClusters: number;
  cyclomaticMean: number;
  cyclomaticMax: number;
  cognitiveMean: number;
  cognitiveMax: number;
  maintainabilityMean: number;
  halsteadVolumeTotal: number;
  halsteadBugsTotal: number;
}

export interface Report {
  schemaVersion: 1;
  generatedAt: string;
  commit: string;
  scope: string;
  tools: Record<string, string>;
  maintainabilityFormula: string;
  sides: Record<SideName, SideReport>;
  seedBaseline: SeedBaseline;
  plato: PlatoSummary;
  origins: Origins;
  tsFacts: TsFacts;
}

const round = (n: number, digits = 2): number => Number(n.toFixed(digits));
const mean = (xs: number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

function summarize(files: number, dup: DuplicationResult, clusters: Clone[], fns: FunctionComplexity[], metrics: FileMetrics[]): SideSummary {
  return {
    files,
    functions: fns.length,
    slocLogical: sum(metrics.map((m) => m.slocLogical)),
    slocPhysical: sum(metrics.map((m) => m.slocPhysical)),
    duplicationPercent: round(dup.percentage),
    jscpdClones: dup.clones.length,
    jsinspectClusters: clusters.length,
    cyclomaticMean: round(mean(fns.map((f) => f.cyclomatic))),
    cyclomaticMax: Math.max(0, ...fns.map((f) => f.cyclomatic)),
    cognitiveMean: round(mean(fns.map((f) => f.cognitive))),
    cognitiveMax: Math.max(0, ...fns.map((f) => f.cognitive)),
    maintainabilityMean: round(mean(metrics.map((m) => m.maintainability))),
    halsteadVolumeTotal: round(sum(metrics.map((m) => m.halsteadVolume)), 0),
    halsteadBugsTotal: round(sum(metrics.map((m) => m.halsteadBugs))),
  };
}

/** Runs every analyzer on one side; throws UnreadFilesError naming any file one of them could not read. */
export async function analyzeSide(input: SideInput): Promise<SideReport> {
  const jscpd = await runJscpd(input);
  const jsinspect = runJsinspect(input);
  const eslint = await runEslintComplexity(input);
  const escomplex = runEscomplex(input);
  const runs = [jscpd, jsinspect, eslint, escomplex];
  assertAllRead(input.side, input.files, runs);
  return {
    files: input.files.map((f) => f.displayPath),
    parsedCounts: Object.fromEntries(runs.map((r) => [r.analyzer, r.parsed.length])),
    duplication: { jscpd: jscpd.result, jsinspect: { threshold: JSINSPECT_THRESHOLD, clusters: jsinspect.result } },
    functions: eslint.result,
    fileMetrics: escomplex.result,
    summary: summarize(input.files.length, jscpd.result, jsinspect.result, eslint.result, escomplex.result),
  };
}

export interface BuildOptions {
  repoRoot: string;
  outDir: string;
  /** origins.json: which legacy file each migrated file came from */
  originMapFile: string;
  commit: string;
  tools: Record<string, string>;
}

export async function buildReport({ repoRoot, outDir, originMapFile, commit, tools }: BuildOptions): Promise<Report> {
  const legacyFiles = listLegacyFiles(repoRoot);
  const migratedSources = listMigratedFiles(repoRoot);
  const migratedFiles = stripTypes(migratedSources, repoRoot, path.join(outDir, 'stripped'));
  const originMap = loadOriginMap(originMapFile, legacyFiles.map((f) => f.displayPath), migratedFiles.map((f) => f.displayPath));
  const legacy = await analyzeSide({ side: 'legacy', files: legacyFiles, sourceType: 'commonjs' });
  const migrated = await analyzeSide({ side: 'migrated', files: migratedFiles, sourceType: 'module' });
  const plato = await runPlato(legacyFiles, outDir);
  assertAllRead('legacy', legacyFiles, [plato]);
  const seedBaseline = runSeedBaseline(repoRoot, legacyFiles);
  if (seedBaseline.parseErrors.length > 0) {
    throw new UnreadFilesError(seedBaseline.parseErrors.map((e) => ({ analyzer: 'jsinspect-plus (seed CLI)', side: 'legacy', file: e, reason: 'parse error' })));
  }
  return {
    schemaVersion: 1,
    generatedAt: new Date().toISOString(),
    commit,
    scope:
      'legacy: legacy/**/*.js without node_modules, libs, data dirs, and of public/ only the client in public/js (vendored jQuery and socket.io live in public/libs); migrated: migrated/{src,conf,config,web}/**/*.ts (web/ is the TypeScript client that replaced public/js), types stripped by esbuild (esnext, esm).',
    tools: { ...tools, 'typhonjs-escomplex': ESCOMPLEX_VERSION, plato: PLATO_VERSION },
    maintainabilityFormula: MAINTAINABILITY_FORMULA,
    sides: { legacy, migrated },
    seedBaseline,
    plato: plato.result,
    origins: matchOrigins(originMap, path.relative(repoRoot, originMapFile), legacy.functions, migrated.functions),
    tsFacts: collectTsFacts(migratedSources),
  };
}
