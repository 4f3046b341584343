import type { Break } from '../budgets.js';
import type { Report, SideSummary } from '../report.js';

const ROWS: [keyof SideSummary, string][] = [
  ['files', 'files'],
  ['functions', 'functions'],
  ['slocLogical', 'logical SLOC'],
  ['duplicationPercent', 'duplication % (jscpd)'],
  ['jscpdClones', 'jscpd clones'],
  ['jsinspectClusters', 'jsinspect-plus clusters (t=30)'],
  ['cyclomaticMean', 'cyclomatic, mean per function'],
  ['cyclomaticMax', 'cyclomatic, max'],
  ['cognitiveMean', 'cognitive, mean per function'],
  ['cognitiveMax', 'cognitive, max'],
  ['maintainabilityMean', 'maintainability, mean per file'],
  ['halsteadBugsTotal', 'Halstead bugs, total'],
];

/** A summary small enough for a PR comment. */
export function renderMarkdown(report: Report, breaks: Break[] | undefined): string {
  const { legacy, migrated } = report.sides;
  const lines = [
    `## parrot quality: legacy vs migrated (${report.commit.slice(0, 8)})`,
    '',
    '| metric | legacy | migrated |',
    '| --- | ---: | ---: |',
    ...ROWS.map(([key, label]) => `| ${label} | ${legacy.summary[key]} | ${migrated.summary[key]} |`),
    '',
    `TypeScript (migrated): ${report.tsFacts.anyTypeNodes} \`any\`, ${report.tsFacts.tsExpectError} @ts-expect-error, ${report.tsFacts.tsIgnore} @ts-ignore, ${report.tsFacts.exportedFunctionsWithoutReturnType.length} exported functions without a return type.`,
    '',
    `Seed baseline \`${report.seedBaseline.command}\`: ${report.seedBaseline.clusters} clusters over ${report.seedBaseline.filesScanned.length} files.`,
    '',
    `Plato (legacy only, the seed's tool): ${report.plato.files} files, maintainability ${report.plato.maintainabilityAverage} mean, ${report.plato.slocTotal} SLOC; report in ${report.plato.index}. Not run on migrated: ${report.plato.notRunOnMigrated}`,
    '',
    `Origins (${report.origins.mapping}): ${report.origins.coverage.withOrigin} of ${report.origins.coverage.functions} migrated functions (${report.origins.coverage.percent} %) have a legacy origin; ${report.origins.coverage.new} are new and not compared.`,
    '',
    `Scope: ${report.scope}`,
    '',
    `Maintainability (typhonjs-escomplex ${report.tools['typhonjs-escomplex']}): ${report.maintainabilityFormula}.`,
  ];
  if (breaks) {
    lines.push('', breaks.length === 0 ? '**Budgets: all met.**' : `**Budgets: ${breaks.length} broken**`, ...breaks.map((b) => `- ${b.budget}: ${b.detail}`));
  }
  return lines.join('\n') + '\n';
}
