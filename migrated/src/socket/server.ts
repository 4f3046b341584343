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

/**
 * Wires auth, the event handlers and presence onto a Socket.io server.
 * Memory per idle socket is kept low: the listeners are made once and shared by every socket (they
 * find theirs as `this`), a socket keeps only its user's id and name, and its rate limiter is made
 * at its first message.
 */
export function attachSocketHandlers(io: ParrotServer, deps: { config: Config; chat: Chat; metrics: Metrics; log: Logger; inFlight: InFlight }): void {
  const { chat, config, metrics, log, inFlight } = deps;
  /** the rooms a socket is subscribed to on connection, from the auth middleware; dropped there */
  const initialRooms = new WeakMap<ParrotSocket, string[]>();

  io.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token ?? socket.handshake.query.token;
    chat
      .authenticate(token)
      .then(async (user) => {
        socket.data.user = { _id: user._id, username: user.username };
        // rooms are subscribed before the handshake completes: no broadcast is missed after 'connect'
        initialRooms.set(socket, (await chat.rooms(user)).map((r) => r.id));
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
      let limiter = limiters.get(socket);
      if (!limiter) limiters.set(socket, (limiter = new RateLimiter(config.rateLimit.count, config.rateLimit.windowMs)));
      if (!limiter.take()) throw new AppError('RATE_LIMITED', 'too many messages, slow down');
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

  /** one listener per client event, shared by every socket: socket.io calls it with the socket as `this` */
  const listeners = Object.fromEntries(
    CLIENT_EVENTS.map((event) => [
      event,
      function (this: ParrotSocket, payload: unknown, ack?: unknown): void {
        // emit('event', ack) without a payload: the callback arrives first
        if (typeof payload === 'function' && ack === undefined) [payload, ack] = [undefined, payload];
        const reply: Ack = typeof ack === 'function' ? (ack as Ack) : () => {};
        const started = process.hrtime.bigint();
        let ok = false;
        inFlight.enter();
        Promise.resolve()
          .then(() => handlers[event](this, requireObject(payload)))
          .then(
            (result) => {
              ok = true;
              reply({ ok: true, ...result });
            },
            (err: unknown) => {
              if (!(err instanceof AppError)) log.error({ err, event, user: this.data.user.username }, 'socket event failed');
              reply({ ok: false, error: toPayload(err) });
            },
          )
          .finally(() => {
            inFlight.leave();
            metrics.ackLatency.observe({ event, ok: String(ok) }, Number(process.hrtime.bigint() - started) / 1e9);
          });
      },
    ]),
  ) as Record<(typeof CLIENT_EVENTS)[number], (this: ParrotSocket, payload: unknown, ack?: unknown) => void>;

  function onDisconnect(this: ParrotSocket): void {
    const { user } = this.data;
    metrics.connections.dec();
    // counted like an ack: a shutdown closes redis only after the presence news went out
    inFlight.enter();
    void chat
      .rooms(user)
      .then((rooms) => announce(io, user._id, rooms.map((r) => r.id), null, false))
      .catch((err: unknown) => log.error({ err }, 'presence failed'))
      .finally(() => inFlight.leave());
  }

  io.on('connection', (socket) => {
    const { user } = socket.data;
    const roomIds = initialRooms.get(socket) ?? [];
    initialRooms.delete(socket);
    metrics.connections.inc();
    void socket.join([userKey(user._id), ...roomIds.map(roomKey)]);
    for (const event of CLIENT_EVENTS) socket.on(event, listeners[event]);
    void announce(io, user._id, roomIds, socket.id, true).catch((err: unknown) => log.error({ err }, 'presence failed'));
    socket.on('disconnect', onDisconnect);
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
