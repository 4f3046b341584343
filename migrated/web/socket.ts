import { io, type Socket } from 'socket.io-client';
import type { MessageView } from '../src/domain/views.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../src/socket/events.js';
import { ClientError } from './api.js';

const ACK_TIMEOUT_MS = 10_000;
const RECONNECT_ATTEMPTS = 5;

type ParrotSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * What each acked event sends and gets back besides `ok: true`. The server's map types payloads as
 * `unknown` because it validates them; the page knows what it sends.
 */
interface Requests {
  join: { payload: { roomId: string }; reply: object };
  message: { payload: { roomId: string; text: string; clientId: string }; reply: { message: MessageView } };
  typing: { payload: { roomId: string }; reply: object };
  read: { payload: { roomId: string; messageId: string }; reply: object };
  recall: { payload: { messageId: string }; reply: object };
  history: {
    payload: { roomId: string; before?: string; limit?: number };
    reply: { messages: MessageView[]; hasMore: boolean };
  };
}
type RequestEvent = keyof Requests & keyof ClientToServerEvents;
type Reply<E extends RequestEvent> =
  ({ ok: true } & Requests[E]['reply']) | { ok: false; error: { code: string; message: string } };

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected' | 'reconnecting' | 'offline';

/** What the page hears about the connection itself. */
export interface ConnectionHandlers {
  status(status: ConnectionStatus): void;
  /** every connect; `reconnect` after the first, when the page may have missed things */
  connected(reconnect: boolean): void;
  /** the retries ran out: this socket server may be gone */
  reconnectFailed(): void;
  /** the handshake was refused for the token */
  unauthorized(): void;
  error(err: ClientError): void;
}

/** One socket at a time, to the address /api/server gave; acks come back as promises. */
export class ChatSocket {
  private socket: ParrotSocket | null = null;
  private everConnected = false;
  private events: ServerToClientEvents | null = null;
  private handlers: ConnectionHandlers | null = null;

  /** where the server's events and the connection's news go, for every socket from now on */
  listen(events: ServerToClientEvents, handlers: ConnectionHandlers): void {
    this.events = events;
    this.handlers = handlers;
  }

  connect(url: string, token: string): void {
    this.disconnect();
    const s: ParrotSocket = io(url, {
      auth: { token },
      forceNew: true,
      reconnectionAttempts: RECONNECT_ATTEMPTS,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 5000,
    });
    this.socket = s;
    this.bind(s);
    this.handlers?.status('connecting');
  }

  disconnect(): void {
    const old = this.socket;
    this.socket = null;
    if (old) {
      old.off();
      old.io.off();
      old.close();
    }
  }

  /** disconnects and forgets that it was ever connected: the next connect is a first one */
  reset(): void {
    this.disconnect();
    this.everConnected = false;
  }

  isConnected(): boolean {
    return this.socket?.connected ?? false;
  }

  request<E extends RequestEvent>(event: E, payload: Requests[E]['payload']): Promise<Requests[E]['reply']> {
    const s = this.socket;
    if (!s) return Promise.reject(new ClientError('NOT_CONNECTED', 'Not connected to the chat server'));
    return new Promise((resolve, reject) => {
      // the server's map types every ack alike (`{ok: true} & object`), and TypeScript cannot pick one
      // event's parameters out of it for a generic E: this event's reply is the one Requests names
      const timed = s.timeout(ACK_TIMEOUT_MS);
      const emit = timed.emit as (
        e: E,
        p: Requests[E]['payload'],
        ack: (err: Error | null, reply: Reply<E>) => void,
      ) => void;
      emit.call(timed, event, payload, (err, reply) => {
        if (err) reject(new ClientError('TIMEOUT', 'The chat server did not answer in time'));
        else if (reply.ok) resolve(reply);
        else reject(new ClientError(reply.error.code, reply.error.message));
      });
    });
  }

  private bind(s: ParrotSocket): void {
    // a closed socket may still deliver what it had queued: only the current one speaks
    const live = (fn: () => void) => {
      if (s === this.socket) fn();
    };
    const { events, handlers } = this;
    if (!events || !handlers) throw new Error('parrot: a socket connects before anything listens');
    s.on('message', (m) => live(() => events.message(m)));
    s.on('typing', (t) => live(() => events.typing(t)));
    s.on('read', (r) => live(() => events.read(r)));
    s.on('recalled', (r) => live(() => events.recalled(r)));
    s.on('presence', (p) => live(() => events.presence(p)));
    s.on('connect', () =>
      live(() => {
        handlers.status('connected');
        handlers.connected(this.everConnected);
        this.everConnected = true;
      }),
    );
    s.on('disconnect', () => live(() => handlers.status('disconnected')));
    s.io.on('reconnect_attempt', () => live(() => handlers.status('reconnecting')));
    s.io.on('reconnect_failed', () =>
      live(() => {
        handlers.status('offline');
        handlers.reconnectFailed();
      }),
    );
    s.on('connect_error', (err: Error & { data?: { code?: string; message?: string } }) =>
      live(() => {
        // an active socket retries by itself; an inactive one was refused by the server
        if (s.active) return;
        if (err.data?.code === 'UNAUTHORIZED') handlers.unauthorized();
        else handlers.error(new ClientError(err.data?.code ?? 'SOCKET_ERROR', err.data?.message ?? err.message));
      }),
    );
  }
}

/** the page's one connection to the chat server */
export const chatSocket = new ChatSocket();
