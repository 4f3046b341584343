import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../src/config/load.js';

const MIGRATED = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('migrated: layered config', () => {
  it('layers base → config/<NODE_ENV> → config/<NODE_ENV_MODIFIER> → environment, later wins', () => {
    const { config, sources } = loadConfig({ NODE_ENV: 'production', NODE_ENV_MODIFIER: 'aws', TOKEN_SECRET: 'x'.repeat(32), HTTP_PORT: '9000' });
    assert.equal(config.env, 'production');
    assert.equal(config.envModifier, 'aws');
    assert.equal(config.http.port, 9000);
    assert.equal(sources['http.port'], 'env HTTP_PORT');
    assert.equal(config.redis.host, 'parrot-redis.cache.internal');
    assert.equal(sources['redis.host'], 'config/aws.ts');
    assert.equal(config.runtimeMode, 'rest');
    assert.equal(sources.runtimeMode, 'config/production.ts');
    assert.equal(config.chat.maxTextLength, 4000);
    assert.equal(sources['chat.maxTextLength'], 'conf/base.ts');
  });

  it('keeps the seed variables and their meaning', () => {
    const { config } = loadConfig({
      NODE_ENV: 'test',
      RUNTIME_MODE: 'socket',
      SOCKETIO_LB_HOST: 'https://lb.example',
      DISABLE_HEARTBEAT: 'true',
      REDIS_HOST: 'redis-1',
      MONGO_DB_CONNECTION_STRING: 'mongodb://db:27017/parrot',
    });
    assert.deepEqual(
      [config.runtimeMode, config.socketio.lbHost, config.socketio.disableHeartbeat, config.redis.host, config.storage.mongoUrl],
      ['socket', 'https://lb.example', true, 'redis-1', 'mongodb://db:27017/parrot'],
    );
  });

  it('picks the store from DB_ENGINE, else mongo when a connection string is set, else nedb', () => {
    const engine = (env: NodeJS.ProcessEnv) => {
      const { config, sources } = loadConfig({ NODE_ENV: 'test', ...env });
      return [config.storage.engine, sources['storage.engine']];
    };
    assert.deepEqual(engine({}), ['nedb', 'derived from storage.mongoUrl']);
    assert.deepEqual(engine({ MONGO_DB_CONNECTION_STRING: 'mongodb://db/parrot' }), ['mongo', 'derived from storage.mongoUrl']);
    assert.deepEqual(engine({ DB_ENGINE: 'redis', REDIS_HOST: 'redis-1' }), ['redis', 'env DB_ENGINE']);
    assert.deepEqual(engine({ DB_ENGINE: 'nedb', MONGO_DB_CONNECTION_STRING: 'mongodb://db/parrot' }), ['nedb', 'env DB_ENGINE']);
    assert.deepEqual(engine({ DB_ENGINE: '' }), ['nedb', 'derived from storage.mongoUrl']);
    // production names its redis host, so DB_ENGINE alone is enough there
    assert.deepEqual(loadConfig({ NODE_ENV: 'production', TOKEN_SECRET: 'x'.repeat(32), DB_ENGINE: 'redis' }).config.storage.engine, 'redis');
  });

  for (const [env, key, source, reason] of [
    [{ NODE_ENV: 'test', HTTP_PORT: 'abc' }, 'http.port', 'env HTTP_PORT', /number/i],
    [{ NODE_ENV: 'test', HTTP_PORT: '70000' }, 'http.port', 'env HTTP_PORT', /65535/],
    [{ NODE_ENV: 'test', RUNTIME_MODE: 'both' }, 'runtimeMode', 'env RUNTIME_MODE', /rest.*socket.*all/],
    [{ NODE_ENV: 'test', DISABLE_HEARTBEAT: 'maybe' }, 'socketio.disableHeartbeat', 'env DISABLE_HEARTBEAT', /boolean/i],
    [{ NODE_ENV: 'test', MONGO_DB_CONNECTION_STRING: 'postgres://x' }, 'storage.mongoUrl', 'env MONGO_DB_CONNECTION_STRING', /mongodb/],
    [{ NODE_ENV: 'production' }, 'auth.tokenSecret', 'no layer sets it', /Required/],
    [{ NODE_ENV: 'test', TOKEN_SECRET: 'short' }, 'auth.tokenSecret', 'env TOKEN_SECRET', /32/],
    [{ NODE_ENV: 'staging' }, 'env', 'NODE_ENV', /config\/staging\.ts/],
    [{ NODE_ENV: 'test', DB_ENGINE: 'postgres' }, 'storage.engine', 'env DB_ENGINE', /nedb.*mongo.*redis/],
    [{ NODE_ENV: 'test', DB_ENGINE: 'redis' }, 'redis.host', 'conf/base.ts', /storage\.engine is redis.*REDIS_HOST/],
    [{ NODE_ENV: 'test', DB_ENGINE: 'redis', REDIS_HOST: '' }, 'redis.host', 'env REDIS_HOST', /storage\.engine is redis.*REDIS_HOST/],
    [{ NODE_ENV: 'test', DB_ENGINE: 'mongo' }, 'storage.mongoUrl', 'conf/base.ts', /storage\.engine is mongo.*MONGO_DB_CONNECTION_STRING/],
  ] as const) {
    it(`refuses ${JSON.stringify(env)} naming ${key}, ${source} and the reason`, () => {
      assert.throws(
        () => loadConfig({ ...env }),
        (err: unknown) => {
          assert.ok(err instanceof ConfigError);
          assert.equal(err.key, key);
          assert.equal(err.source, source);
          assert.match(err.reason, reason);
          return true;
        },
      );
    });
  }

  it('stops start-up with the key, layer and reason, and prints the config with secrets redacted', function () {
    this.timeout(30_000);
    const tsx = path.join(MIGRATED, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const bad = spawnSync(process.execPath, [tsx, 'src/server.ts'], { cwd: MIGRATED, env: { ...process.env, NODE_ENV: 'test', HTTP_PORT: 'abc' }, encoding: 'utf8' });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /config: http\.port \(from env HTTP_PORT\)/);
    const noRedis = spawnSync(process.execPath, [tsx, 'src/server.ts'], { cwd: MIGRATED, env: { ...process.env, NODE_ENV: 'test', DB_ENGINE: 'redis', REDIS_HOST: '' }, encoding: 'utf8' });
    assert.equal(noRedis.status, 1);
    assert.match(noRedis.stderr, /config: redis\.host \(from env REDIS_HOST\): required when storage\.engine is redis/);
    const print = spawnSync(process.execPath, [tsx, 'src/config/cli.ts', '--print'], { cwd: MIGRATED, env: { ...process.env, NODE_ENV: 'test' }, encoding: 'utf8' });
    assert.equal(print.status, 0, print.stderr);
    assert.match(print.stdout, /auth\.tokenSecret\s+"<redacted>"\s+config\/test\.ts/);
    assert.doesNotMatch(print.stdout, /parrot-test-secret/);
    assert.match(print.stdout, /storage\.engine\s+"nedb"\s+derived from storage\.mongoUrl/);
  });
});
