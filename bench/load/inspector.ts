/**
 * Live memory of a node process, read inside it through its V8 inspector (CDP over a websocket):
 * a full GC (HeapProfiler.collectGarbage), then process.memoryUsage() by Runtime.evaluate. Unlike
 * RSS from /proc, this leaves out garbage not yet collected and heap pages V8 keeps for later.
 */
import WebSocket from 'ws';

export interface LiveMemory {
  /** bytes, after the full GC */
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  rss: number;
}

interface CdpReply {
  id?: number;
  result?: { result?: { value?: unknown }; exceptionDetails?: unknown };
  error?: { message: string };
}

/** the websocket address of the process's (one) inspector target, from /json/list */
export async function inspectorUrl(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/json/list`, { signal: AbortSignal.timeout(5000) });
  const targets = (await res.json()) as { webSocketDebuggerUrl?: string }[];
  const url = targets.find((t) => t.webSocketDebuggerUrl)?.webSocketDebuggerUrl;
  if (!url) throw new Error(`the inspector on ${port} lists no target`);
  return url;
}

/** one CDP session: send(method, params) resolves with the reply's result */
export class CdpSession {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (r: CdpReply['result']) => void; reject: (e: Error) => void }>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as CdpReply;
      if (msg.id === undefined) return; // an event
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`CDP: ${msg.error.message}`));
      else p.resolve(msg.result);
    });
    ws.on('close', () => {
      for (const p of this.pending.values()) p.reject(new Error('the inspector closed the session'));
      this.pending.clear();
    });
  }

  static async open(port: number): Promise<CdpSession> {
    const ws = new WebSocket(await inspectorUrl(port), { perMessageDeflate: false, maxPayload: 2 ** 31 - 1 });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new CdpSession(ws);
  }

  send(method: string, params: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<CdpReply['result']> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`CDP ${method}: no answer in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (r) => { clearTimeout(timer); resolve(r); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** evaluates an expression in the process's global scope; its value must survive JSON */
  async evaluate<T>(expression: string): Promise<T> {
    const r = await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (r?.exceptionDetails) throw new Error(`evaluate ${expression}: ${JSON.stringify(r.exceptionDetails).slice(0, 500)}`);
    return r?.result?.value as T;
  }

  /** listens to one CDP event until the returned function is called */
  on(method: string, listener: (params: Record<string, unknown>) => void): () => void {
    const handler = (data: WebSocket.RawData): void => {
      const msg = JSON.parse(String(data)) as { method?: string; params?: Record<string, unknown> };
      if (msg.method === method) listener(msg.params ?? {});
    };
    this.ws.on('message', handler);
    return () => this.ws.off('message', handler);
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}

/** full GC (twice: the first one's finalizers can free more), then process.memoryUsage() */
export async function liveMemory(port: number): Promise<LiveMemory> {
  const session = await CdpSession.open(port);
  try {
    await session.send('HeapProfiler.collectGarbage');
    await session.send('HeapProfiler.collectGarbage');
    const json = await session.evaluate<string>('JSON.stringify(process.memoryUsage())');
    const m = JSON.parse(json) as LiveMemory;
    return { heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, rss: m.rss };
  } finally {
    await session.close();
  }
}
