import type { ConfigLayer } from '../src/config/schema.js';

/** The rancher / kubernetes stack: TOKEN_SECRET, REDIS_HOST, MONGO_DB_CONNECTION_STRING come from the environment. */
const production: ConfigLayer = {
  env: 'production',
  runtimeMode: 'rest',
  // behind the deploy stack's HAProxy
  http: { trustProxy: 1 },
  socketio: { lbHost: 'https://ws.parrot.chat' },
  redis: { host: 'redis' },
  storage: { dataDir: '/var/lib/parrot' },
  auth: { tokenTtlSeconds: 30 * 24 * 3600 },
  profanity: { words: ['darn', 'heck', 'frak', 'gorram', 'smeg'] },
};

export default production;
