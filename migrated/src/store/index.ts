import type { Config } from '../config/schema.js';
import { openMongoStore } from './mongo.js';
import { openNedbStore } from './nedb.js';
import type { Store } from './port.js';

/** MongoDB when a connection string is configured, the embedded store otherwise. */
export function openStore(config: Config): Promise<Store> {
  return config.storage.mongoUrl ? openMongoStore(config.storage.mongoUrl) : openNedbStore(config.storage.dataDir);
}
