import type { RoomView, UserView } from '../src/domain/views.js';

/** A failure the page can show: the server's error code, or one the client made up (NETWORK_ERROR, TIMEOUT...). */
export class ClientError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ClientError';
  }
}

/** Anything caught, as a ClientError: a bug in a handler still reaches the banner with a code. */
export function asClientError(err: unknown): ClientError {
  if (err instanceof ClientError) return err;
  return new ClientError('INTERNAL_ERROR', err instanceof Error ? err.message : String(err));
}

const TOKEN_KEY = 'parrot.token';

export function getToken(): string | null {
  return window.localStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string | null): void {
  if (token) window.localStorage.setItem(TOKEN_KEY, token);
  else window.localStorage.removeItem(TOKEN_KEY);
}

let unauthorized: () => void = () => {};

/** `fn` runs whenever the server says the token is no good */
export function onUnauthorized(fn: () => void): void {
  unauthorized = fn;
}

function errorOf(status: number, body: unknown): ClientError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (error && typeof error.code === 'string') {
    return new ClientError(error.code, typeof error.message === 'string' ? error.message : error.code);
  }
  return new ClientError('INTERNAL_ERROR', `Unexpected response (${status})`);
}

async function request<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    throw new ClientError('NETWORK_ERROR', 'Could not reach the server');
  }
  const parsed: unknown = await res.json().catch(() => null);
  if (res.ok) return parsed as T;
  const err = errorOf(res.status, parsed);
  if (err.code === 'UNAUTHORIZED') unauthorized();
  throw err;
}

const segment = encodeURIComponent;

/** The REST API of harness/PROTOCOL.md, as the page uses it. */
export const api = {
  register: (username: string, password: string) =>
    request<UserView>('POST', '/api/users/register', { username, password }),
  login: (username: string, password: string) =>
    request<{ token: string; user: UserView }>('POST', '/api/users/login', { username, password }),
  me: () => request<UserView>('GET', '/api/users/me'),
  user: (userId: string) => request<UserView>('GET', `/api/users/${segment(userId)}`),
  rooms: () => request<RoomView[]>('GET', '/api/rooms'),
  createRoom: (name: string) => request<RoomView>('POST', '/api/rooms', { name }),
  joinRoom: (roomId: string) => request<RoomView>('POST', `/api/rooms/${segment(roomId)}/join`, {}),
  direct: (userId: string) => request<RoomView>('POST', `/api/direct/${segment(userId)}`, {}),
  unread: () => request<Record<string, number>>('GET', '/api/unread'),
  server: () => request<{ url: string }>('GET', '/api/server'),
};
