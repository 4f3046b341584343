/**
 * The recording side of the replay: a Session performs one step at a time
 * (a REST call, a socket emit with ack, a socket connect or close) and
 * appends it to the trace with the events every open socket received while
 * the step ran.
 *
 * Each socket has a recorder attached from the moment it connects, so no
 * event can slip past between two steps. A step ends when (1) the events it
 * declares it expects have arrived (or the wait timed out: they are listed as
 * `missing`), and (2) every open socket answered a fence request. A server
 * writes to one socket in order, so whatever it sent before the fence ack
 * belongs to this step, not the next one.
 */
import { Api, connectV2, request, type ChatSocket, type RequestOptions } from '../src/client.js';

export type StepKind = 'rest' | 'emit' | 'event';

export interface ReceivedEvent {
  event: string;
  data: unknown;
}

export interface Step {
  n: number;
  label: string;
  actor: string;
  kind: StepKind;
  request: unknown;
  /** rest: {status, body}; event: what the connect or close came to */
  response?: unknown;
  /** emit: the ack */
  ack?: unknown;
  /** socket name -> what it received during the step, in arrival order */
  events: Record<string, ReceivedEvent[]>;
  /** expected events that did not come ("socket:event") */
  missing?: string[];
}

export interface Trace {
  target: string;
  /** the per-run suffix of the usernames */
  runTag: string;
  steps: Step[];
}

/** what a step waits for: socket name -> event names (repeat a name to wait for several) */
export type Expect = Record<string, string[]>;

/** every event the server sends to clients */
export const SERVER_EVENTS = ['message', 'typing', 'read', 'recalled', 'presence'];

interface Recorded {
  socket: ChatSocket;
  seen: ReceivedEvent[];
}

export class Session {
  readonly steps: Step[] = [];
  private readonly sockets = new Map<string, Recorded>();
  private readonly waiters = new Set<() => void>();

  constructor(
    readonly api: Api,
    readonly socketUrl: string,
    /** how long a step waits for the events it expects */
    readonly waitMs = 3000,
  ) {}

  async rest(label: string, actor: string, method: string, path: string, options: RequestOptions = {}, expect: Expect = {}): Promise<any> {
    const request = { method, path, token: options.token ?? null, body: options.json ?? options.raw ?? null };
    let response: { status: number; body: unknown };
    let body: any = null;
    try {
      const reply = await this.api.request(method, path, options);
      body = reply.body;
      response = { status: reply.status, body: reply.body ?? reply.text };
    } catch (err) {
      response = { status: 0, body: `request failed: ${(err as Error).message}` };
    }
    await this.finish({ label, actor, kind: 'rest', request, response }, expect);
    return body;
  }

  async emit(label: string, actor: string, event: string, payload: unknown, expect: Expect = {}): Promise<any> {
    const rec = this.sockets.get(actor);
    let ack: any;
    if (!rec) ack = { replayError: `socket ${actor} is not connected` };
    else ack = await request(rec.socket, event, payload).catch((err: Error) => ({ replayError: err.message }));
    await this.finish({ label, actor, kind: 'emit', request: { event, payload }, ack }, expect);
    return ack;
  }

  /** connects socket `name`; true when it connected */
  async connect(label: string, name: string, token: string | undefined, expect: Expect = {}): Promise<boolean> {
    let response: unknown;
    try {
      const socket = await connectV2(this.socketUrl, token);
      this.attach(name, socket);
      response = { connected: true };
    } catch (err) {
      response = { connected: false, error: (err as { data?: unknown }).data ?? (err as Error).message };
    }
    await this.finish({ label, actor: name, kind: 'event', request: { action: 'connect', token: token ?? null }, response }, expect);
    return this.sockets.has(name);
  }

  async close(label: string, name: string, expect: Expect = {}): Promise<void> {
    const rec = this.sockets.get(name);
    rec?.socket.close();
    const response = { closed: !!rec };
    await this.finish({ label, actor: name, kind: 'event', request: { action: 'close' }, response }, expect);
    this.sockets.delete(name);
  }

  /** closes every socket still open */
  end(): void {
    for (const rec of this.sockets.values()) rec.socket.close();
    this.sockets.clear();
  }

  trace(target: string, runTag: string): Trace {
    return { target, runTag, steps: this.steps };
  }

  private attach(name: string, socket: ChatSocket): void {
    const rec: Recorded = { socket, seen: [] };
    for (const event of SERVER_EVENTS) {
      socket.on(event, (data: unknown) => {
        rec.seen.push({ event, data });
        for (const wake of this.waiters) wake();
      });
    }
    this.sockets.set(name, rec);
  }

  private async finish(step: Omit<Step, 'n' | 'events'>, expect: Expect): Promise<void> {
    const missing = await this.awaitExpected(expect);
    await this.fence();
    const events: Record<string, ReceivedEvent[]> = {};
    for (const [name, rec] of this.sockets) {
      if (rec.seen.length) events[name] = rec.seen.splice(0);
    }
    const full: Step = { n: this.steps.length + 1, ...step, events };
    if (missing.length) full.missing = missing;
    this.steps.push(full);
  }

  /** waits, event-driven, until every expected event is in; returns the ones that never came */
  private async awaitExpected(expect: Expect): Promise<string[]> {
    const deadline = Date.now() + this.waitMs;
    const wanted = Object.entries(expect).flatMap(([name, events]) => events.map((event) => ({ name, event })));
    const short = (): string[] => {
      const left = new Map<string, number>();
      for (const { name, event } of wanted) left.set(`${name}:${event}`, (left.get(`${name}:${event}`) ?? 0) + 1);
      for (const [name, rec] of this.sockets) {
        for (const { event } of rec.seen) {
          const key = `${name}:${event}`;
          const n = left.get(key);
          if (n !== undefined) left.set(key, n - 1);
        }
      }
      return [...left].flatMap(([key, n]) => Array.from({ length: Math.max(n, 0) }, () => key));
    };
    for (;;) {
      const missing = short();
      const remaining = deadline - Date.now();
      if (!missing.length || remaining <= 0) return missing;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, remaining);
        const waiters = this.waiters;
        function done(): void {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        }
        waiters.add(done);
      });
    }
  }

  /** a side-effect-free request on every open socket (answered VALIDATION_ERROR) */
  private async fence(): Promise<void> {
    await Promise.all(
      [...this.sockets.values()].filter((r) => r.socket.connected).map((r) => request(r.socket, 'history', {}, 2000).catch(() => null)),
    );
  }
}
