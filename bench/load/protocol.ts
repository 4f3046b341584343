/** What the coordinator and its client processes say to each other over IPC. */
import type { Histogram } from './histogram.js';

export interface ClientSpec {
  index: number;
  /** '' for the bare server, which checks nothing */
  token: string;
  roomId: string;
  /** the loopback source address this client's connections bind to */
  localAddress: string;
}

export interface ClientSetup {
  clientVersion: 2 | 4;
  transports: ('polling' | 'websocket')[];
  /** keep cookies (the parrot-sticky one) between a v4 client's requests */
  withCredentials: boolean;
  /** the Socket.io address; null: ask `${restUrl}/api/server` for each client */
  socketUrl: string | null;
  restUrl: string | null;
  /** this process's share of the connect rate, clients per second */
  connectRate: number;
  connectTimeoutMs: number;
  ackTimeoutMs: number;
  clients: ClientSpec[];
}

export interface TrafficPlan {
  /** epoch ms every process starts sending at, so the timelines line up */
  startAt: number;
  durationMs: number;
  /** messages per second per client */
  ratePerClient: number;
  maxPerClient: number;
  textBytes: number;
  /** a client with this many unacked messages skips its turn instead of queueing more */
  maxInflight: number;
  /** how long to keep listening for deliveries once every ack is settled */
  deliveryGraceMs: number;
}

export type Counts = Record<string, number>;

export interface ConnectResult {
  connected: number;
  errors: Counts;
  connectMs: Histogram;
  lookupMs: Histogram;
  /** clients per Socket.io address they were sent to */
  perServer: Counts;
}

export interface JoinResult {
  joined: number;
  errors: Counts;
  joinMs: Histogram;
}

export interface TrafficResult {
  sent: number;
  acked: number;
  /** by code: an error ack's code, TIMEOUT, ... */
  errors: Counts;
  /** turns skipped: too many unacked messages, or the socket was gone */
  skipped: number;
  lateAcks: number;
  delivered: number;
  ackMs: Histogram;
  fanoutMs: Histogram;
  disconnects: number;
  /** clients whose socket was already gone when traffic started (dropped after connecting) */
  goneAtStart: number;
  /** per second since startAt */
  timeline: { sent: number[]; acked: number[]; delivered: number[] };
}

export type ToClients =
  | { type: 'connect'; setup: ClientSetup }
  | { type: 'join' }
  | { type: 'traffic'; plan: TrafficPlan }
  | { type: 'close' };

export type FromClients =
  | { type: 'connected'; result: ConnectResult }
  | { type: 'joined'; result: JoinResult }
  | { type: 'trafficDone'; result: TrafficResult }
  | { type: 'closed' }
  | { type: 'fatal'; message: string };
