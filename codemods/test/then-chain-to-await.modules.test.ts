import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyUnit } from '../src/apply.js';
import { findUnit } from '../src/registry.js';

/**
 * A chain whose head calls a function of another local module: the rewrite may go ahead only when that
 * module's export surely cannot throw before it returns its promise (read from the module on disk).
 */
const LIB = `var Promise = require('bluebird');

function lookup(id) {
  if (!id) throw new Error('no id');
  return Promise.resolve(id);
}

function find(id) {
  return Promise.try(function () {
    return lookup(id);
  }).then(function (x) {
    return x;
  });
}

function raw(id) {
  return lookup(id).then(function (x) {
    return x;
  });
}

module.exports = { find: find, raw: raw };
`;

const MAIN = `import Promise from 'bluebird';
import lib from './lib.js';

export function viaFind(id) {
  return lib.find(id).then(function (x) {
    return x + 1;
  });
}

export function viaRaw(id) {
  return lib.raw(id).then(function (x) {
    return x + 1;
  });
}
`;

describe('then-chain-to-await: chain heads that call another local module', () => {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'molt-heads-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (lib: string) => {
    fs.writeFileSync(path.join(dir, 'lib.js'), lib);
    fs.writeFileSync(path.join(dir, 'main.js'), MAIN);
    return applyUnit(findUnit('then-chain-to-await'), path.join(dir, 'main.js'), MAIN);
  };

  it('rewrites over an export that starts with Promise.try, and declines over one that may throw first', () => {
    const out = run(LIB);
    assert.match(out.source, /export async function viaFind\(id\)/);
    assert.match(out.source, /export function viaRaw\(id\)/);
    const codes = out.diagnostics.map((d) => `${d.code}:${d.line}`);
    assert.ok(codes.includes('MOLT040:11'), codes.join(' '));
  });

  it('declines when the module writes that export again', () => {
    const out = run(`${LIB}module.exports.find = function (id) { return lookup(id); };\n`);
    assert.match(out.source, /export function viaFind\(id\)/);
    assert.ok(out.diagnostics.some((d) => d.code === 'MOLT040' && d.line === 5));
  });
});

/**
 * A function that may throw before its chain is converted when every caller molt can see returns its value from
 * a promise handler (a throw there is a rejection too): in its package's other modules, through the module object
 * by name or by a computed key, and in its own file (MOLT144). A caller anywhere else, or a class's method, keeps it.
 */
const HANDLERS = `var db = require('./db');

function check(payload) {
  if (!payload) throw new Error('no payload');
}

module.exports = {
  join: function (socket, payload) {
    check(payload);
    return db.find(payload.id).then(function (room) {
      return { room: room };
    });
  }
};
`;

const DISPATCH = `var Promise = require('bluebird');
var handlers = require('./handlers');

exports.dispatch = function (event, socket, payload, ack) {
  Promise.try(function () {
    return handlers[event](socket, payload);
  }).then(ack, ack);
};
`;

describe('then-chain-to-await: a function whose callers all return its value from a promise handler', () => {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'molt-callers-'));
    // the package whose modules are read for callers
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
    fs.writeFileSync(path.join(dir, 'db.js'), 'exports.find = function (id) { return Promise.resolve(id); };\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (handlers: string, dispatch: string) => {
    fs.writeFileSync(path.join(dir, 'handlers.js'), handlers);
    fs.writeFileSync(path.join(dir, 'dispatch.js'), dispatch);
    return applyUnit(findUnit('then-chain-to-await'), path.join(dir, 'handlers.js'), handlers);
  };

  it('converts it when the only call is Promise.try(function () { return handlers[event](…) }), and says so (MOLT144)', () => {
    const out = run(HANDLERS, DISPATCH);
    assert.match(out.source, /join: async function \(socket, payload\)/);
    assert.deepEqual(out.diagnostics.map((d) => d.code).filter((c) => c.startsWith('MOLT04') || c === 'MOLT144'), ['MOLT144']);
  });

  it("reads a callback's parameter of the same name as that parameter, not as a use of the function", () => {
    const shadowing = `var db = require('./db');\n\nfunction join(socket, payload) {\n  if (!payload) throw new Error('no payload');\n  return db.find(payload.id).then(function (join) {\n    return { room: join };\n  });\n}\n\nmodule.exports = { join: join };\n`;
    const out = run(shadowing, DISPATCH);
    assert.match(out.source, /async function join\(socket, payload\)/);
    assert.ok(out.diagnostics.some((d) => d.code === 'MOLT144'));
  });

  it("does not take another module's function of the same name for it: chat.typing(…).return(…) in the typing handler", () => {
    fs.writeFileSync(path.join(dir, 'chat.js'), "var Promise = require('bluebird');\nexports.typing = function (p) {\n  return Promise.resolve(p);\n};\n");
    const typing = `var chat = require('./chat');\n\nfunction typing(socket, payload) {\n  if (!payload) throw new Error('no payload');\n  return chat.typing(payload).return({});\n}\n\nmodule.exports = { typing: typing };\n`;
    const out = run(typing, DISPATCH);
    assert.match(out.source, /async function typing\(socket, payload\) \{[^]*await chat\.typing\(payload\);\n  return \{\};/);
    assert.ok(!out.diagnostics.some((d) => d.code === 'MOLT041'), JSON.stringify(out.diagnostics));
  });

  it('keeps it when another module also calls it where a throw escapes to the caller', () => {
    const out = run(HANDLERS, `${DISPATCH}exports.direct = function (socket) {\n  return handlers.join(socket, null).then(function (x) { return x; });\n};\n`);
    assert.match(out.source, /join: function \(socket, payload\)/);
    assert.ok(out.diagnostics.some((d) => d.code === 'MOLT040'));
  });

  it('keeps it when the module object is handed on (its callers are out of sight)', () => {
    const out = run(HANDLERS, `${DISPATCH}exports.all = handlers;\n`);
    assert.match(out.source, /join: function \(socket, payload\)/);
    assert.ok(out.diagnostics.some((d) => d.code === 'MOLT040'));
  });

  it("keeps a class's method: its instances are called where molt does not look", () => {
    const store = `var db = require('./db');\n\nfunction Store() {}\n\nStore.prototype.join = function (socket, payload) {\n  if (!payload) throw new Error('no payload');\n  return db.find(payload.id).then(function (room) {\n    return room;\n  });\n};\n\nmodule.exports = { join: function (s, p) { return new Store().join(s, p); } };\n`;
    const out = run(store, DISPATCH);
    assert.match(out.source, /Store\.prototype\.join = function/);
    assert.ok(out.diagnostics.some((d) => d.code === 'MOLT040'));
  });
});

