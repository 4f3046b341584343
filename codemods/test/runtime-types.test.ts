import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Project, ts } from 'ts-morph';
import { COMPILER_OPTIONS } from '../src/passes/js-to-ts.js';
import { printShapes, typeFromSamples } from '../src/passes/runtime-types.js';
import { planSocketEvents, writeSocketEvents } from '../src/passes/socket-events.js';
import { mergeSamples, type Samples, type Shape } from '../src/samples/record.js';

const RECORDER = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'samples', 'recorder.cjs');

/** A small CommonJS service: an exported function, an object of functions, a constructor, a promise. */
const SERVICE: Record<string, string> = {
  'lib/greet.js': `module.exports = function greet(name, times) { return 'hi ' + name + (times ? '!'.repeat(times) : ''); };
module.exports.shout = function (name) { return name.toUpperCase(); };`,
  'lib/store.js': `var items = [];
module.exports = {
  add: function (item) { items.push(item); return Promise.resolve({ id: items.length, item: item }); },
  count: function () { return this === module.exports ? items.length : -1; }
};`,
  'lib/counter.js': `function Counter(start) { if (!(this instanceof Counter)) return new Counter(start); this.n = start; }
Counter.prototype.inc = function () { return ++this.n; };
module.exports = Counter;`,
  'lib/check.js': `module.exports = { text: function (v) { if (typeof v !== 'string') throw new TypeError('not text'); return v; } };`,
  'main.js': `var greet = require('./lib/greet');
var check = require('./lib/check');
try { check.text(5); } catch (err) { check.text(err.message); }
var store = require('./lib/store');
var Counter = require('./lib/counter');
var c = new Counter(2);
var d = Counter(5);
store.add({ name: 'a', tags: ['x'] }).then(function (r) {
  return store.add({ name: 'b' });
}).then(function (r) {
  console.log(JSON.stringify([greet('ann'), greet('bo', 2), greet.shout('x'), store.count(), c.inc(), d.inc(), c instanceof Counter, d instanceof Counter, r]));
});`,
};

describe('runtime samples (molt record)', () => {
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'molt-samples-test-'));
    for (const [file, text] of Object.entries(SERVICE)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the sampler changes nothing the service does, and records arguments and settled results', () => {
    const plain = spawnSync(process.execPath, ['main.js'], { cwd: dir, encoding: 'utf8' });
    const out = path.join(dir, 'samples');
    const sampled = spawnSync(process.execPath, ['--require', RECORDER, 'main.js'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '', MOLT_SAMPLES_DIR: out, MOLT_SAMPLES_ROOT: dir },
    });
    assert.equal(plain.status, 0, plain.stderr);
    assert.equal(sampled.stdout, plain.stdout, 'the sampler changed the output');
    const samples = mergeSamples(
      fs.readdirSync(out).map((f) => JSON.parse(fs.readFileSync(path.join(out, f), 'utf8')) as Samples),
    );
    assert.deepEqual(Object.keys(samples), [
      'lib/check.js#text',
      'lib/counter.js#default',
      'lib/greet.js#default',
      'lib/greet.js#shout',
      'lib/store.js#add',
      'lib/store.js#count',
    ]);
    assert.equal(samples['lib/greet.js#default']!.calls, 2);
    assert.equal(
      printShapes(samples['lib/check.js#text']!.args[0]!),
      'number | string',
      'a call that throws is a call too',
    );
    assert.equal(printShapes(samples['lib/greet.js#default']!.args[1]!), 'undefined | number');
    assert.equal(printShapes(samples['lib/store.js#add']!.args[0]!), '{ name: string; tags?: string[] }');
    assert.equal(
      printShapes(samples['lib/store.js#add']!.returns),
      'Promise<{ id: number; item: { name: string; tags?: string[] } }>',
    );
    assert.equal(printShapes(samples['lib/counter.js#default']!.args[0]!), 'number');
  });

  it('prints only plain types: a class instance or a function has none', () => {
    assert.equal(printShapes([{ t: 'class', name: 'Date' }]), 'Date');
    assert.equal(printShapes([{ t: 'class', name: 'Socket' }]), null);
    assert.equal(printShapes([{ t: 'string' }, { t: 'function' }]), null);
    assert.equal(printShapes([{ t: 'array', of: [{ t: 'string' }, { t: 'number' }] }]), '(string | number)[]');
    assert.equal(printShapes([]), null);
  });
});

