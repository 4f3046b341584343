import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import type { Config } from '../config/schema.js';
import { roomKey, userKey } from '../domain/broadcaster.js';
import type { Chat } from '../domain/chat.js';
import { AppError, toPayload } from '../errors.js';
import type { Metrics } from '../metrics.js';
import { requireObject } from '../validate.js';
import { CLIENT_EVENTS, type Ack, type ClientToServerEvents, type InterServerEvents, type ServerToClientEvents, type SocketData } from './events.js';
import type { InFlight } from './in-flight.js';
import { RateLimiter } from './rate-limiter.js';

export type ParrotServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type ParrotSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Wires auth, the event handlers and presence onto a Socket.io server. */
export function attachSocketHandlers(io: ParrotServer, deps: { config: Config; chat: Chat; metrics: Metrics; log: Logger; inFlight: InFlight }): void {
  const { chat, config, metrics, log, inFlight } = deps;

  io.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token ?? socket.handshake.query.token;
    chat
      .authenticate(token)
      .then(async (user) => {
        socket.data.user = user;
        // rooms are subscribed before the handshake completes: no broadcast is missed after 'connect'
        socket.data.roomIds = (await chat.rooms(user)).map((r) => r.id);
        next();
      })
      .catch((err: unknown) => {
        const payload = toPayload(err);
        next(Object.assign(new Error(payload.message), { data: payload }));
      });
  });

  const handlers: Record<(typeof CLIENT_EVENTS)[number], (socket: ParrotSocket, p: Record<string, unknown>) => Promise<object>> = {
    join: async (socket, p) => {
      const room = await chat.join(socket.data.user, p.roomId);
      await socket.join(roomKey(room.id));
      return { room };
    },
    leave: async (socket, p) => {
      await chat.leave(socket.data.user, p.roomId);
      await socket.leave(roomKey(String(p.roomId)));
      return {};
    },
    message: async (socket, p) => {
      if (!limiters.get(socket)!.take()) throw new AppError('RATE_LIMITED', 'too many messages, slow down');
      const { message, created } = await chat.postMessage(socket.data.user, p.roomId, p.text, p.clientId, socket.id);
      if (created) metrics.messages.inc({ via: 'socket' });
      return { message };
    },
    typing: async (socket, p) => {
      await chat.typing(socket.data.user, p.roomId, socket.id);
      return {};
    },
    read: async (socket, p) => {
      await chat.markRead(socket.data.user, p.roomId, p.messageId, socket.id);
      return {};
    },
    recall: (socket, p) => chat.recall(socket.data.user, p.messageId, socket.id),
    history: (socket, p) => chat.history(socket.data.user, p.roomId, p.before, p.limit),
  };
  const limiters = new WeakMap<ParrotSocket, RateLimiter>();

  io.on('connection', (socket) => {
    const { user, roomIds } = socket.data;
    limiters.set(socket, new RateLimiter(config.rateLimit.count, config.rateLimit.windowMs));
    metrics.connections.inc();
    void socket.join([userKey(user._id), ...roomIds.map(roomKey)]);

    for (const event of CLIENT_EVENTS) {
      socket.on(event, (payload: unknown, ack?: unknown) => {
        // emit('event', ack) without a payload: the callback arrives first
        if (typeof payload === 'function' && ack === undefined) [payload, ack] = [undefined, payload];
        const reply: Ack = typeof ack === 'function' ? (ack as Ack) : () => {};
        const started = process.hrtime.bigint();
        let ok = false;
        inFlight.enter();
        Promise.resolve()
          .then(() => handlers[event](socket, requireObject(payload)))
          .then(
            (result) => {
              ok = true;
              reply({ ok: true, ...result });
            },
            (err: unknown) => {
              if (!(err instanceof AppError)) log.error({ err, event, user: user.username }, 'socket event failed');
              reply({ ok: false, error: toPayload(err) });
            },
          )
          .finally(() => {
            inFlight.leave();
            metrics.ackLatency.observe({ event, ok: String(ok) }, Number(process.hrtime.bigint() - started) / 1e9);
          });
      });
    }

    void announce(io, user._id, roomIds, socket.id, true).catch((err: unknown) => log.error({ err }, 'presence failed'));
    socket.on('disconnect', () => {
      metrics.connections.dec();
      // counted like an ack: a shutdown closes redis only after the presence news went out
      inFlight.enter();
      void chat
        .rooms(user)
        .then((rooms) => announce(io, user._id, rooms.map((r) => r.id), null, false))
        .catch((err: unknown) => log.error({ err }, 'presence failed'))
        .finally(() => inFlight.leave());
    });
  });
}

/** presence {userId, online} to the user's rooms when their first socket arrives or last one leaves, cluster-wide */
async function announce(io: ParrotServer, userId: string, roomIds: string[], except: string | null, online: boolean): Promise<void> {
  if (!roomIds.length) return;
  const sockets = await io.in(userKey(userId)).fetchSockets();
  if (online ? sockets.length !== 1 : sockets.length !== 0) return;
  const target = io.to(roomIds.map(roomKey));
  (except ? target.except(except) : target).emit('presence', { userId, online });
}
