/**
 * parrot configuration - TEST (used by the contract harness)
 *
 *     cp misc/config-test.js config.js
 */
module.exports = {
  env: 'test',
  runtimeMode: 'all',
  http: {
    port: 3100,
    bodyLimit: '64kb'
  },
  publicUrl: 'http://127.0.0.1:3100',
  db: {
    engine: 'nedb',
    dataDir: './data-test',
    mongoUrl: null
  },
  redis: {
    host: null,
    port: 6379,
    prefix: 'parrot:'
  },
  heartbeat: {
    enabled: true,
    intervalMs: 250,
    host: '127.0.0.1'
  },
  hostMap: {},
  session: {
    ttlHours: 1
  },
  chat: {
    maxTextLength: 4000,
    maxRoomNameLength: 100,
    recallWindowMs: 1500,
    historyDefaultLimit: 50,
    historyMaxLimit: 100
  },
  rateLimit: {
    count: 10,
    windowMs: 2000
  },
  profanity: {
    words: ['darn', 'heck']
  },
  plugins: ['commands', 'profanity', 'mentions', 'push'],
  log: {
    level: 'warn'
  }
};