describe('types from runtime samples (js-to-ts)', () => {
  const samples: Samples = {
    'a.js#len': { calls: 1, args: [[{ t: 'string' }]], returns: [{ t: 'number' }] },
    'a.js#shout': { calls: 1, args: [[{ t: 'number' }]], returns: [{ t: 'string' }] },
    'a.js#default': {
      calls: 1,
      args: [[{ t: 'object', props: { id: [{ t: 'number' }] }, optional: [] }], [{ t: 'class', name: 'Socket' }]],
      returns: [],
    },
    'b.js#useShout': { calls: 1, args: [[{ t: 'boolean' }]], returns: [] },
  };
  const run = (files: Record<string, string>) => {
    const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true } });
    for (const [f, text] of Object.entries(files)) project.createSourceFile(`/out/${f}`, text);
    const report = typeFromSamples(project, '/out', samples, (p) => p.getTypeNode()?.getText() === 'any');
    return {
      report,
      text: (f: string) => project.getSourceFileOrThrow(`/out/${f}`).getFullText(),
      errors: project.getPreEmitDiagnostics().length,
    };
  };

  it('types the `any` parameters the samples know, and takes back the one that makes a type error', () => {
    const { report, text, errors } = run({
      'a.ts': `export function len(s: any) { return s.length; }
export const shout = (s: any) => s.toUpperCase();
export default function handle(msg: any, socket: any) { return msg.id + socket.id; }
`,
      'b.ts': `import { shout } from './a';\nexport function useShout(flag: boolean) { return flag ? shout('x') : ''; }\n`,
    });
    assert.match(text('a.ts'), /len\(s: string\)/);
    assert.match(text('a.ts'), /shout = \(s: any\)/, 'a number has no toUpperCase: the annotation must go');
    assert.match(text('a.ts'), /handle\(msg: \{ id: number \}, socket: any\)/);
    assert.match(text('b.ts'), /flag: boolean/, 'a parameter typed already is not touched');
    assert.deepEqual(
      { typed: report.typed, reverted: report.reverted, unsuppressed: report.unsuppressed },
      { typed: 2, reverted: 1, unsuppressed: 0 },
    );
    assert.deepEqual(
      report.typedParams.map((p) => `${p.name}: ${p.type}`),
      ['s: string', 'msg: { id: number }'],
    );
    assert.equal(errors, 0);
  });
});

describe('Socket.io event maps (js-to-ts)', () => {
  it("maps the events sockets listen to, their handlers' results and the data emitted with a literal name", () => {
    const project = new Project({
      useInMemoryFileSystem: true,
      compilerOptions: { strict: true, target: ts.ScriptTarget.ES2022 },
    });
    project.createSourceFile(
      '/out/socket/handlers.ts',
      `export default {
  join(socket: unknown, payload: unknown) { return Promise.resolve({ room: 'r1' }); },
  leave(socket: unknown, payload: unknown) { return {}; },
};
`,
    );
    project.createSourceFile(
      '/out/socket/server.ts',
      `class EventEmitter { emit(e: string, d: unknown) { return [e, d]; } } // as node's, by name
const EVENTS = ['join', 'leave'];
const bus = new EventEmitter();
export function attach(socket: { on(e: string, f: (...a: unknown[]) => void): void; emit(e: string, d: unknown): void }) {
  EVENTS.forEach((event) => socket.on(event, () => {}));
  socket.on('disconnect', () => {});
  socket.emit('presence', { userId: 'u1', online: true });
  bus.emit('envelope', { local: true });
}
`,
    );
    const plan = planSocketEvents(project);
    assert.ok(plan, 'no listening socket found');
    const report = writeSocketEvents(plan, project, '/out');
    const text = project.getSourceFileOrThrow('/out/socket/events.ts').getFullText();
    assert.deepEqual(report, { file: 'socket/events.ts', clientEvents: 2, serverEvents: 1, unknown: 0 });
    assert.match(text, /join: \(payload: unknown, ack\?: Ack<\{ room: string; \}>\) => void;/);
    assert.match(text, /leave: \(payload: unknown, ack\?: Ack<\{\}>\) => void;/);
    assert.match(text, /presence: \(data: \{ userId: string; online: boolean; \}\) => void;/);
    assert.doesNotMatch(text, /disconnect|envelope/, 'a socket.io or EventEmitter event is no client event');
    assert.equal(project.getPreEmitDiagnostics().length, 0);
  });

  it('writes nothing where no socket listens', () => {
    const project = new Project({ useInMemoryFileSystem: true });
    project.createSourceFile('/out/a.ts', "process.on('SIGTERM', () => {});\n");
    assert.equal(planSocketEvents(project), null);
  });
});

