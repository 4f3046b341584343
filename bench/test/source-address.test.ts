/**
 * The load generator spreads its clients over loopback source addresses so HAProxy's `balance
 * source` sees many clients: both socket.io-client majors must bind every request to the agent's
 * localAddress, the polling requests (xmlhttprequest-ssl) and the websocket upgrade (ws) alike.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import ioServerV2 from 'socket.io';
import { Server as ServerV4 } from 'socket.io-v4';
import { waitFor } from '../../harness/src/ports.js';
import { agentFor, connectBenchSocket } from '../load/bench-socket.js';

interface Seen {
  polling: string[];
  upgrade: string[];
}

async function serve(attach: (server: http.Server) => { close(): void }): Promise<{ url: string; seen: Seen; close(): Promise<void> }> {
  const server = http.createServer();
  const seen: Seen = { polling: [], upgrade: [] };
  // after attaching: engine.io takes over the 'request' listeners there were and calls them only for other paths
  const io = attach(server);
  server.prependListener('request', (req: http.IncomingMessage) => seen.polling.push(req.socket.remoteAddress ?? ''));
  server.prependListener('upgrade', (req: http.IncomingMessage) => seen.upgrade.push(req.socket.remoteAddress ?? ''));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => {
      io.close();
      server.close(() => resolve());
    }),
  };
}

const servers = {
  2: (s: http.Server) => ioServerV2(s),
  4: (s: http.Server) => new ServerV4(s),
} as const;

describe('bench: clients bind to their loopback source address', function () {
  this.timeout(20_000);

  for (const version of [2, 4] as const) {
    it(`socket.io-client ${version}: polling and the websocket upgrade both come from 127.0.1.7`, async () => {
      const target = await serve(servers[version]);
      try {
        const socket = await connectBenchSocket({
          clientVersion: version, url: target.url, token: '', transports: ['polling', 'websocket'],
          withCredentials: false, agent: agentFor('127.0.1.7'), timeoutMs: 5000,
        });
        await waitFor('the websocket upgrade', async () => target.seen.upgrade.length > 0, 5000);
        socket.close();
        assert.ok(target.seen.polling.length > 0, 'no polling request seen');
        assert.deepEqual([...new Set([...target.seen.polling, ...target.seen.upgrade])], ['127.0.1.7']);
      } finally {
        await target.close();
      }
    });
  }
});
