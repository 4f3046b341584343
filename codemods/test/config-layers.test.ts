import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { configLayers, type ProjectInput } from '../src/passes/config-layers/index.js';

/**
 * config-layers on legacy: molt's layers, schema and loader must give back every
 * config file exactly, and merge environment variables as the old loader did.
 * The output goes inside the repository (.tmp/) so that zod resolves from it.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const LEGACY = path.join(ROOT, 'legacy');
const ENVS = ['dev', 'test', 'production', 'aws'];
const requireLegacy = createRequire(path.join(LEGACY, 'app.js'));

type Config = Record<string, any>;
type Load = (env: NodeJS.ProcessEnv) => Config;

function legacyFile(name: string): Config {
  return structuredClone(requireLegacy(`./misc/config-${name}.js`));
}

/** The old loader, on one config file, with its check() step's changes taken back out where MOLT072 says so. */
function legacyLoad(name: string, env: NodeJS.ProcessEnv): Config {
  const loader = requireLegacy('./utils/config.js');
  const before = process.env.PARROT_CONFIG_FILE;
  process.env.PARROT_CONFIG_FILE = path.join(LEGACY, 'misc', `config-${name}.js`);
  try {
    return loader.load(env);
  } finally {
    if (before === undefined) delete process.env.PARROT_CONFIG_FILE;
    else process.env.PARROT_CONFIG_FILE = before;
  }
}

describe('config-layers on legacy (molt migrate --run-to-stage config)', function () {
  this.timeout(120_000);
  const out = path.join(ROOT, '.tmp', `config-layers-test-${process.pid}`);
  let load: Load;
  let report: { files: { file: string; diagnostics: { code: string; unit: string; message: string }[] }[] };

  before(async () => {
    fs.rmSync(out, { recursive: true, force: true });
    execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(ROOT, 'codemods/src/cli.ts'),
        'migrate',
        LEGACY,
        '--out',
        out,
        '--run-to-stage',
        'config',
      ],
      {
        cwd: ROOT,
        stdio: 'pipe',
      },
    );
    report = JSON.parse(fs.readFileSync(path.join(out, 'molt-report.json'), 'utf8'));
    load = (await import(pathToFileURL(path.join(out, 'utils/config.ts')).href)).load;
  });
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it('writes the layers and drops the hand-copied files', () => {
    for (const f of [
      'conf/base.ts',
      'config/schema.ts',
      'config/index.ts',
      ...ENVS.map((e) => `config/${e}.ts`),
      'utils/config.ts',
    ]) {
      assert.ok(fs.existsSync(path.join(out, f)), `${f} missing`);
    }
    for (const f of ['misc/config-dev.js', 'misc/copy-config.sh', 'utils/config.js'])
      assert.ok(!fs.existsSync(path.join(out, f)), `${f} still written`);
    const pkg = JSON.parse(fs.readFileSync(path.join(out, 'package.json'), 'utf8'));
    assert.match(pkg.dependencies.zod, /^\^3\./);
  });

  it('each layer holds only its differences: aws is a modifier of production', () => {
    const aws = fs.readFileSync(path.join(out, 'config/aws.ts'), 'utf8');
    assert.doesNotMatch(aws, /runtimeMode|ttlHours/, 'aws repeats what production sets');
    assert.match(aws, /port: 8080/);
    const base = fs.readFileSync(path.join(out, 'conf/base.ts'), 'utf8');
    assert.doesNotMatch(base, /\benv:/, 'base holds a key the environments differ on');
    const codes = report.files
      .flatMap((f) => f.diagnostics)
      .filter((d) => d.unit === 'config-layers')
      .map((d) => d.code);
    assert.ok(codes.includes('MOLT181'), 'the modifier choice is not reported');
  });

  for (const name of ENVS) {
    it(`NODE_ENV=${name} gives back misc/config-${name}.js exactly`, () => {
      assert.deepEqual(load({ NODE_ENV: name }), legacyFile(name));
    });
  }

  it('NODE_ENV=production NODE_ENV_MODIFIER=aws is config-aws.js: the host map is replaced, not merged', () => {
    assert.deepEqual(load({ NODE_ENV: 'production', NODE_ENV_MODIFIER: 'aws' }), legacyFile('aws'));
  });

  it('NODE_ENV unset is the copy script default (dev); an unknown one is refused with the known names', () => {
    assert.deepEqual(load({}), legacyFile('dev'));
    assert.throws(() => load({ NODE_ENV: 'staging' }), /NODE_ENV.*no config\/staging\.ts \(known: .*production/);
  });

  it('a bad value stops loading with the key, the variable and the reason', () => {
    assert.throws(
      () => load({ NODE_ENV: 'test', HTTP_PORT: 'eighty' }),
      (err: Error & { key?: string; code?: string }) => {
        assert.equal(err.key, 'http.port');
        assert.equal(err.code, 'CONFIG_INVALID');
        assert.match(err.message, /http\.port \(from env HTTP_PORT\): Expected number/);
        return true;
      },
    );
    assert.throws(() => load({ NODE_ENV: 'test', RUNTIME_MODE: 'both' }), /runtimeMode \(from env RUNTIME_MODE\)/);
  });

  it('merges environment variables as the old loader did (generated environments; db.dataDir aside, MOLT072)', () => {
    const pools: Record<string, string[]> = {
      RUNTIME_MODE: ['rest', 'socket', 'all', '', 'both'],
      HTTP_PORT: ['8080', '0', '', 'x1'],
      PUBLIC_URL: ['http://a.example', ''],
      DISABLE_HEARTBEAT: ['true', 'no', '1', '', 'maybe'],
      HEARTBEAT_HOST: ['h1', ''],
      REDIS_HOST: ['redis', ''],
      REDIS_PORT: ['6380', ''],
      MONGO_DB_CONNECTION_STRING: ['mongodb://m/db', ''],
      DB_ENGINE: ['nedb', 'redis', 'sql', ''],
      DATA_DIR: ['/srv/data', ''],
      LOG_LEVEL: ['warn', ''],
    };
    const envArb = fc.record(
      Object.fromEntries(Object.entries(pools).map(([k, values]) => [k, fc.constantFrom(...values)])),
      { requiredKeys: [] },
    );
    let compared = 0;
    fc.assert(
      fc.property(fc.constantFrom(...ENVS.filter((e) => e !== 'aws')), envArb, (name, vars) => {
        const env = { NODE_ENV: name, ...vars } as NodeJS.ProcessEnv;
        let expected: Config | Error;
        try {
          expected = legacyLoad(name, env);
        } catch (err) {
          expected = err as Error;
        }
        let actual: Config | Error;
        try {
          actual = load(env);
        } catch (err) {
          actual = err as Error;
        }
        if (expected instanceof Error) return; // the old checks not ported (MOLT072) may refuse more
        assert.ok(!(actual instanceof Error), `molt refused what the old loader took: ${(actual as Error).message}`);
        delete expected.db.dataDir;
        delete actual.db.dataDir;
        assert.deepEqual(actual, expected);
        compared += 1;
      }),
      { numRuns: 300, seed: 7 },
    );
    assert.ok(compared > 100, `only ${compared} environments both loaders accepted`);
  });
});

