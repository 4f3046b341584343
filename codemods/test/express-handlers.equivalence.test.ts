import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import { applyUnit } from '../src/apply.js';
import { findUnit } from '../src/registry.js';
import { Bluebird } from './equivalence-harness.js';

/**
 * then-chain-to-await makes an Express handler that ends with `chain.catch(next)` async, with everything it did
 * inside one try whose catch calls next (express-handlers.ts). The original and the rewritten router are each
 * mounted on a real Express app on a loopback port and asked the same requests: every answer (status and body) and
 * the order of the side effects must be the same, on success, on a rejection, and on a synchronous throw before
 * the chain, from the chain's head and from Promise.try's function.
 */

const require = createRequire(import.meta.url);
const express = require('express') as typeof import('express');

const SOURCE = `
var express = require('express');
var Promise = require('bluebird');
var db = require('db');
var validate = require('validate');

var router = express.Router();

router.get('/items/:id', function (req, res, next) {
  var id = validate.id(req.params.id);
  db.find(id).then(function (doc) {
    res.json(doc);
  }).catch(next);
});

router.post('/items', function (req, res, next) {
  Promise.try(function () {
    validate.id(req.query.id);
    return db.find(req.query.id);
  }).then(function (doc) {
    if (!doc.ok) throw new Error('not ok');
    res.status(201).json(doc);
  }).catch(next);
});

module.exports = router;
`;

/** the world the router uses: validation and a store that can throw, reject or answer, logging each call */
function world(log: string[]): Record<string, unknown> {
  return {
    validate: {
      id(id: string): string {
        log.push(`validate ${id}`);
        if (id === 'bad') throw Object.assign(new Error('bad id'), { status: 400 });
        return id;
      },
    },
    db: {
      find(id: string): unknown {
        log.push(`find ${id}`);
        if (id === 'boom') throw new Error('store down');
        if (id === 'missing') return Bluebird.reject(Object.assign(new Error('not found'), { status: 404 }));
        return Bluebird.delay(1).then(() => ({ id, ok: id !== 'notok' }));
      },
    },
  };
}

function load(source: string, log: string[]): import('express').Router {
  const modules = world(log);
  const mod = { exports: {} as unknown };
  const req = (id: string): unknown => {
    if (id === 'express') return express;
    if (id === 'bluebird') return Bluebird;
    if (!(id in modules)) throw new Error(`test source requires unknown module ${id}`);
    return modules[id];
  };
  new Function('require', 'module', 'exports', source)(req, mod, mod.exports);
  return mod.exports as import('express').Router;
}

const REQUESTS: [method: string, path: string][] = [
  ['GET', '/items/1'],
  ['GET', '/items/bad'],
  ['GET', '/items/boom'],
  ['GET', '/items/missing'],
  ['POST', '/items?id=1'],
  ['POST', '/items?id=bad'],
  ['POST', '/items?id=boom'],
  ['POST', '/items?id=missing'],
  ['POST', '/items?id=notok'],
];

/** Each request's status, body and the side effects it caused, through the router this source exports. */
async function answers(source: string): Promise<string[]> {
  const log: string[] = [];
  const app = express();
  app.use(load(source, log));
  app.use((err: Error & { status?: number }, _req: unknown, res: import('express').Response, _next: unknown) => {
    log.push(`error handler: ${err.message}`);
    res.status(err.status ?? 500).json({ error: err.message });
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  try {
    const { port } = server.address() as AddressInfo;
    const out: string[] = [];
    for (const [method, path] of REQUESTS) {
      log.length = 0;
      const response = await fetch(`http://127.0.0.1:${port}${path}`, { method });
      out.push(`${method} ${path} → ${response.status} ${await response.text()} [${log.join('; ')}]`);
    }
    return out;
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('then-chain-to-await on Express handlers: the same answers through a real Express app', () => {
  it('answers every request as the original does, on success, rejection and synchronous throws', async () => {
    const rewritten = applyUnit(findUnit('then-chain-to-await'), 'routes.js', SOURCE);
    // both handlers became async functions whose body is one try with next(err) in its catch
    assert.equal((rewritten.source.match(/async function \(req, res, next\) \{\n  try \{/g) ?? []).length, 2, rewritten.source);
    assert.equal((rewritten.source.match(/\} catch \(err\) \{/g) ?? []).length, 2, rewritten.source);
    assert.doesNotMatch(rewritten.source, /\.then\(|\.catch\(/);
    const before = await answers(SOURCE);
    const after = await answers(rewritten.source);
    assert.deepEqual(after, before, `--- rewritten:\n${rewritten.source}`);
    // the answers differ from one another: each path was taken
    assert.equal(new Set(before.map((a) => a.split(' → ')[1]!.split(' ')[0])).size, 5, before.join('\n'));
  });
});
