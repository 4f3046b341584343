import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type escomplexModule from 'typhonjs-escomplex';
import type { AnalyzerRun, FileMetrics, SideInput } from '../types.js';

const require = createRequire(import.meta.url);
export const ESCOMPLEX_VERSION: string = (require('typhonjs-escomplex/package.json') as { version: string }).version;

/**
 * As typhonjs-escomplex 0.1.0 computes it (ModuleMetricPostAverage.calculateMaintainabilityIndex), from per-function
 * means. Its source says 0.23·ln(mean cyclomatic), but operator precedence makes the code subtract ln(mean cyclomatic).
 */
export const MAINTAINABILITY_FORMULA =
  'MI = 171 − 3.42·ln(mean Halstead effort) − ln(mean cyclomatic) − 16.2·ln(mean logical SLOC), capped at 171, not rebased (newmi: false)';

export function runEscomplex(input: SideInput): AnalyzerRun<FileMetrics[]> {
  // required here, so that the report's parent process, which only needs the version above, never loads it
  const escomplex = require('typhonjs-escomplex') as typeof escomplexModule;
  const run: AnalyzerRun<FileMetrics[]> = { analyzer: 'escomplex', parsed: [], failures: [], result: [] };
  for (const file of input.files) {
    try {
      const report = escomplex.analyzeModule(readFileSync(file.absPath, 'utf8'), {}, { sourceType: input.sourceType === 'module' ? 'module' : 'script' });
      run.parsed.push(file.displayPath);
      run.result.push({
        file: file.displayPath,
        slocPhysical: report.aggregate.sloc.physical,
        slocLogical: report.aggregate.sloc.logical,
        maintainability: report.maintainability,
        halsteadVolume: report.aggregate.halstead.volume,
        halsteadEffort: report.aggregate.halstead.effort,
        halsteadDifficulty: report.aggregate.halstead.difficulty,
        halsteadBugs: report.aggregate.halstead.bugs,
      });
    } catch (error) {
      run.failures.push({ file: file.displayPath, message: (error as Error).message });
    }
  }
  return run;
}
