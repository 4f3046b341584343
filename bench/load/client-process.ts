/**
 * A load-generator process (forked by generator.ts): opens its share of the clients at its share
 * of the connect rate, joins their rooms, sends messages on a schedule and measures acks and
 * deliveries. Each phase starts on the coordinator's word and ends by count and by time.
 */
import { performance } from 'node:perf_hooks';
import type { ChatSocket } from '../../harness/src/client.js';
import { agentFor, connectBenchSocket } from './bench-socket.js';
import { emptyHistogram, record } from './histogram.js';
import type { ClientSetup, ClientSpec, ConnectResult, Counts, FromClients, JoinResult, ToClients, TrafficPlan, TrafficResult } from './protocol.js';

interface Client {
  spec: ClientSpec;
  socket: ChatSocket;
  inflight: number;
}

const clients: Client[] = [];
let setup: ClientSetup | null = null;

const now = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const count = (counts: Counts, code: string): void => {
  counts[code] = (counts[code] ?? 0) + 1;
};
const send = (message: FromClients): void => {
  process.send?.(message);
};

async function lookup(restUrl: string): Promise<string> {
  const res = await fetch(`${restUrl}/api/server`, { signal: AbortSignal.timeout(10_000) });
  if (res.status !== 200) throw new Error(`LOOKUP_${res.status}`);
  return ((await res.json()) as { url: string }).url;
}

async function connectAll(s: ClientSetup): Promise<ConnectResult> {
  const result: ConnectResult = { connected: 0, errors: {}, connectMs: emptyHistogram(), lookupMs: emptyHistogram(), perServer: {} };
  const gapMs = 1000 / s.connectRate;
  const start = now();
  const attempts = s.clients.map(async (spec, i) => {
    await sleep(Math.max(0, start + i * gapMs - now()));
    try {
      let url = s.socketUrl;
      if (url === null) {
        const t = now();
        url = await lookup(s.restUrl!);
        record(result.lookupMs, now() - t);
      }
      const t = now();
      const socket = await connectBenchSocket({
        clientVersion: s.clientVersion, url, token: spec.token, transports: s.transports,
        withCredentials: s.withCredentials, agent: agentFor(spec.localAddress), timeoutMs: s.connectTimeoutMs,
      });
      record(result.connectMs, now() - t);
      result.connected += 1;
      count(result.perServer, url);
      clients.push({ spec, socket, inflight: 0 });
    } catch (err) {
      // a code as it is; anything else keeps a short reason, so a failed run says why
      const message = err instanceof Error ? err.message : String(err);
      count(result.errors, /^[A-Z_0-9]+$/.test(message) ? message : `CONNECT_ERROR ${message.slice(0, 60)}`);
    }
  });
  await Promise.all(attempts);
  return result;
}

/** emits with an ack; resolves the ack, or null after timeoutMs */
function emitWithAck(socket: ChatSocket, event: string, payload: unknown, timeoutMs: number): Promise<any> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs);
    socket.emit(event, payload, (ack: unknown) => {
      clearTimeout(timer);
      resolve(ack);
    });
  });
}

async function joinAll(s: ClientSetup): Promise<JoinResult> {
  const result: JoinResult = { joined: 0, errors: {}, joinMs: emptyHistogram() };
  await Promise.all(
    clients.map(async (c) => {
      const t = now();
      const ack = await emitWithAck(c.socket, 'join', { roomId: c.spec.roomId }, s.ackTimeoutMs);
      if (ack === null) count(result.errors, 'TIMEOUT');
      else if (!ack.ok) count(result.errors, ack.error?.code ?? 'ERROR');
      else {
        result.joined += 1;
        record(result.joinMs, now() - t);
      }
    }),
  );
  return result;
}

function bump(series: number[], at: number): void {
  series[at] = (series[at] ?? 0) + 1;
}

