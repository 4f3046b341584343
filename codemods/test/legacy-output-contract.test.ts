import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { transformSync } from 'esbuild';
import { freePort, waitFor } from '../../harness/src/ports.js';
import { startProcess } from '../../harness/src/processes.js';
import { REPO_ROOT } from '../../harness/src/targets.js';

/**
 * The proof that matters: molt's whole output of legacy (every stage: es2022,
 * async, config-layers and the TypeScript of js-to-ts with runtime samples) still keeps parrot's
 * contract. Its .ts files are compiled to .js the way a build would (types
 * stripped by esbuild, file by file, imports kept), it is started like legacy
 * on NODE_ENV=test where legacy had config-test.js copied in, and the
 * single-process contract suites run against it by URL.
 * (Not through tsx: the lazy requires molt keeps would load a second, CommonJS
 * copy of a .ts module, where node's require(esm) shares the one instance.)
 */
/** Every .ts file of `dir` (public/ aside) → a .js file beside it, types stripped. Returns how many. */
function compileTs(dir: string): number {
  let count = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (!entry.isFile() || !file.endsWith('.ts') || file.endsWith('.d.ts') || file.includes(`${path.sep}public${path.sep}`)) continue;
    const { code } = transformSync(fs.readFileSync(file, 'utf8'), { loader: 'ts', format: 'esm', target: 'node20', sourcefile: file });
    fs.writeFileSync(file.replace(/\.ts$/, '.js'), code);
    fs.rmSync(file);
    count += 1;
  }
  return count;
}

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
    const migrate = spawnSync(process.execPath, [tsx, 'codemods/src/cli.ts', 'migrate', 'legacy', '--out', out, '--samples', 'codemods/samples/legacy.json'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(migrate.status, 0, migrate.stdout + migrate.stderr);
    assert.equal(JSON.parse(fs.readFileSync(path.join(out, 'package.json'), 'utf8')).type, 'module');
    assert.match(fs.readFileSync(path.join(out, 'services', 'chat.ts'), 'utf8'), /^import /m, 'the output is not an ES module');
    // the output reads the same on any machine: no absolute path of this one (the checker prints types of other
    // modules with one)
    for (const file of fs.readdirSync(out, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts')) continue;
      const text = fs.readFileSync(path.join(out, file), 'utf8');
      assert.ok(!text.includes(REPO_ROOT), `${file} holds an absolute path: ${text.split('\n').find((l) => l.includes(REPO_ROOT))}`);
    }
    const compiled = compileTs(out);
    assert.ok(compiled >= 40, `only ${compiled} .ts files in the output`);

    const port = await freePort();
    assert.ok(fs.existsSync(path.join(out, 'config', 'test.js')), 'config-layers wrote no config/test.ts');
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', HTTP_PORT: String(port), DATA_DIR: data, LOG_LEVEL: 'warn', RUNTIME_MODE: 'all', REDIS_HOST: '' };
    delete env.NODE_OPTIONS;
    delete env.PARROT_CONFIG_FILE;
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
