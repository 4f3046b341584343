import type { Config } from '../config/schema.js';
import { openMongoStore } from './mongo.js';
import { openNedbStore } from './nedb.js';
import type { Store } from './port.js';
import { openRedisStore } from './redis.js';

// the schema has checked that the chosen engine's connection settings are there
const OPENERS: Record<Config['storage']['engine'], (config: Config) => Promise<Store>> = {
  mongo: (config) => openMongoStore(config.storage.mongoUrl!),
  redis: (config) => openRedisStore({ host: config.redis.host!, port: config.redis.port, prefix: config.redis.prefix }),
  nedb: (config) => openNedbStore(config.storage.dataDir),
};

/** The store config.storage.engine names. */
export function openStore(config: Config): Promise<Store> {
  return OPENERS[config.storage.engine](config);
}
