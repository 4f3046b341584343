/**
 * One load-generator client's socket: socket.io-client 2 (legacy) or 4 (migrated, bare), its
 * connections bound to a loopback source address through an http.Agent, which both the polling
 * (xmlhttprequest-ssl) and the websocket (ws) transport of both majors pass on to http.request.
 */
import http from 'node:http';
import ioV2 from 'socket.io-client';
import { io as ioV4 } from 'socket.io-client-v4';
import type { ChatSocket } from '../../harness/src/client.js';

export interface BenchSocketOptions {
  clientVersion: 2 | 4;
  url: string;
  token: string;
  transports: ('polling' | 'websocket')[];
  withCredentials: boolean;
  agent: http.Agent;
  timeoutMs: number;
}

const agents = new Map<string, http.Agent>();

/** one agent per source address, shared by the clients that bind to it */
export function agentFor(localAddress: string): http.Agent {
  let agent = agents.get(localAddress);
  if (!agent) {
    agent = new http.Agent({ localAddress, keepAlive: false });
    agents.set(localAddress, agent);
  }
  return agent;
}

function open(o: BenchSocketOptions): ChatSocket {
  const common = { forceNew: true, reconnection: false, transports: o.transports, timeout: o.timeoutMs, agent: o.agent };
  if (o.clientVersion === 2) return ioV2(o.url, { ...common, query: { token: o.token } } as object) as unknown as ChatSocket;
  return ioV4(o.url, { ...common, auth: { token: o.token }, withCredentials: o.withCredentials } as object) as unknown as ChatSocket;
}

/** Resolves the connected socket, or rejects with an error whose message is a short code. */
export function connectBenchSocket(o: BenchSocketOptions): Promise<ChatSocket> {
  const socket = open(o);
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => fail('CONNECT_TIMEOUT'), o.timeoutMs + 1000);
    function fail(code: string): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.close();
      reject(new Error(code));
    }
    socket.on('connect', () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(socket);
    });
    socket.on('connect_error', (err: Error & { data?: { code?: string } }) =>
      fail(err.data?.code ?? (err.message === 'timeout' ? 'CONNECT_TIMEOUT' : `CONNECT_ERROR ${err.message}`)),
    );
    socket.on('connect_timeout', () => fail('CONNECT_TIMEOUT'));
    // v2 reports a refused handshake as `error` with the server's payload
    socket.on('error', (data: { code?: string } | undefined) => fail(data?.code ?? 'CONNECT_ERROR'));
  });
}