describe('named sample types (types/sampled.ts)', () => {
  it('names an object shape after the parameter that has it most often, in one file, imported as a namespace', () => {
    const user: Shape = { t: 'object', props: { _id: [{ t: 'string' }], name: [{ t: 'string' }] }, optional: [] };
    const samples: Samples = {
      'a.js#greet': { calls: 1, args: [[user]], returns: [] },
      'a.js#rename': { calls: 1, args: [[user], [{ t: 'string' }]], returns: [] },
      'b.js#owner': { calls: 1, args: [[user]], returns: [] },
    };
    const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true } });
    project.createSourceFile(
      '/out/a.ts',
      'export function greet(user: any) { return user.name; }\nexport function rename(user: any, to: any) { user.name = to; }\n',
    );
    project.createSourceFile('/out/b.ts', 'export function owner(owner: any) { return owner._id; }\n');
    const typesFile = project.createSourceFile('/out/types/sampled.ts', '');
    const report = typeFromSamples(project, '/out', samples, (p) => p.getTypeNode()?.getText() === 'any', typesFile);
    assert.equal(report.named, 1);
    assert.match(
      project.getSourceFileOrThrow('/out/a.ts').getFullText(),
      /^import type \* as Sampled from '\.\/types\/sampled\.js';\n[\s\S]*greet\(user: Sampled\.User\)/,
    );
    assert.match(project.getSourceFileOrThrow('/out/b.ts').getFullText(), /owner\(owner: Sampled\.User\)/);
    assert.match(typesFile.getFullText(), /export interface User \{\n {2}_id: string;\n {2}name: string;\n\}/);
    assert.equal(project.getPreEmitDiagnostics().length, 0);
  });
});

describe('named sample types: layout', () => {
  it('puts one member a line, a nested object on its member\'s line', () => {
    const config: Shape = {
      t: 'object',
      props: {
        env: [{ t: 'string' }],
        http: [{ t: 'object', props: { port: [{ t: 'number' }], host: [{ t: 'string' }] }, optional: [] }],
      },
      optional: [],
    };
    const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true } });
    project.createSourceFile('/out/a.ts', 'export function start(config: any) { return config.http.port; }\n');
    const typesFile = project.createSourceFile('/out/types/sampled.ts', '');
    typeFromSamples(project, '/out', { 'a.js#start': { calls: 1, args: [[config]], returns: [] } }, (p) => p.getTypeNode()?.getText() === 'any', typesFile);
    assert.match(typesFile.getFullText(), /export interface Config \{\n {2}env: string;\n {2}http: \{ port: number; host: string \};\n\}/);
  });
});

