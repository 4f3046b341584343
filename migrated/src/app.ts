import http from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import type { Config } from './config/schema.js';
import { Tokens } from './domain/auth.js';
import { Chat } from './domain/chat.js';
import { Metrics } from './metrics.js';
import { Plugins } from './plugins/index.js';
import type { PushSink } from './plugins/push.js';
import { restApp } from './rest/app.js';
import { socketBroadcaster } from './socket/broadcaster.js';
import { InFlight } from './socket/in-flight.js';
import { attachSocketHandlers, type ParrotServer } from './socket/server.js';
import { openStore } from './store/index.js';
import type { Store } from './store/port.js';

export interface App {
  http: http.Server;
  io: ParrotServer;
  store: Store;
  metrics: Metrics;
  /** stop taking connections, wait for owed acks (up to the grace period), close everything */
  close(): Promise<void>;
}

/**
 * Builds parrot for its role without listening: server.ts is the only file that
 * listens and handles signals; tests build the app or launch the process.
 */
/** how long no socket event must arrive before a shutting-down node closes its sockets */
const SHUTDOWN_QUIET_MS = 500;

export async function buildApp(config: Config, log: Logger): Promise<App> {
  const store = await openStore(config);
  const metrics = new Metrics();
  const server = http.createServer();
  const serveSockets = config.runtimeMode !== 'rest';
  const io: ParrotServer = new Server({
    allowEIO3: true, // socket.io-client v2 apps keep working
    serveClient: true,
    pingInterval: 10_000,
    pingTimeout: 5_000,
    maxHttpBufferSize: 64 * 1024,
    cors: { origin: config.http.corsOrigins.length ? config.http.corsOrigins : false },
    // the in-memory adapter can replay missed packets; the redis adapter cannot
    ...(config.redis.host ? {} : { connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000 } }),
  });

  const redisClients: Redis[] = [];
  let pushSink: PushSink | null = null;
  if (config.redis.host) {
    const pub = new Redis({ host: config.redis.host, port: config.redis.port, lazyConnect: false, maxRetriesPerRequest: 3 });
    const sub = pub.duplicate();
    redisClients.push(pub, sub);
    for (const c of redisClients) c.on('error', (err) => log.warn({ err: err.message }, 'redis error'));
    io.adapter(createAdapter(pub, sub, { key: `${config.redis.prefix}socket.io`, requestsTimeout: 3000 }));
    pushSink = {
      async push(entries) {
        await pub.lpush(`${config.redis.prefix}push`, ...entries.map((e) => JSON.stringify(e)));
      },
    };
  }
  if (config.socketio.disableHeartbeat) {
    log.info('DISABLE_HEARTBEAT is accepted and ignored: there are no app-level heartbeats, HAProxy balances the socket nodes');
  }

  const broadcaster = socketBroadcaster(io, serveSockets || !!config.redis.host);
  const tokens = new Tokens(config.auth.tokenSecret, config.auth.tokenTtlSeconds);
  const chat = new Chat(store, config, tokens, broadcaster, new Plugins({ config, store, broadcaster, pushSink }));
  const inFlight = new InFlight();
  const ready = async (): Promise<void> => {
    await store.ping();
    for (const c of redisClients) await c.ping();
  };

  let draining = false;
  server.on('request', restApp({ config, chat, metrics, ready, draining: () => draining }, log));
  if (serveSockets) {
    io.attach(server);
    attachSocketHandlers(io, { config, chat, metrics, log, inFlight });
  }

  return {
    http: server,
    io,
    store,
    metrics,
    async close() {
      // /healthz turns 503, so HAProxy sends no new sessions; the open sockets stay until what their
      // clients already sent is answered, then they are closed and reconnect to another node.
      // (Not server.close() first: its 'close' event makes engine.io drop every socket at once.)
      draining = true;
      const grace = new Promise<void>((resolve) => setTimeout(resolve, config.shutdownGraceMs).unref());
      await Promise.race([inFlight.settled(SHUTDOWN_QUIET_MS), grace]);
      const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      io.close();
      server.closeAllConnections();
      await Promise.race([httpClosed, grace]);
      // the closed sockets' disconnect work (presence) still talks to the store and redis
      await Promise.race([inFlight.idle(), grace]);
      await store.close();
      await Promise.all(redisClients.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
