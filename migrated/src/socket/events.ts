import type { UserRef } from '../store/port.js';
import type { ErrorPayload } from '../errors.js';
import type { ServerToClientEvents } from '../domain/broadcaster.js';

export type { ServerToClientEvents };

export type Ack<T = object> = (reply: ({ ok: true } & T) | { ok: false; error: ErrorPayload }) => void;

/** Client → server events. Payloads are `unknown` on purpose: every one is validated before use. */
export interface ClientToServerEvents {
  join: (payload: unknown, ack?: Ack) => void;
  leave: (payload: unknown, ack?: Ack) => void;
  message: (payload: unknown, ack?: Ack) => void;
  typing: (payload: unknown, ack?: Ack) => void;
  read: (payload: unknown, ack?: Ack) => void;
  recall: (payload: unknown, ack?: Ack) => void;
  history: (payload: unknown, ack?: Ack) => void;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no server-to-server events yet
export interface InterServerEvents {}

/** per socket for its whole life, and sent with it in every fetchSockets answer: only what is needed */
export interface SocketData {
  user: UserRef;
}

export const CLIENT_EVENTS = ['join', 'leave', 'message', 'typing', 'read', 'recall', 'history'] as const satisfies readonly (keyof ClientToServerEvents)[];
