import type { DuplicationResult } from './analyzers/jscpd.js';
import { JSINSPECT_THRESHOLD } from './analyzers/jsinspect.js';
import { assertAllRead } from './guard.js';
import type { AnalyzerRun, Clone, FileMetrics, FunctionComplexity, SideInput } from './types.js';

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

/** Every analyzer's run on one side; the report computes them in two processes and puts them together here. */
export interface SideRuns {
  jscpd: AnalyzerRun<DuplicationResult>;
  jsinspect: AnalyzerRun<Clone[]>;
  eslint: AnalyzerRun<FunctionComplexity[]>;
  escomplex: AnalyzerRun<FileMetrics[]>;
}

/** Puts one side's analyzer runs together; throws UnreadFilesError naming any file one of them could not read. */
export function assembleSide(input: SideInput, { jscpd, jsinspect, eslint, escomplex }: SideRuns): SideReport {
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

/** Runs every analyzer on one side, in this process. The analyzers load on first use: the report's parent imports
 * this module for assembleSide and must not load what its second process runs. */
export async function analyzeSide(input: SideInput): Promise<SideReport> {
  const { runJscpd } = await import('./analyzers/jscpd.js');
  const { runJsinspect } = await import('./analyzers/jsinspect.js');
  const { runEslintComplexity } = await import('./analyzers/eslint-complexity.js');
  const { runEscomplex } = await import('./analyzers/escomplex.js');
  const jscpd = await runJscpd(input);
  return assembleSide(input, { jscpd, jsinspect: runJsinspect(input), eslint: await runEslintComplexity(input), escomplex: runEscomplex(input) });
}
