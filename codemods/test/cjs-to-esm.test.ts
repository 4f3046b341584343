import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyUnit } from '../src/apply.js';
import { findUnit } from '../src/registry.js';
import type { UnitOutcome } from '../src/unit.js';

/**
 * cjs-to-esm end to end: a small CommonJS project is converted file by file
 * (with real paths, so the unit can look at the files it requires), written
 * next to a package.json with "type": "module", run with node, and must print
 * what the CommonJS original printed. A CommonJS consumer (.cjs) requires the
 * converted modules, which must still return what module.exports was.
 */
const PROJECT: Record<string, string> = {
  'package.json': '{ "name": "cjs-fixture", "private": true }\n',
  'main.js': `'use strict';
var path = require('path');
var getConfig = require('./config');
var lib = require('./lib');
var greet = require('./lib').greet;
var util = require('./util');
var nothing = require('./noexports');
var a = require('./a');
var b = require('./b');
require('./side');
var data = require('./data.json');

function lazy() {
  return require('./lazy')();
}

var report = [
  getConfig().name,
  getConfig.load('x').name,
  lib.answer,
  greet('world'),
  util.twice(21),
  typeof nothing,
  a.hello(),
  b.hello(),
  data.version,
  lazy(),
  path.basename(__filename),
  path.basename(__dirname) === path.basename(path.dirname(__filename)),
  require.main === module
];
console.log(JSON.stringify(report));

module.exports = { report: report };
`,
  'config.js': `var cached = null;

function load(name) {
  return { name: name };
}

module.exports = function getConfig() {
  if (!cached) {
    cached = load('default');
  }
  return cached;
};
module.exports.load = load;
module.exports.reset = function () {
  cached = null;
};
`,
  'lib/index.js': `module.exports = {
  answer: 42,
  greet: function (who) {
    return 'hello ' + who;
  }
};
`,
  'util.js': `exports.twice = function (x) {
  return 2 * x;
};
`,
  'noexports.js': `var loaded = true;
`,
  'side.js': `console.log('side loaded');
`,
  'lazy.js': `module.exports = function () {
  return 'lazy ' + require('./util').twice(3);
};
`,
  'data.json': '{ "version": "1.2.3" }\n',
  'a.js': `var b = require('./b');
exports.name = 'a';
exports.hello = function () {
  return 'a sees ' + b.name;
};
`,
  'b.js': `var a = require('./a');
exports.name = 'b';
exports.hello = function () {
  return 'b sees ' + a.name;
};
`,
  'copy.js': `'use strict';
module.exports = function () {
  return { copy: module.exports };
};
`,
  'consumer.cjs': `const getConfig = require('./config.js');
const lib = require('./lib');
const util = require('./util.js');
const copy = require('./copy.js');
console.log(JSON.stringify([typeof getConfig, getConfig.load('y').name, lib.answer, Object.keys(lib).sort(), util.twice(5), copy().copy === copy]));
`,
};

const unit = findUnit('cjs-to-esm');

function writeTree(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
}

function run(file: string): string {
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // no tsx loader in the program under test
  return execFileSync(process.execPath, [file], { cwd: path.dirname(file), env, encoding: 'utf8' });
}

/** converts every .js file of `src` into `out` (other files copied); the outcomes by relative path */
function convert(src: string, out: string): Record<string, UnitOutcome> {
  const outcomes: Record<string, UnitOutcome> = {};
  for (const rel of Object.keys(PROJECT)) {
    const from = path.join(src, rel);
    const text = fs.readFileSync(from, 'utf8');
    fs.mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
    if (rel.endsWith('.js')) {
      outcomes[rel] = applyUnit(unit, from, text);
      fs.writeFileSync(path.join(out, rel), outcomes[rel]!.source);
    } else {
      fs.writeFileSync(path.join(out, rel), text);
    }
  }
  fs.writeFileSync(path.join(out, 'package.json'), '{ "name": "cjs-fixture", "private": true, "type": "module" }\n');
  return outcomes;
}

