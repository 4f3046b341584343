import base from '../../conf/base.js';
import { LAYERS } from '../../config/index.js';
import type { z } from 'zod';
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
/** an empty value leaves the key to the other layers, as the seed did */
const unlessEmpty: Parse = (raw) => (raw === '' ? undefined : raw);
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
  ['DB_ENGINE', 'storage.engine', unlessEmpty],
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

/** The file layer a NODE_ENV or NODE_ENV_MODIFIER value names, with that value recorded in `key`. */
function fileLayer(variable: string, key: 'env' | 'envModifier', name: string): [Record<string, unknown>, string] {
  const layer: ConfigLayer | undefined = LAYERS[name];
  if (!layer) throw new ConfigError(key, variable, `no config/${name}.ts (known: ${Object.keys(LAYERS).join(', ')})`);
  return [{ ...(layer as Record<string, unknown>), [key]: name }, `config/${name}.ts`];
}

/** One layer per environment variable that is set, parsed to the schema's type where it can be. */
function envLayers(env: NodeJS.ProcessEnv): [Record<string, unknown>, string][] {
  return ENV_KEYS.filter(([variable]) => env[variable] !== undefined).map(([variable, key, parse]) => {
    const layer: Record<string, unknown> = {};
    setPath(layer, key, parse(env[variable]!));
    return [layer, `env ${variable}`];
  });
}

/** The seed's rule when no layer names an engine: MongoDB when a connection string is set, else the embedded store. */
function deriveEngine(merged: Record<string, unknown>, sources: Sources): void {
  const storage = isObject(merged.storage) ? merged.storage : (merged.storage = {});
  if (storage.engine !== undefined) return;
  storage.engine = storage.mongoUrl ? 'mongo' : 'nedb';
  sources['storage.engine'] = 'derived from storage.mongoUrl';
}

/** Turns the first schema issue into a ConfigError naming key, layer and reason. */
function firstIssue(error: z.ZodError, sources: Sources): ConfigError {
  const issue = error.issues[0]!;
  const key = issue.path.join('.') || '(root)';
  const unset = issue.code === 'invalid_type' && issue.received === 'undefined';
  return new ConfigError(key, sources[key] ?? (unset ? 'no layer sets it' : 'the merged config'), issue.message);
}

/**
 * defaults (conf/base.ts) → config/<NODE_ENV>.ts → config/<NODE_ENV_MODIFIER>.ts
 * → environment variables; later wins (storage.engine, when none sets it, is
 * derived from storage.mongoUrl). Throws ConfigError naming the key, the
 * layer it came from and the reason.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Loaded {
  const { merged, sources } = mergeLayers(layersOf(env));
  deriveEngine(merged, sources);
  return { config: validated(merged, sources), sources };
}

/** In the order they apply, each with the name of where it came from. */
function layersOf(env: NodeJS.ProcessEnv): [Record<string, unknown>, string][] {
  return [
    [base as Record<string, unknown>, 'conf/base.ts'],
    fileLayer('NODE_ENV', 'env', env.NODE_ENV || 'development'),
    ...(env.NODE_ENV_MODIFIER ? [fileLayer('NODE_ENV_MODIFIER', 'envModifier', env.NODE_ENV_MODIFIER)] : []),
    ...envLayers(env),
  ];
}

function mergeLayers(layers: [Record<string, unknown>, string][]): { merged: Record<string, unknown>; sources: Sources } {
  const merged: Record<string, unknown> = {};
  const sources: Sources = {};
  for (const [layer, source] of layers) apply(merged, layer, source, sources);
  return { merged, sources };
}

function validated(merged: Record<string, unknown>, sources: Sources): Config {
  const result = ConfigSchema.safeParse(merged);
  if (!result.success) throw firstIssue(result.error, sources);
  return result.data;
}
