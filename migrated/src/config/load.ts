import base from '../../conf/base.js';
import { LAYERS } from '../../config/index.js';
import { ConfigSchema, type Config, type ConfigLayer } from './schema.js';

/** Where a key's value came from: base, config/<name>.ts or an environment variable. */
export type Sources = Record<string, string>;

export class ConfigError extends Error {
  constructor(
    readonly key: string,
    readonly source: string,
    readonly reason: string,
  ) {
    super(`config: ${key} (from ${source}): ${reason}`);
    this.name = 'ConfigError';
  }
}

type Parse = (raw: string) => unknown;
const str: Parse = (raw) => raw;
const orNull: Parse = (raw) => (raw === '' ? null : raw);
const int: Parse = (raw) => (/^-?\d+$/.test(raw.trim()) ? Number(raw) : raw);
const bool: Parse = (raw) => {
  const v = raw.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(v)) return true;
  if (['false', '0', 'no', ''].includes(v)) return false;
  return raw;
};
const list: Parse = (raw) => raw.split(',').map((s) => s.trim()).filter(Boolean);

/** The seed's variables keep their names and meaning; the rest are new. */
const ENV_KEYS: [variable: string, key: string, parse: Parse][] = [
  ['RUNTIME_MODE', 'runtimeMode', str],
  ['HTTP_HOST', 'http.host', str],
  ['HTTP_PORT', 'http.port', int],
  ['CORS_ORIGINS', 'http.corsOrigins', list],
  ['SOCKETIO_LB_HOST', 'socketio.lbHost', orNull],
  ['DISABLE_HEARTBEAT', 'socketio.disableHeartbeat', bool],
  ['REDIS_HOST', 'redis.host', orNull],
  ['REDIS_PORT', 'redis.port', int],
  ['DATA_DIR', 'storage.dataDir', str],
  ['MONGO_DB_CONNECTION_STRING', 'storage.mongoUrl', orNull],
  ['TOKEN_SECRET', 'auth.tokenSecret', str],
  ['LOG_LEVEL', 'log.level', str],
];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge of `layer` into `target`, noting the source of every leaf it sets. */
function apply(target: Record<string, unknown>, layer: Record<string, unknown>, source: string, sources: Sources, prefix = ''): void {
  for (const [k, v] of Object.entries(layer)) {
    if (v === undefined) continue;
    const key = prefix ? `${prefix}.${k}` : k;
    if (isObject(v)) {
      const into = isObject(target[k]) ? (target[k] as Record<string, unknown>) : (target[k] = {});
      apply(into as Record<string, unknown>, v, source, sources, key);
    } else {
      target[k] = v;
      sources[key] = source;
    }
  }
}

function setPath(layer: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = layer;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts.at(-1)!] = value;
}

export interface Loaded {
  config: Config;
  sources: Sources;
}

/**
 * defaults (conf/base.ts) → config/<NODE_ENV>.ts → config/<NODE_ENV_MODIFIER>.ts
 * → environment variables; later wins. Throws ConfigError naming the key, the
 * layer it came from and the reason.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Loaded {
  const merged: Record<string, unknown> = {};
  const sources: Sources = {};
  apply(merged, base as Record<string, unknown>, 'conf/base.ts', sources);
  const envName = env.NODE_ENV || 'development';
  const envLayer = LAYERS[envName];
  if (!envLayer) throw new ConfigError('env', 'NODE_ENV', `no config/${envName}.ts (known: ${Object.keys(LAYERS).join(', ')})`);
  apply(merged, { ...(envLayer as Record<string, unknown>), env: envName }, `config/${envName}.ts`, sources);
  const modifier = env.NODE_ENV_MODIFIER;
  if (modifier) {
    const layer: ConfigLayer | undefined = LAYERS[modifier];
    if (!layer) throw new ConfigError('envModifier', 'NODE_ENV_MODIFIER', `no config/${modifier}.ts`);
    apply(merged, { ...(layer as Record<string, unknown>), envModifier: modifier }, `config/${modifier}.ts`, sources);
  }
  for (const [variable, key, parse] of ENV_KEYS) {
    const raw = env[variable];
    if (raw === undefined) continue;
    const layer: Record<string, unknown> = {};
    setPath(layer, key, parse(raw));
    apply(merged, layer, `env ${variable}`, sources);
  }
  const result = ConfigSchema.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = issue.path.join('.') || '(root)';
    const source = sources[key] ?? (issue.code === 'invalid_type' && issue.received === 'undefined' ? 'no layer sets it' : 'the merged config');
    throw new ConfigError(key, source, issue.message);
  }
  return { config: result.data, sources };
}
