import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cors from 'cors';
import express, { type NextFunction, type Request, type Response } from 'express';
import rateLimit from 'express-rate-limit';
import helmet from 'helmet';
import type { Config } from '../config/schema.js';
import type { Chat } from '../domain/chat.js';
import { AppError, statusOf, toPayload } from '../errors.js';
import type { Metrics } from '../metrics.js';
import { authRoutes } from './routes.js';

export interface RestDeps {
  config: Config;
  chat: Chat;
  metrics: Metrics;
  /** storage and redis reachable */
  ready: () => Promise<void>;
  /** shutting down: the load balancer should send no new work (health and readiness answer 503) */
  draining: () => boolean;
}

const PUBLIC = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'public');

function bodyErrors(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  const type = (err as { type?: string }).type;
  if (type === 'entity.parse.failed') {
    res.status(400).json({ error: { code: 'INVALID_JSON', message: 'request body is not valid JSON' } });
  } else if (type === 'entity.too.large') {
    res.status(413).json({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'request body is too large' } });
  } else if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
    res.status(415).json({ error: { code: 'VALIDATION_ERROR', message: (err as Error).message } });
  } else {
    next(err);
  }
}

/** The REST role's express app: the API, health endpoints and the web client. Never listens itself. */
export function restApp(deps: RestDeps, log: { error: (obj: object, msg: string) => void }): express.Express {
  const { config, metrics } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.http.trustProxy);
  app.use(helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false }));
  app.use(cors({ origin: config.http.corsOrigins.length ? config.http.corsOrigins : false }));

  app.get('/ping', (_req, res) => void res.type('text/plain').send('pong'));
  app.get('/healthz', (_req, res) => {
    if (deps.draining()) res.status(503).json({ status: 'draining' });
    else res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    if (deps.draining()) return void res.status(503).json({ status: 'not ready', reason: 'draining' });
    deps.ready().then(
      () => res.json({ status: 'ready' }),
      (err: Error) => res.status(503).json({ status: 'not ready', reason: err.message }),
    );
  });
  app.get('/metrics', (_req, res, next) => {
    metrics.registry.metrics().then((text) => res.type(metrics.registry.contentType).send(text), next);
  });

  // the web client: index.html, css/, and js/app.js as npm run build:web bundled it
  app.use(express.static(PUBLIC));

  app.use('/api', rateLimit({
    windowMs: config.ipRateLimit.windowMs,
    limit: config.ipRateLimit.count,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, res) => void res.status(429).json({ error: { code: 'RATE_LIMITED', message: 'too many requests, slow down' } }),
  }));
  app.use('/api', express.json({ limit: config.http.bodyLimit }), bodyErrors);
  app.use('/api', authRoutes(deps));
  app.use('/api', (req, res) => void res.status(404).json({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.originalUrl}` } }));
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = statusOf(err);
    if (!(err instanceof AppError)) log.error({ err, method: req.method, url: req.originalUrl }, 'request failed');
    res.status(status).json({ error: toPayload(err) });
  });
  return app;
}
