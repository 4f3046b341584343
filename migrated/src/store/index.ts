import type { Config } from '../config/schema.js';
import { openMongoStore } from './mongo.js';
import { openNedbStore } from './nedb.js';
import type { Store } from './port.js';
import { openRedisStore } from './redis.js';

/** The store config.storage.engine names; the schema has checked that its connection settings are there. */
export function openStore(config: Config): Promise<Store> {
  const { engine, mongoUrl, dataDir } = config.storage;
  switch (engine) {
    case 'mongo':
      return openMongoStore(mongoUrl!);
    case 'redis':
      return openRedisStore({ host: config.redis.host!, port: config.redis.port, prefix: config.redis.prefix });
    case 'nedb':
      return openNedbStore(dataDir);
  }
}
