/**
 * parrot configuration - AWS (the 2016 trial on ECS; kept for the ops team)
 *
 *     cp misc/config-aws.js config.js
 */
module.exports = {
  env: 'aws',
  runtimeMode: 'rest',
  http: {
    port: 8080,
    bodyLimit: '64kb'
  },
  publicUrl: 'https://parrot-api.eu-west-1.elb.amazonaws.com',
  db: {
    engine: 'mongo',
    dataDir: '/var/lib/parrot',
    mongoUrl: 'mongodb://parrot-mongo.internal:27017/parrot'
  },
  redis: {
    host: 'parrot-redis.cache.internal',
    port: 6379,
    prefix: 'parrot:'
  },
  heartbeat: {
    enabled: true,
    intervalMs: 5000,
    host: null
  },
  hostMap: {
    'ip-10-0-1-11': 'https://ws-a.parrot.chat',
    'ip-10-0-1-12': 'https://ws-b.parrot.chat',
    'ip-10-0-2-11': 'https://ws-c.parrot.chat'
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
