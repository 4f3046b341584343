/**
 * npm start: the main job. Runs every stage that exists (molt migrate, type-check,
 * contracts on legacy and migrated, quality report), says plainly which stages
 * are not there yet, and writes reports/out/summary.json.
 * Exit code non-zero when a stage that exists fails, naming it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../harness/src/targets.js';

type Status = 'passed' | 'failed' | 'not available';

interface Stage {
  name: string;
  /** null when the stage can run, else why not */
  missing: () => string | null;
  command: string[];
}

interface StageResult {
  name: string;
  status: Status;
  seconds: number;
  detail: string;
}

const bin = (name: string): string => path.join(REPO_ROOT, 'node_modules', '.bin', name);
const exists = (rel: string): boolean => fs.existsSync(path.join(REPO_ROOT, rel));

const STAGES: Stage[] = [
  {
    name: 'migrate',
    missing: () => (exists('codemods/src/cli.ts') ? null : 'molt (codemods/) is not built yet'),
    command: [bin('tsx'), 'codemods/src/cli.ts', 'migrate', 'legacy', '--out', '.tmp/molt-out'],
  },
  { name: 'typecheck', missing: () => null, command: [bin('tsc'), '-p', 'tsconfig.json'] },
  {
    name: 'typecheck:molt-out',
    missing: () => (exists('.tmp/molt-out/tsconfig.json') ? null : 'molt wrote no TypeScript'),
    command: [bin('tsc'), '-p', '.tmp/molt-out/tsconfig.json'],
  },
  {
    name: 'contract:legacy',
    missing: () => null,
    command: [bin('tsx'), 'harness/src/cli/contract.ts', '--target=legacy'],
  },
  {
    name: 'contract:migrated',
    missing: () => (exists('migrated/src/server.ts') ? null : 'migrated/ has no service yet'),
    command: [bin('tsx'), 'harness/src/cli/contract.ts', '--target=migrated'],
  },
  {
    name: 'replay',
    missing: () => (exists('migrated/src/server.ts') ? null : 'migrated/ has no service yet'),
    command: [bin('tsx'), 'harness/replay/cli.ts', '--a=legacy', '--b=migrated'],
  },
  {
    name: 'report',
    missing: () => (exists('reports/src/cli.ts') ? null : 'reports/ is not built yet'),
    command: [bin('tsx'), 'reports/src/cli.ts'],
  },
];

function run(stage: Stage): Promise<StageResult> {
  const started = Date.now();
  const reason = stage.missing();
  if (reason) return Promise.resolve({ name: stage.name, status: 'not available', seconds: 0, detail: reason });
  return new Promise((resolve) => {
    const [command, ...args] = stage.command as [string, ...string[]];
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer): void => {
      output += chunk.toString();
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('close', (code) => {
      const totals = output.match(/^\d+ passed, \d+ failed.*$/m)?.[0] ?? output.match(/^\d+ steps, \d+ differences.*$/m)?.[0];
      const lastLines = output.trim().split('\n').slice(-15).join('\n');
      resolve({
        name: stage.name,
        status: code === 0 ? 'passed' : 'failed',
        seconds: (Date.now() - started) / 1000,
        detail: totals ?? (code === 0 ? 'ok' : lastLines),
      });
    });
  });
}

const results: StageResult[] = [];
for (const stage of STAGES) {
  process.stdout.write(`parrot main job: ${stage.name} ... `);
  const result = await run(stage);
  results.push(result);
  console.log(`${result.status} (${result.seconds.toFixed(1)} s)`);
  if (result.status === 'failed') console.log(result.detail.replace(/^/gm, '    '));
}

const outDir = path.join(REPO_ROOT, 'reports', 'out');
fs.mkdirSync(outDir, { recursive: true });
const summaryFile = path.join(outDir, 'summary.json');
fs.writeFileSync(summaryFile, JSON.stringify({ date: new Date().toISOString(), stages: results }, null, 2) + '\n');

console.log('\nstage               status          time    detail');
for (const r of results) {
  console.log(`${r.name.padEnd(20)}${r.status.padEnd(16)}${`${r.seconds.toFixed(1)} s`.padEnd(8)}${r.detail.split('\n')[0]}`);
}
console.log(`\nsummary: ${path.relative(process.cwd(), summaryFile)}`);
const failed = results.filter((r) => r.status === 'failed').map((r) => r.name);
if (failed.length) {
  console.error(`parrot main job failed at: ${failed.join(', ')}`);
  process.exit(1);
}
