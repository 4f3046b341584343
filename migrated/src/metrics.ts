import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What /metrics exposes, in Prometheus text format. One registry per app instance. */
export class Metrics {
  readonly registry = new Registry();
  readonly connections = new Gauge({ name: 'parrot_socket_connections', help: 'open Socket.io connections on this node', registers: [this.registry] });
  readonly messages = new Counter({ name: 'parrot_messages_total', help: 'messages stored (rate() gives messages/s)', labelNames: ['via'] as const, registers: [this.registry] });
  readonly ackLatency = new Histogram({
    name: 'parrot_ack_latency_seconds',
    help: 'time from a socket event to its ack',
    labelNames: ['event', 'ok'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'parrot_' });
  }
}
