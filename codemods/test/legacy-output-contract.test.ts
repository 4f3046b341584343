import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitFor } from '../../harness/src/ports.js';
import { startProcess } from '../../harness/src/processes.js';
import { REPO_ROOT } from '../../harness/src/targets.js';

/**
 * The proof that matters: molt's JavaScript output of legacy (es2022 + async
 * stages) still keeps parrot's contract. It is started like legacy and the
 * single-process contract suites run against it by URL.
 */
describe('molt output of legacy keeps the contract', function () {
  this.timeout(300_000);
  // inside the repo: the output imports legacy's packages from the repo's node_modules
  let out = '';
  let data = '';
  before(() => {
    fs.mkdirSync(path.join(REPO_ROOT, '.tmp'), { recursive: true });
    out = fs.mkdtempSync(path.join(REPO_ROOT, '.tmp', 'molt-contract-'));
    data = fs.mkdtempSync(path.join(os.tmpdir(), 'molt-contract-data-'));
  });
  after(() => {
    for (const dir of [out, data]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('migrates legacy, starts the output and passes the contract suites against it', async () => {
    const tsx = path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const migrate = spawnSync(process.execPath, [tsx, 'codemods/src/cli.ts', 'migrate', 'legacy', '--out', out, '--skip', 'js-to-ts'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(migrate.status, 0, migrate.stdout + migrate.stderr);
    const pkgFile = path.join(out, 'package.json');
    fs.writeFileSync(pkgFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(pkgFile, 'utf8')), type: 'module' }, null, 2));
    assert.match(fs.readFileSync(path.join(out, 'services', 'chat.js'), 'utf8'), /^import /m, 'the output is not an ES module');

    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PARROT_CONFIG_FILE: path.join(out, 'misc', 'config-test.js'), HTTP_PORT: String(port), DATA_DIR: data, LOG_LEVEL: 'warn', RUNTIME_MODE: 'all', REDIS_HOST: '' };
    delete env.NODE_OPTIONS;
    const server = startProcess('molt-output', process.execPath, ['app.js'], { cwd: out, env });
    try {
      const url = `http://127.0.0.1:${port}`;
      await waitFor('the migrated output to answer /ping', async () => {
        if (server.exited()) throw new Error(server.output());
        return (await fetch(`${url}/ping`)).ok;
      }, 45_000);
      const run = spawn(process.execPath, [tsx, 'harness/src/cli/contract.ts', `--target=${url}`, '--grep', '^\\[http[^\\]]*\\] (users|rooms|socket messaging|history|bad input)'], { cwd: REPO_ROOT });
      let output = '';
      run.stdout.on('data', (c: Buffer) => (output += c.toString()));
      run.stderr.on('data', (c: Buffer) => (output += c.toString()));
      const code = await new Promise<number | null>((resolve) => run.on('close', resolve));
      const totals = /^(\d+) passed, (\d+) failed/m.exec(output);
      assert.ok(totals, output.slice(-2000));
      assert.equal(code, 0, output.slice(-4000) + server.output().slice(-2000));
      assert.ok(Number(totals[1]) >= 40, `only ${totals[1]} contract tests ran`);
      console.log(`      ${totals[0]} on molt's output`);
    } finally {
      await server.stop();
    }
  });
});
