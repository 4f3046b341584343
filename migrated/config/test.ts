import type { ConfigLayer } from '../src/config/schema.js';

/** What the contract harness runs against: the limits PROTOCOL.md names for tests. */
const test: ConfigLayer = {
  env: 'test',
  http: { host: '127.0.0.1' },
  auth: { tokenSecret: 'parrot-test-secret-0123456789abcdef', tokenTtlSeconds: 3600 },
  chat: { recallWindowMs: 1500 },
  rateLimit: { count: 10, windowMs: 2000 },
  ipRateLimit: { count: 100_000, windowMs: 60_000 },
  profanity: { words: ['darn', 'heck'] },
  log: { level: 'warn' },
  shutdownGraceMs: 2000,
};

export default test;
