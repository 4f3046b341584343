/**
 * parrot configuration - PRODUCTION (rancher stack, see deploy notes in the wiki)
 *
 *     cp misc/config-production.js config.js
 *
 * RUNTIME_MODE, HTTP_PORT, REDIS_HOST and MONGO_DB_CONNECTION_STRING come from the rancher service env.
 */
module.exports = {
  env: 'production',
  runtimeMode: 'rest',
  http: {
    port: 3000,
    bodyLimit: '64kb'
  },
  publicUrl: 'https://api.parrot.chat',
  db: {
    engine: 'mongo',
    dataDir: '/var/lib/parrot',
    mongoUrl: 'mongodb://mongo:27017/parrot'
  },
  redis: {
    host: 'redis',
    port: 6379,
    prefix: 'parrot:'
  },
  heartbeat: {
    enabled: true,
    intervalMs: 5000,
    host: null
  },
  // TODO: keep in sync with the rancher hosts!!
  hostMap: {
    'parrot-socketio-1': 'https://ws1.parrot.chat',
    'parrot-socketio-2': 'https://ws2.parrot.chat',
    'parrot-socketio-3': 'https://ws3.parrot.chat',
    'parrot-socketio-4': 'https://ws4.parrot.chat'
  },
  session: {
    ttlHours: 24 * 30
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
    words: ['darn', 'heck', 'frak', 'gorram', 'smeg']
  },
  plugins: ['commands', 'profanity', 'mentions', 'push'],
  log: {
    level: 'info'
  }
};
