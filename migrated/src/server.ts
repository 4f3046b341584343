/**
 * The only file that listens and handles signals.
 *   NODE_ENV=production RUNTIME_MODE=socket REDIS_HOST=redis tsx src/server.ts
 */
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config/load.js';
import { createLogger } from './logger.js';

let loaded;
try {
  loaded = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`parrot: ${err.message}`);
    process.exit(1);
  }
  throw err;
}
const { config } = loaded;
const log = createLogger(config);
const app = await buildApp(config, log);
app.http.listen(config.http.port, config.http.host, () => {
  const address = app.http.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  log.info({ port, role: config.runtimeMode, store: app.store.kind, redis: config.redis.host ?? null }, 'parrot listening');
});

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: no new connections, finishing owed acks');
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