describe('config-layers on small projects', () => {
  const loader = `import fs from 'fs';
const cached = null;
function parsePort(key, value) { return Number(value); }
function mergeEnv(config, env) {
  if (env.PORT) { config.port = parsePort('PORT', env.PORT); }
  if (env.NAME !== undefined) { config.name = env.NAME || null; }
  if (env.WEIRD) { config.port = Number(env.WEIRD) + 1; }
  return config;
}
function getConfig() { return mergeEnv(JSON.parse(fs.readFileSync('config.js', 'utf8')), process.env); }
export default getConfig;
`;
  const project = (envs: Record<string, string>, extra: Record<string, string> = {}): ProjectInput => ({
    sources: new Map([
      ['lib/config.js', loader],
      ...Object.entries(envs).map(([n, body]): [string, string] => [
        `misc/config-${n}.js`,
        `export default ${body};\n`,
      ]),
      ...Object.entries(extra),
    ]),
    others: new Map([['package.json', '{ "name": "p", "dependencies": { "a": "1" } }']]),
  });

  it('no config files (one config-parser.js is no environment): nothing changes', () => {
    const outcome = configLayers({
      sources: new Map([
        ['a.js', 'export default 1;\n'],
        ['lib/config-parser.js', 'export default function parse() {}\n'],
      ]),
      others: new Map(),
    });
    assert.equal(outcome.write.size, 0);
    assert.equal(outcome.diagnostics.length, 0);
  });

  it('declines, with MOLT074, config files without the loader that reads config.js', () => {
    const outcome = configLayers({
      sources: new Map([
        ['misc/config-a.js', 'export default { x: 1 };\n'],
        ['misc/config-b.js', 'export default { x: 2 };\n'],
      ]),
      others: new Map(),
    });
    assert.equal(outcome.write.size, 0);
    assert.deepEqual(
      outcome.diagnostics.map((d) => d.code),
      ['MOLT074'],
    );
  });

  it('declines, with MOLT074, a config file whose object has a computed key', () => {
    const outcome = configLayers(project({ a: '{ port: 1 }', b: '{ [k]: 2 }' }));
    assert.equal(outcome.write.size, 0);
    assert.deepEqual(
      outcome.diagnostics.map((d) => d.code),
      ['MOLT074'],
    );
  });

  it('types what it can, says z.unknown() where a value is no constant (MOLT070), and keeps variables it cannot port out (MOLT071)', () => {
    const outcome = configLayers(
      project(
        { a: '{ port: 1, name: "x", home: process.cwd() }', b: '{ port: 2, name: null, home: "/" }' },
        { 'main.js': "import getConfig from './lib/config.js';\ngetConfig().port;\nconsole.log(getConfig);\n" },
      ),
    );
    const schema = outcome.write.get('config/schema.ts')!;
    assert.match(schema, /port: z\.number\(\)\.int\(\)/);
    assert.match(schema, /name: z\.string\(\)\.nullable\(\)/);
    assert.match(schema, /home: z\.unknown\(\)/);
    const codes = outcome.diagnostics.map((d) => d.code).sort();
    assert.deepEqual(codes, ['MOLT070', 'MOLT071', 'MOLT072', 'MOLT073']);
    const loaderTs = outcome.write.get('lib/config.ts')!;
    assert.match(loaderTs, /variable: 'PORT', when: 'nonEmpty', sets: \[\{ key: 'port', parse: 'number' \}\]/);
    assert.match(loaderTs, /variable: 'NAME', when: 'set', sets: \[\{ key: 'name', parse: 'stringOrNull' \}\]/);
    assert.doesNotMatch(loaderTs, /WEIRD/);
    assert.equal(outcome.rewritten.get('main.js'), 1, 'the one call of getConfig()');
    assert.match(outcome.write.get('package.json')!, /"zod": "\^3/);
  });

  it('two environments are two environments: no modifier below three', () => {
    const outcome = configLayers(project({ a: '{ port: 1, name: "x" }', b: '{ port: 1, name: "y" }' }));
    assert.match(outcome.write.get('config/index.ts')!, /MODIFIES: Record<string, string> = \{\};/);
    assert.match(outcome.write.get('conf/base.ts')!, /port: 1/);
    assert.doesNotMatch(outcome.write.get('conf/base.ts')!, /name:/);
  });
});

describe('config-layers: the old checks the schema takes over', () => {
  it('a lower bound (if (!(config.a >= n)) fail(…)) becomes .min(n) / .gt(n); a rule across keys stays MOLT072', () => {
    const loader = `function fail(key) { throw new Error(key); }
function check(config) {
  if (!(config.wait >= 0)) fail('wait');
  if (!(config.count > 0) || !(config.size > 1)) fail('count');
  if (config.count > config.size) fail('size');
  return config;
}
export default function getConfig() { return check(require('config.js')); }
`;
    const outcome = configLayers({
      sources: new Map([
        ['lib/config.js', loader],
        ['misc/config-a.js', 'export default { wait: 1, count: 2, size: 3 };\n'],
        ['misc/config-b.js', 'export default { wait: 0, count: 5, size: 9 };\n'],
      ]),
      others: new Map(),
    });
    const schema = outcome.write.get('config/schema.ts')!;
    assert.match(schema, /wait: z\.number\(\)\.int\(\)\.min\(0\)/);
    assert.match(schema, /count: z\.number\(\)\.int\(\)\.gt\(0\)/);
    assert.match(schema, /size: z\.number\(\)\.int\(\)\.gt\(1\)/);
    assert.deepEqual(
      outcome.diagnostics.filter((d) => d.code === 'MOLT072').map((d) => d.line),
      [5],
    );
  });
});

describe('config-layers on a CommonJS tree (molt migrate --only config-layers)', () => {
  it('keeps require() of the loader returning getConfig, with load and reset on it', () => {
    const loader =
      "var path = require('path');\nfunction load(env) { return require(path.join(__dirname, 'config.js')); }\nmodule.exports = function getConfig() { return load(process.env); };\nmodule.exports.load = load;\n";
    const outcome = configLayers({
      sources: new Map([
        ['utils/config.js', loader],
        ['misc/config-a.js', 'module.exports = { port: 1 };\n'],
        ['misc/config-b.js', 'module.exports = { port: 2 };\n'],
      ]),
      others: new Map(),
    });
    const ts = outcome.write.get('utils/config.ts');
    assert.ok(ts, `no loader written: ${JSON.stringify(outcome.diagnostics)}`);
    assert.match(ts, /Object\.assign\(getConfig, \{ load, reset \}\);\nexport \{ getConfig as 'module\.exports' \};/);
  });
});
