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
