/**
 * The ceiling: a bare Socket.io 4 server with parrot's event shapes (join, message with acks,
 * `message` to the room's other sockets) and nothing else: no auth, store, plugins or adapter.
 * Run as its own process (PORT) so its CPU and RSS are measured like the others'.
 * GET /ping answers pong; GET /stats the event-loop delay since the last /stats (as prom-client
 * resets it on each scrape) and the GC time since start.
 */
import http from 'node:http';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { Server } from 'socket.io-v4';

type Ack = (reply: unknown) => void;

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ['gc'] });

const httpServer = http.createServer((req, res) => {
  if (req.url === '/ping') {
    res.end('pong');
  } else if (req.url === '/stats') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ eventLoopP99Ms: loopDelay.percentile(99) / 1e6, eventLoopMaxMs: loopDelay.max / 1e6, gcMs }));
    loopDelay.reset();
  } else if (!req.url?.startsWith('/socket.io/')) {
    res.statusCode = 404;
    res.end();
  }
});

const io = new Server(httpServer, { cors: { origin: true } });
let nextId = 0;

io.on('connection', (socket) => {
  socket.on('join', (payload: { roomId?: unknown }, ack?: Ack) => {
    if (typeof payload?.roomId !== 'string') return ack?.({ ok: false, error: { code: 'VALIDATION_ERROR', message: 'roomId' } });
    void socket.join(payload.roomId);
    ack?.({ ok: true, room: { id: payload.roomId } });
  });
  socket.on('message', (payload: { roomId?: unknown; text?: unknown; clientId?: unknown }, ack?: Ack) => {
    const { roomId, text } = payload ?? {};
    if (typeof roomId !== 'string' || typeof text !== 'string') {
      return ack?.({ ok: false, error: { code: 'VALIDATION_ERROR', message: 'roomId and text' } });
    }
    if (!socket.rooms.has(roomId)) return ack?.({ ok: false, error: { code: 'NOT_MEMBER', message: roomId } });
    nextId += 1;
    const message = {
      id: String(nextId).padStart(12, '0'), roomId, userId: socket.id, username: socket.id, text, type: 'text',
      clientId: typeof payload.clientId === 'string' ? payload.clientId : null, mentions: [], createdAt: new Date().toISOString(), recalled: false,
    };
    ack?.({ ok: true, message });
    socket.to(roomId).emit('message', message);
  });
});

httpServer.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => io.close(() => process.exit(0)));
