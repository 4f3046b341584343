import path from 'node:path';
import { runSeedBaseline, type SeedBaseline } from './analyzers/jsinspect.js';
import { ESCOMPLEX_VERSION, MAINTAINABILITY_FORMULA } from './analyzers/escomplex.js';
import { PLATO_VERSION, type PlatoSummary } from './analyzers/plato.js';
import type { TsFacts } from './analyzers/ts-facts.js';
import { listLegacyFiles, listMigratedFiles } from './files.js';
import { assertAllRead, UnreadFilesError } from './guard.js';
import { loadOriginMap, matchOrigins, type Origins } from './origins.js';
import { remapToSource } from './remap.js';
import { startSecondProcess } from './second-process.js';
import { assembleSide, type SideReport } from './side.js';
import { stripTypes } from './strip.js';
import type { SideInput, SideName } from './types.js';

export type { SideReport, SideSummary } from './side.js';

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

export interface BuildOptions {
  repoRoot: string;
  outDir: string;
  /** origins.json: which legacy file each migrated file came from */
  originMapFile: string;
  commit: string;
  tools: Record<string, string>;
}

export async function buildReport({ repoRoot, outDir, originMapFile, commit, tools }: BuildOptions): Promise<Report> {
  // Three processes at once: eslint here, the other analyzers in a second one (second-process.ts), the seed's
  // CLI in a third. Both start before this one loads an analyzer.
  const secondProcess = startSecondProcess();
  const legacyInput: SideInput = { side: 'legacy', files: listLegacyFiles(repoRoot), sourceType: 'commonjs' };
  const sources = listMigratedFiles(repoRoot);
  const stripped = stripTypes(sources, repoRoot, path.join(outDir, 'stripped'));
  const plainFiles = stripped.map(({ absPath, displayPath }) => ({ absPath, displayPath }));
  const migratedInput: SideInput = { side: 'migrated', files: plainFiles, sourceType: 'module' };
  const second = secondProcess.run({ legacy: legacyInput, migrated: migratedInput, outDir });
  const seed = runSeedBaseline(repoRoot, legacyInput.files);
  // a rejection must not go unhandled while this process works; it is awaited below (second's answer already
  // carries its own catch)
  seed.catch(() => undefined);
  const { runEslintComplexity } = await import('./analyzers/eslint-complexity.js');
  const { collectTsFacts } = await import('./analyzers/ts-facts.js');
  const legacyEslint = await runEslintComplexity(legacyInput);
  const migratedEslint = await runEslintComplexity(migratedInput);
  const tsFacts = collectTsFacts(sources);
  const [elsewhere, seedBaseline] = await Promise.all([second, seed]);
  const legacy = assembleSide(legacyInput, { ...elsewhere.legacy, eslint: legacyEslint });
  const migrated = remapToSource(assembleSide(migratedInput, { ...elsewhere.migrated, eslint: migratedEslint }), stripped);
  assertAllRead('legacy', legacyInput.files, [elsewhere.plato]);
  if (seedBaseline.parseErrors.length > 0) {
    throw new UnreadFilesError(seedBaseline.parseErrors.map((e) => ({ analyzer: 'jsinspect-plus (seed CLI)', side: 'legacy', file: e, reason: 'parse error' })));
  }
  const originMap = loadOriginMap(originMapFile, legacy.files, migrated.files);
  const plato = elsewhere.plato;
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
    tsFacts,
  };
}
