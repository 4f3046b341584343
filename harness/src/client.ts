import ioV2 from 'socket.io-client';
import { io as ioV4 } from 'socket.io-client-v4';

/** What a REST call answered: status, parsed JSON body (or null) and raw text. */
export interface Reply<T = any> {
  status: number;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string;
  /** sent as JSON */
  json?: unknown;
  /** sent as is, with content-type application/json (malformed-JSON cases) */
  raw?: string;
  headers?: Record<string, string>;
}

export class Api {
  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, route: string, options: RequestOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.json !== undefined || options.raw !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = options.raw ?? JSON.stringify(options.json);
    }
    const res = await fetch(this.baseUrl + route, { method, headers, body, signal: AbortSignal.timeout(10_000) });
    const text = await res.text();
    let parsed: any = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    return { status: res.status, body: parsed as T, text };
  }

  get<T = any>(route: string, token?: string): Promise<Reply<T>> {
    return this.request<T>('GET', route, { token });
  }

  post<T = any>(route: string, json?: unknown, token?: string): Promise<Reply<T>> {
    return this.request<T>('POST', route, { json: json ?? {}, token });
  }
}

export interface TestUser {
  id: string;
  username: string;
  password: string;
  token: string;
}

let counter = 0;

/** Registers and logs in a fresh user with a unique name. */
export async function newUser(api: Api, prefix = 'u'): Promise<TestUser> {
  counter += 1;
  const username = `${prefix}${counter}_${Math.random().toString(36).slice(2, 8)}`.slice(0, 32);
  const password = 'pw-' + Math.random().toString(36).slice(2, 10);
  const reg = await api.post('/api/users/register', { username, password });
  if (reg.status !== 201) throw new Error(`register ${username}: ${reg.status} ${reg.text}`);
  const login = await api.post('/api/users/login', { username, password });
  if (login.status !== 200) throw new Error(`login ${username}: ${login.status} ${login.text}`);
  return { id: login.body.user.id, username, password, token: login.body.token };
}

/** The minimal socket surface both client majors share. */
export interface ChatSocket {
  id: string;
  connected: boolean;
  emit(event: string, ...args: unknown[]): unknown;
  on(event: string, fn: (...args: any[]) => void): unknown;
  off(event: string, fn?: (...args: any[]) => void): unknown;
  close(): unknown;
}

export interface ConnectOptions {
  transports?: string[];
  timeoutMs?: number;
}

const openSockets = new Set<ChatSocket>();

/** Connects with socket.io-client 2 (token in the query). Rejects with the server's error payload. */
export function connectV2(url: string, token: string | undefined, options: ConnectOptions = {}): Promise<ChatSocket> {
  const socket = ioV2(url, {
    query: token === undefined ? {} : { token },
    forceNew: true,
    reconnection: false,
    transports: options.transports ?? ['websocket'],
    timeout: options.timeoutMs ?? 5000,
  }) as unknown as ChatSocket;
  openSockets.add(socket);
  return new Promise((resolve, reject) => {
    const fail = (err: unknown): void => {
      socket.close();
      openSockets.delete(socket);
      reject(err instanceof Error ? err : Object.assign(new Error('connect failed'), { data: err }));
    };
    socket.on('connect', () => resolve(socket));
    socket.on('error', fail);
    socket.on('connect_error', fail);
    socket.on('connect_timeout', () => fail(new Error('connect timeout')));
  });
}

/** Connects with socket.io-client 4 (token in `auth`). Rejects with the server's error payload in `data`. */
export function connectV4(url: string, token: string | undefined, options: ConnectOptions = {}): Promise<ChatSocket> {
  const socket = ioV4(url, {
    auth: token === undefined ? {} : { token },
    forceNew: true,
    reconnection: false,
    transports: (options.transports ?? ['websocket']) as ('websocket' | 'polling')[],
    timeout: options.timeoutMs ?? 5000,
  }) as unknown as ChatSocket;
  openSockets.add(socket);
  return new Promise((resolve, reject) => {
    socket.on('connect', () => resolve(socket));
    socket.on('connect_error', (err: Error & { data?: unknown }) => {
      socket.close();
      openSockets.delete(socket);
      reject(err);
    });
  });
}

/** Closes every socket a test opened and did not close. */
export function closeAllSockets(): void {
  for (const s of openSockets) s.close();
  openSockets.clear();
}

export interface Ack {
  ok: boolean;
  error?: { code: string; message: string };
  [key: string]: any;
}

/** Emits with an ack callback; rejects when no ack comes within `timeoutMs`. */
export function request(socket: ChatSocket, event: string, payload: unknown, timeoutMs = 5000): Promise<Ack> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ack for ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.emit(event, payload, (ack: Ack) => {
      clearTimeout(timer);
      resolve(ack);
    });
  });
}

/** The next `event` on `socket` that passes `match`. */
export function nextEvent<T = any>(
  socket: ChatSocket,
  event: string,
  match: (data: T) => boolean = () => true,
  timeoutMs = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const onEvent = (data: T): void => {
      if (!match(data)) return;
      clearTimeout(timer);
      socket.off(event, onEvent);
      resolve(data);
    };
    const timer = setTimeout(() => {
      socket.off(event, onEvent);
      reject(new Error(`no ${event} event within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on(event, onEvent);
  });
}

/** Collects every `event` for `ms` milliseconds. */
export function collect<T = any>(socket: ChatSocket, event: string, ms: number): Promise<T[]> {
  const seen: T[] = [];
  const onEvent = (data: T): void => {
    seen.push(data);
  };
  socket.on(event, onEvent);
  return new Promise((resolve) =>
    setTimeout(() => {
      socket.off(event, onEvent);
      resolve(seen);
    }, ms),
  );
}
