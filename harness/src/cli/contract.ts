/**
 * npm run contract -- --target=legacy|migrated|<url> [--grep <text>]
 * Runs the contract suites against one target and prints the totals.
 * Exit code: 0 all passed, 1 a test failed, 2 bad usage, 3 target not available.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT, TARGETS, isUrlTarget } from '../targets.js';

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: process.env.TARGET ?? 'legacy' },
    grep: { type: 'string' },
  },
});
const target = values.target ?? 'legacy';

if (!isUrlTarget(target)) {
  const spec = TARGETS[target];
  if (!spec) {
    console.error(`parrot contract: unknown target "${target}"; use legacy, migrated or a URL`);
    process.exit(2);
  }
  const reason = spec.unavailableReason();
  if (reason) {
    console.log(`parrot contract: ${target} is not available: ${reason}`);
    console.log('0 passed, 0 failed, 0 skipped');
    process.exit(3);
  }
}

const mocha = path.join(REPO_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
const args = [
  mocha,
  '--no-config',
  '--node-option', 'import=tsx',
  '--reporter', path.join(REPO_ROOT, 'harness', 'src', 'mocha-totals-reporter.cjs'),
  '--timeout', '20000',
  '--exit',
  ...(values.grep ? ['--grep', values.grep] : []),
  'harness/contract/**/*.test.ts',
];
const run = spawnSync(process.execPath, args, { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, TARGET: target } });
process.exit(run.status ?? 1);
