import { z } from 'zod';

/** Names of the plugins a config may enable, in the order they run. */
export const PLUGIN_NAMES = ['commands', 'profanity', 'mentions', 'push'] as const;

/** One typed schema for the whole configuration, validated once at start-up. */
export const ConfigSchema = z
  .object({
    env: z.string().min(1),
    envModifier: z.string().min(1).nullable(),
    runtimeMode: z.enum(['rest', 'socket', 'all']),
    http: z.object({
      host: z.string().min(1),
      port: z.number().int().min(0).max(65535),
      bodyLimit: z.string().regex(/^\d+(b|kb|mb)$/, 'expected a size such as 64kb'),
      corsOrigins: z.array(z.string()),
      /** proxies in front (HAProxy: 1); never `true`, which lets clients spoof X-Forwarded-For past the per-IP limit */
      trustProxy: z.number().int().nonnegative(),
    }),
    socketio: z.object({
      /** what GET /api/server answers: the load balancer in front of the socket nodes */
      lbHost: z.string().url().nullable(),
      /** DISABLE_HEARTBEAT is accepted for old deploy files and ignored: HAProxy balances now */
      disableHeartbeat: z.boolean(),
    }),
    redis: z.object({
      host: z.string().min(1).nullable(),
      port: z.number().int().min(1).max(65535),
      prefix: z.string(),
    }),
    storage: z.object({
      /** DB_ENGINE; when no layer sets it, mongo if mongoUrl is set, else nedb (load.ts derives it) */
      engine: z.enum(['nedb', 'mongo', 'redis']),
      dataDir: z.string().min(1),
      mongoUrl: z.string().regex(/^mongodb(\+srv)?:\/\//, 'expected a mongodb:// URL').nullable(),
    }),
    auth: z.object({
      tokenSecret: z.string().min(32, 'must be at least 32 characters'),
      tokenTtlSeconds: z.number().int().positive(),
    }),
    chat: z.object({
      maxTextLength: z.number().int().positive(),
      maxRoomNameLength: z.number().int().positive(),
      recallWindowMs: z.number().int().nonnegative(),
      historyDefaultLimit: z.number().int().positive(),
      historyMaxLimit: z.number().int().positive(),
    }),
    rateLimit: z.object({ count: z.number().int().positive(), windowMs: z.number().int().positive() }),
    ipRateLimit: z.object({ count: z.number().int().positive(), windowMs: z.number().int().positive() }),
    profanity: z.object({ words: z.array(z.string().min(1)) }),
    plugins: z.array(z.enum(PLUGIN_NAMES)),
    log: z.object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) }),
    shutdownGraceMs: z.number().int().nonnegative(),
  })
  .strict()
  .superRefine((config, ctx) => {
    // the engine's connection settings, checked at start-up rather than at the first query
    if (config.storage.engine === 'redis' && !config.redis.host) {
      ctx.addIssue({ code: 'custom', path: ['redis', 'host'], message: 'required when storage.engine is redis (set REDIS_HOST)' });
    }
    if (config.storage.engine === 'mongo' && !config.storage.mongoUrl) {
      ctx.addIssue({ code: 'custom', path: ['storage', 'mongoUrl'], message: 'required when storage.engine is mongo (set MONGO_DB_CONNECTION_STRING)' });
    }
  });

export type Config = z.infer<typeof ConfigSchema>;

/** A layer sets any subset of keys, at any depth. */
export type ConfigLayer = DeepPartial<Config>;
type DeepPartial<T> = { [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** Keys whose values are never printed. */
export const SECRET_KEYS = new Set(['auth.tokenSecret', 'storage.mongoUrl']);
