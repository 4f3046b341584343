import { pino, type Logger } from 'pino';
import type { Config } from './config/schema.js';

export function createLogger(config: Config): Logger {
  return pino({ name: `parrot-${config.runtimeMode}`, level: config.log.level, base: { env: config.env } });
}
