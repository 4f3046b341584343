import type { ConfigLayer } from '../src/config/schema.js';

/** What every environment shares. config/<NODE_ENV>.ts and config/<NODE_ENV_MODIFIER>.ts override it. */
const base: ConfigLayer = {
  env: 'development',
  envModifier: null,
  runtimeMode: 'all',
  http: { host: '0.0.0.0', port: 3000, bodyLimit: '64kb', corsOrigins: [], trustProxy: 0 },
  socketio: { lbHost: null, disableHeartbeat: false },
  redis: { host: null, port: 6379, prefix: 'parrot:' },
  storage: { dataDir: './data', mongoUrl: null },
  auth: { tokenTtlSeconds: 7 * 24 * 3600 },
  chat: {
    maxTextLength: 4000,
    maxRoomNameLength: 100,
    recallWindowMs: 2 * 60 * 1000,
    historyDefaultLimit: 50,
    historyMaxLimit: 100,
  },
  rateLimit: { count: 20, windowMs: 10_000 },
  ipRateLimit: { count: 600, windowMs: 60_000 },
  profanity: { words: ['darn', 'heck', 'frak', 'gorram'] },
  plugins: ['commands', 'profanity', 'mentions', 'push'],
  log: { level: 'info' },
  shutdownGraceMs: 10_000,
};

export default base;
