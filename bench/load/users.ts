/**
 * The bench's users and rooms, made over REST before any socket opens: register and log in one
 * user per client (a few at a time), then the first member of every room creates it with the
 * others as members. Clients still send `join` over Socket.io (then a no-op), but membership is not
 * left to it: legacy's redis store updates a room by read-modify-write, so ten concurrent joins of
 * one room keep only some of the members (seen in the first runs: NOT_MEMBER on most sends).
 * The bare server checks nothing: it gets room names.
 */
import { Api, newUser, type TestUser } from '../../harness/src/client.js';
import type { ClientSpec } from './protocol.js';

export interface Population {
  clients: number;
  roomSize: number;
  /** source addresses the clients spread over: 127.0.1.1 ... */
  addresses: number;
}

const REGISTER_CONCURRENCY = 16;

/** the loopback source address of client i: 127.0.1.1 .. 127.0.1.N, round robin */
export function sourceAddress(i: number, addresses: number): string {
  return `127.0.1.${1 + (i % addresses)}`;
}

async function inBatches<T>(count: number, concurrency: number, each: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      out[i] = await each(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return out;
}

export async function preparePopulation(restUrl: string | null, p: Population): Promise<ClientSpec[]> {
  const rooms = Math.ceil(p.clients / p.roomSize);
  if (restUrl === null) {
    return Array.from({ length: p.clients }, (_, i) => ({
      index: i, token: '', roomId: `bench-room-${Math.floor(i / p.roomSize)}`, localAddress: sourceAddress(i, p.addresses),
    }));
  }
  const api = new Api(restUrl);
  const users: TestUser[] = await inBatches(p.clients, REGISTER_CONCURRENCY, () => newUser(api, 'bench'));
  const roomIds = await inBatches(rooms, REGISTER_CONCURRENCY, async (r) => {
    const [owner, ...others] = users.slice(r * p.roomSize, (r + 1) * p.roomSize);
    const created = await api.post('/api/rooms', { name: `bench room ${r}`, members: others.map((u) => u.id) }, owner!.token);
    if (created.status !== 201) throw new Error(`creating bench room ${r}: ${created.status} ${created.text}`);
    return created.body.id as string;
  });
  return users.map((u, i) => ({
    index: i, token: u.token, roomId: roomIds[Math.floor(i / p.roomSize)]!, localAddress: sourceAddress(i, p.addresses),
  }));
}