describe('named sample types: one interface for a shape and the same with a member less', () => {
  it('Room with its directKey optional; a user, with few of its members, stays apart', () => {
    const str: Shape[] = [{ t: 'string' }];
    const room = (extra: Record<string, Shape[]>): Shape => ({
      t: 'object',
      props: { _id: str, name: str, type: str, members: [{ t: 'array', of: str }], ...extra },
      optional: [],
    });
    const user: Shape = { t: 'object', props: { _id: str, name: str }, optional: [] };
    const samples: Samples = {
      'a.js#join': { calls: 1, args: [[room({})]], returns: [] },
      'a.js#direct': { calls: 1, args: [[room({ directKey: str })]], returns: [] },
      'a.js#greet': { calls: 1, args: [[user]], returns: [] },
    };
    const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true } });
    project.createSourceFile(
      '/out/a.ts',
      'export function join(room: any) { return room.name; }\nexport function direct(room: any) { return room.directKey; }\nexport function greet(user: any) { return user.name; }\n',
    );
    const typesFile = project.createSourceFile('/out/types/sampled.ts', '');
    const report = typeFromSamples(project, '/out', samples, (p) => p.getTypeNode()?.getText() === 'any', typesFile);
    const text = project.getSourceFileOrThrow('/out/a.ts').getFullText();
    assert.match(text, /join\(room: Sampled\.Room\)/);
    assert.match(text, /direct\(room: Sampled\.Room\)/);
    assert.match(text, /greet\(user: Sampled\.User\)/);
    assert.match(typesFile.getFullText(), /export interface Room \{[^}]*\n {2}directKey\?: string;\n\}/);
    assert.equal(report.named, 2);
    assert.equal(project.getPreEmitDiagnostics().length, 0);
  });
});

describe('return types from samples', () => {
  const message: Shape = { t: 'object', props: { _id: [{ t: 'string' }], text: [{ t: 'string' }] }, optional: [] };
  const samples: Samples = {
    'models/message.js#findById': { calls: 2, args: [[{ t: 'string' }]], returns: [{ t: 'promise', of: [message] }] },
    'models/message.js#count': { calls: 1, args: [], returns: [{ t: 'number' }] },
    'models/message.js#typed': { calls: 1, args: [], returns: [{ t: 'string' }] },
    'models/message.js#misread': { calls: 1, args: [], returns: [{ t: 'promise', of: [message] }] },
  };
  const run = (files: Record<string, string>) => {
    const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { ...COMPILER_OPTIONS, types: [] } });
    for (const [f, text] of Object.entries(files)) project.createSourceFile(`/out/${f}`, text);
    const typesFile = project.createSourceFile('/out/types/sampled.ts', '');
    const report = typeFromSamples(project, '/out', samples, (p) => p.getTypeNode()?.getText() === 'any', typesFile);
    return { project, report, text: (f: string) => project.getSourceFileOrThrow(`/out/${f}`).getFullText() };
  };

  it('types what a function returned where TypeScript can only say any, names its object shape after the module', () => {
    const { project, report, text } = run({
      'models/message.ts': `declare const db: any;
export async function findById(id: string) { return db.find(id); }
export function count() { return db.count(); }
export function typed(): string { return 'kept as written'; }
`,
      'routes.ts': `import { findById } from './models/message';
export async function show(id: string) { const m = await findById(id); return m.text.length; }
`,
    });
    assert.match(text('models/message.ts'), /async function findById\(id: string\): Promise<Sampled\.Message> \{/);
    assert.match(text('models/message.ts'), /function count\(\): number \{/);
    assert.match(text('models/message.ts'), /function typed\(\): string \{/);
    assert.match(text('types/sampled.ts'), /export interface Message \{\n {2}_id: string;\n {2}text: string;\n\}/);
    assert.equal(report.typedReturns, 2);
    assert.equal(project.getPreEmitDiagnostics().length, 0);
  });

  it('takes back a return type a caller then errs on, and writes the global Promise where bluebird is called Promise', () => {
    const { project, report, text } = run({
      'models/message.ts': `import Promise from '../bluebird';
declare const db: any;
export async function findById(id: string) { return db.find(id); }
export async function misread() { return db.first(); }
export const wrap = (v: unknown) => Promise.resolve(v);
`,
      'bluebird.ts': 'export default class Bluebird<T> { static resolve(v: any): any { return v; } value?: T }\n',
      'routes.ts': `import { findById, misread } from './models/message';
export async function show(id: string) { const m = await findById(id); return m.text; }
export async function author() { const m = await misread(); return m.author.name; }
`,
    });
    assert.match(text('models/message.ts'), /findById\(id: string\): globalThis\.Promise<Sampled\.Message>/);
    // the sample never saw an author: the caller's m.author would not compile
    assert.match(text('models/message.ts'), /async function misread\(\) \{/);
    assert.equal(report.typedReturns, 1);
    assert.equal(report.returnsReverted, 1);
    assert.equal(project.getPreEmitDiagnostics().length, 0);
  });
});
