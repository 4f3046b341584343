import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../harness/src/targets.js';
import type { StageDef } from './types.js';

const bin = (name: string): string => path.join(REPO_ROOT, 'node_modules', '.bin', name);
const exists = (rel: string): boolean => fs.existsSync(path.join(REPO_ROOT, rel));
const line = (re: RegExp) => (output: string): string | null => output.match(re)?.[0]?.trim() ?? null;

export const MOLT_OUT = '.tmp/molt-out';

/**
 * PARROT_CONTRACT_GREP runs only the contract tests whose titles match (mocha's --grep) in the contract stages:
 * the main job's own test uses it, as the same mocha run checks every contract suite on both targets.
 */
const contractGrep = (): string[] => (process.env.PARROT_CONTRACT_GREP ? ['--grep', process.env.PARROT_CONTRACT_GREP] : []);

/** tsc prints nothing on success and one "error TS" line per error */
function tscTotals(output: string): string {
  const errors = output.match(/error TS\d+/g)?.length ?? 0;
  return `${errors} type error${errors === 1 ? '' : 's'}`;
}

/** In pipeline order (the order of the summary); `priority` says which start first. */
export const STAGES: StageDef[] = [
  {
    name: 'migrate',
    priority: 0,
    after: [],
    requires: [],
    missing: () => (exists('codemods/src/cli.ts') ? null : 'molt (codemods/) is not built yet'),
    steps: [
      { command: [bin('tsx'), 'codemods/src/cli.ts', 'migrate', 'legacy', '--out', MOLT_OUT, '--samples', 'codemods/samples/legacy.json'] },
      {
        command: [bin('tsx'), 'codemods/src/ledger.ts', MOLT_OUT, 'migrated'],
        unless: () => (exists('codemods/src/ledger.ts') && exists('migrated/src') ? null : 'no hand-edit ledger (codemods/src/ledger.ts or migrated/src is absent)'),
      },
    ],
    rerun: 'npm run migrate',
    totals: (output) => line(/^molt hand-edit ledger:.*$/m)(output) ?? line(/^molt: \d+ lines in .*$/m)(output),
  },
  {
    name: 'typecheck',
    priority: 3,
    after: [],
    requires: [],
    missing: () => null,
    steps: [{ command: [bin('tsc'), '-p', 'tsconfig.json'] }],
    rerun: 'npm run typecheck',
    totals: tscTotals,
  },
  {
    name: 'contract:legacy',
    priority: 2,
    after: [],
    requires: [],
    missing: () => null,
    steps: [{ command: [bin('tsx'), 'harness/src/cli/contract.ts', '--target=legacy', ...contractGrep()] }],
    rerun: 'npm run contract -- --target=legacy',
    totals: line(/^\d+ passed, \d+ failed.*$/m),
  },
  {
    name: 'contract:migrated',
    priority: 1,
    after: [],
    requires: [],
    missing: () => (exists('migrated/src/server.ts') ? null : 'migrated/ has no service yet'),
    steps: [{ command: [bin('tsx'), 'harness/src/cli/contract.ts', '--target=migrated', ...contractGrep()] }],
    rerun: 'npm run contract -- --target=migrated',
    totals: line(/^\d+ passed, \d+ failed.*$/m),
  },
  {
    name: 'replay',
    priority: 4,
    after: [],
    requires: [],
    missing: () => (exists('migrated/src/server.ts') ? null : 'migrated/ has no service yet'),
    steps: [{ command: [bin('tsx'), 'harness/replay/cli.ts', '--a=legacy', '--b=migrated'] }],
    rerun: 'npm run replay -- --a=legacy --b=migrated',
    totals: line(/^\d+ steps, \d+ differences.*$/m),
  },
  {
    name: 'typecheck:molt-out',
    priority: 5,
    after: ['migrate'],
    requires: ['migrate'],
    missing: () => (exists(`${MOLT_OUT}/tsconfig.json`) ? null : 'molt wrote no TypeScript'),
    steps: [{ command: [bin('tsc'), '-p', `${MOLT_OUT}/tsconfig.json`] }],
    rerun: `npx tsc -p ${MOLT_OUT}/tsconfig.json`,
    totals: tscTotals,
  },
  {
    name: 'report',
    priority: 6,
    after: ['migrate'],
    requires: [],
    missing: () => (exists('reports/src/cli.ts') ? null : 'reports/ is not built yet'),
    steps: [{ command: [bin('tsx'), 'reports/src/cli.ts'] }],
    rerun: 'npm run report',
    totals: line(/^report: wrote .*$/m),
  },
];

export const STAGE_NAMES: readonly string[] = STAGES.map((s) => s.name);
