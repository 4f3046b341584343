import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { UserDoc } from '../store/port.js';
import { AppError } from '../errors.js';
import { requireObject } from '../validate.js';
import type { RestDeps } from './app.js';

type Authed = Request & { user: UserDoc };

/** async handler → express handler that forwards rejections to the error middleware */
const handle =
  (fn: (req: Request, res: Response) => Promise<void>): RequestHandler =>
  (req, res, next) => {
    fn(req, res).catch(next);
  };

export function authRoutes({ chat, metrics, config }: RestDeps): Router {
  const r = Router();
  const requireUser: RequestHandler = (req: Request, _res: Response, next: NextFunction) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    if (!match) return next(new AppError('UNAUTHORIZED', 'missing Authorization: Bearer <token>'));
    chat.authenticate(match[1]).then((user) => {
      (req as Authed).user = user;
      next();
    }, next);
  };
  const user = (req: Request): UserDoc => (req as Authed).user;

  r.post('/users/register', handle(async (req, res) => {
    const body = requireObject(req.body, 'body');
    res.status(201).json(await chat.register(body.username, body.password));
  }));
  r.post('/users/login', handle(async (req, res) => {
    const body = requireObject(req.body, 'body');
    res.json(await chat.login(body.username, body.password));
  }));
  r.get('/users/me', requireUser, (req, res) => void res.json({ id: user(req)._id, username: user(req).username, createdAt: new Date(user(req).createdAt).toISOString() }));
  r.get('/users/:id', requireUser, handle(async (req, res) => void res.json(await chat.user(req.params.id))));

  r.get('/rooms', requireUser, handle(async (req, res) => void res.json(await chat.rooms(user(req)))));
  r.post('/rooms', requireUser, handle(async (req, res) => {
    const body = requireObject(req.body, 'body');
    res.status(201).json(await chat.createRoom(user(req), body.name, body.members));
  }));
  r.post('/rooms/:id/join', requireUser, handle(async (req, res) => void res.json(await chat.join(user(req), req.params.id))));
  r.post('/rooms/:id/leave', requireUser, handle(async (req, res) => {
    await chat.leave(user(req), req.params.id);
    res.json({ ok: true });
  }));
  r.get('/rooms/:id/messages', requireUser, handle(async (req, res) => {
    res.json(await chat.history(user(req), req.params.id, req.query.before, req.query.limit));
  }));
  r.post('/rooms/:id/messages', requireUser, handle(async (req, res) => {
    const body = requireObject(req.body, 'body');
    const { message, created } = await chat.postMessage(user(req), req.params.id, body.text, body.clientId);
    if (created) metrics.messages.inc({ via: 'rest' });
    res.status(created ? 201 : 200).json(message);
  }));
  r.post('/direct/:userId', requireUser, handle(async (req, res) => void res.json(await chat.direct(user(req), req.params.userId))));
  r.get('/unread', requireUser, handle(async (req, res) => void res.json(await chat.unread(user(req)))));
  r.get('/server', (req, res) => {
    // HAProxy balances the socket nodes now: the answer is the load balancer's address
    if (config.socketio.lbHost) return void res.json({ url: config.socketio.lbHost });
    if (config.runtimeMode === 'all') return void res.json({ url: `${req.protocol}://${req.get('host')}` });
    res.status(503).json({ error: { code: 'NO_SERVER_AVAILABLE', message: 'no socket server configured (SOCKETIO_LB_HOST)' } });
  });
  return r;
}
