/**
 * parrot configuration - DEVELOPMENT
 *
 * Copy this file to the project root before starting the app:
 *
 *     cp misc/config-dev.js config.js
 *
 * Values here can be overridden by a few environment variables, see utils/config.js
 */
module.exports = {
  env: 'dev',
  runtimeMode: 'all',            // 'rest', 'socket' or 'all' (both in one process)
  http: {
    port: 3000,
    bodyLimit: '64kb'
  },
  publicUrl: 'http://localhost:3000',
  db: {
    engine: 'nedb',              // nedb | mongo | redis
    dataDir: './data',
    mongoUrl: null
  },
  redis: {
    host: null,                  // no redis: single process mode
    port: 6379,
    prefix: 'parrot:'
  },
  heartbeat: {
    enabled: true,
    intervalMs: 5000,
    host: null                   // defaults to os.hostname()
  },
  // hostname of a socket server -> public address clients use
  hostMap: {
    'localhost': 'http://localhost:3000'
  },
  session: {
    ttlHours: 24 * 7
  },
  chat: {
    maxTextLength: 4000,
    maxRoomNameLength: 100,
    recallWindowMs: 2 * 60 * 1000,
    historyDefaultLimit: 50,
    historyMaxLimit: 100
  },
  rateLimit: {
    count: 20,
    windowMs: 10000
  },
  profanity: {
    words: ['darn', 'heck', 'frak', 'gorram']
  },
  plugins: ['commands', 'profanity', 'mentions', 'push'],
  log: {
    level: 'debug'
  }
};