async function traffic(s: ClientSetup, plan: TrafficPlan): Promise<TrafficResult> {
  const r: TrafficResult = {
    sent: 0, acked: 0, errors: {}, skipped: 0, lateAcks: 0, delivered: 0, disconnects: 0,
    goneAtStart: clients.filter((c) => !c.socket.connected).length,
    ackMs: emptyHistogram(), fanoutMs: emptyHistogram(), timeline: { sent: [], acked: [], delivered: [] },
  };
  const second = (): number => Math.max(0, Math.floor((now() - plan.startAt) / 1000));
  const endAt = plan.startAt + plan.durationMs;
  const gapMs = 1000 / plan.ratePerClient;
  const pad = 'x'.repeat(Math.max(0, plan.textBytes - 24));
  let pending = 0;

  const onMessage = (message: { text?: string }): void => {
    const sentAt = /^t=(\d+(?:\.\d+)?) /.exec(message?.text ?? '');
    if (!sentAt) return;
    r.delivered += 1;
    bump(r.timeline.delivered, second());
    record(r.fanoutMs, Math.max(0, now() - Number(sentAt[1])));
  };
  const onDisconnect = (): void => {
    r.disconnects += 1;
  };
  for (const c of clients) {
    c.socket.on('message', onMessage);
    c.socket.on('disconnect', onDisconnect);
  }

  const sendOne = (c: Client, seq: number): void => {
    if (!c.socket.connected || c.inflight >= plan.maxInflight) {
      r.skipped += 1;
      return;
    }
    const t = now();
    c.inflight += 1;
    pending += 1;
    r.sent += 1;
    bump(r.timeline.sent, second());
    let settled = false;
    const settle = (): void => {
      settled = true;
      c.inflight -= 1;
      pending -= 1;
    };
    const timer = setTimeout(() => {
      settle();
      count(r.errors, 'TIMEOUT');
    }, s.ackTimeoutMs);
    const payload = { roomId: c.spec.roomId, text: `t=${t.toFixed(3)} ${pad}`, clientId: `b${c.spec.index}-${seq}` };
    c.socket.emit('message', payload, (ack: { ok?: boolean; error?: { code?: string } } | undefined) => {
      if (settled) {
        r.lateAcks += 1;
        return;
      }
      clearTimeout(timer);
      settle();
      if (ack?.ok) {
        r.acked += 1;
        bump(r.timeline.acked, second());
        record(r.ackMs, now() - t);
      } else count(r.errors, ack?.error?.code ?? 'ERROR');
    });
  };

  // each client sends at a fixed pace from a random phase; a loop ends by count and by time
  await Promise.all(
    clients.map(async (c) => {
      const first = plan.startAt + Math.random() * gapMs;
      for (let seq = 0; seq < plan.maxPerClient; seq++) {
        const at = first + seq * gapMs;
        if (at >= endAt) break;
        await sleep(Math.max(0, at - now()));
        sendOne(c, seq);
      }
    }),
  );
  // every send settles by ack or by its timer: wait that long at most, then a grace for deliveries
  const settleBy = now() + s.ackTimeoutMs + 500;
  while (pending > 0 && now() < settleBy) await sleep(50);
  let lastDelivered = -1;
  const graceBy = now() + plan.deliveryGraceMs;
  while (lastDelivered !== r.delivered && now() < graceBy) {
    lastDelivered = r.delivered;
    await sleep(300);
  }
  for (const c of clients) {
    c.socket.off('message', onMessage);
    c.socket.off('disconnect', onDisconnect);
  }
  return r;
}

async function handle(message: ToClients): Promise<void> {
  switch (message.type) {
    case 'connect':
      setup = message.setup;
      send({ type: 'connected', result: await connectAll(setup) });
      break;
    case 'join':
      send({ type: 'joined', result: await joinAll(setup!) });
      break;
    case 'traffic':
      send({ type: 'trafficDone', result: await traffic(setup!, message.plan) });
      break;
    case 'close':
      for (const c of clients) c.socket.close();
      send({ type: 'closed' });
      break;
  }
}

process.on('message', (message: ToClients) => {
  handle(message).catch((err: unknown) => {
    send({ type: 'fatal', message: err instanceof Error ? err.stack ?? err.message : String(err) });
  });
});
// the coordinator gone (killed, crashed): nothing is left to report to
process.on('disconnect', () => process.exit(0));