describe('cjs-to-esm end to end', function () {
  this.timeout(120_000);
  let tmp: string;
  let outcomes: Record<string, UnitOutcome>;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'molt-cjs-'));
    writeTree(path.join(tmp, 'cjs'), PROJECT);
    outcomes = convert(path.join(tmp, 'cjs'), path.join(tmp, 'esm'));
  });

  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('converts every module without crashing or breaking the syntax', () => {
    for (const [rel, outcome] of Object.entries(outcomes)) {
      assert.ok(
        !outcome.diagnostics.some((d) => d.code === 'MOLT000' || d.code === 'MOLT002'),
        `${rel}: ${JSON.stringify(outcome.diagnostics)}`,
      );
    }
    for (const rel of ['main.js', 'config.js', 'lib/index.js', 'util.js', 'lazy.js', 'a.js', 'b.js']) {
      assert.ok(outcomes[rel]!.changed, `${rel} was not converted`);
      assert.doesNotMatch(outcomes[rel]!.source, /module\.exports\s*=|\bexports\.\w+\s*=/, rel);
    }
    // no require, module or exports: nothing to convert
    assert.equal(outcomes['noexports.js']!.changed, false);
    assert.equal(outcomes['side.js']!.changed, false);
  });

  it('runs and prints what the CommonJS original printed', () => {
    const before = run(path.join(tmp, 'cjs', 'main.js'));
    const after = run(path.join(tmp, 'esm', 'main.js'));
    assert.match(before, /"hello world",42,/);
    assert.equal(after, before);
  });

  it('keeps CommonJS consumers working: require() of a converted module returns what module.exports was', () => {
    const before = run(path.join(tmp, 'cjs', 'consumer.cjs'));
    const after = run(path.join(tmp, 'esm', 'consumer.cjs'));
    assert.equal(after, before);
  });

  it('resolves specifiers on disk and picks the import form from what the required module exports', () => {
    const main = outcomes['main.js']!.source;
    assert.match(main, /^import lib from '\.\/lib\/index\.js';$/m);
    assert.match(main, /^import \{ greet \} from '\.\/lib\/index\.js';$/m); // lib gives greet a named export
    assert.match(main, /^import util from '\.\/util\.js';$/m);
    assert.match(main, /^import \* as nothing from '\.\/noexports\.js';$/m); // no default export to import
    assert.match(main, /^import '\.\/side\.js';$/m);
    assert.match(main, /^import path from 'path';$/m);
    assert.match(main, /require\('\.\/lazy'\)/); // lazy: still a require
    assert.match(main, /var data = require\('\.\/data\.json'\)/);
    assert.match(main, /^const require = createRequire\(import\.meta\.url\);$/m);
    assert.doesNotMatch(main, /'use strict'/);
    const codes = outcomes['main.js']!.diagnostics.map((d) => d.code).sort();
    assert.deepEqual(codes, ['MOLT052', 'MOLT150', 'MOLT152']);
  });

  it('names a require cycle, and still converts when neither module uses the other while loading', () => {
    for (const [rel, ring] of [
      ['a.js', 'a.js → b.js → a.js'],
      ['b.js', 'b.js → a.js → b.js'],
    ] as const) {
      const notes = outcomes[rel]!.diagnostics.filter((d) => d.code === 'MOLT056');
      assert.equal(notes.length, 1, rel);
      assert.ok(notes[0]!.message.includes(ring.split(' → ')[1]!) && /→.*→/.test(notes[0]!.message), notes[0]!.message);
      assert.ok(outcomes[rel]!.changed);
    }
  });

  it('leaves a module as CommonJS when it reads a module of its cycle while they load', () => {
    const dir = path.join(tmp, 'cycle');
    writeTree(dir, {
      'c.js': "var d = require('./d');\nexports.c = 1;\nexports.fromD = function () {\n  return d.d;\n};\n",
      'd.js': "var c = require('./c');\nexports.d = c.c + 1;\n",
    });
    const c = applyUnit(unit, path.join(dir, 'c.js'), fs.readFileSync(path.join(dir, 'c.js'), 'utf8'));
    const d = applyUnit(unit, path.join(dir, 'd.js'), fs.readFileSync(path.join(dir, 'd.js'), 'utf8'));
    assert.deepEqual(
      c.diagnostics.map((x) => x.code),
      ['MOLT056'],
    );
    assert.ok(c.changed);
    assert.deepEqual(
      d.diagnostics.map((x) => x.code),
      ['MOLT057'],
    );
    assert.equal(d.changed, false);
    assert.match(d.diagnostics[0]!.message, /d\.js → .*c\.js → .*d\.js/);
  });

  it('cannot see the disk for a path that does not exist, and assumes ./x.js', () => {
    const out = applyUnit(
      unit,
      'nowhere/x.js',
      "var y = require('./y');\nvar z = require('../lib/');\nmodule.exports = y + z;\n",
    );
    assert.match(out.source, /import y from '\.\/y\.js';/);
    assert.match(out.source, /import z from '\.\.\/lib\/index\.js';/);
  });
});
