import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { jsToTs, type TsReport } from '../src/passes/js-to-ts.js';
import type { Shape } from '../src/samples/record.js';
import { scratchDir } from './scratch.js';


describe('js-to-ts on a small package', function () {
  this.timeout(120_000);
  let dir: string;

  beforeEach(() => {
    dir = scratchDir('js-to-ts-');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** writes a file of these lines in the package */
  const writeLines = (name: string, lines: string[]): void => fs.writeFileSync(path.join(dir, name), lines.join('\n'));

  /** a.js of these lines through the stage: its report, and a.ts */
  function typeOne(lines: string[]): { report: TsReport; out: string } {
    writeLines('a.js', lines);
    const report = jsToTs(dir, ['a.js']);
    return { report, out: fs.readFileSync(path.join(dir, 'a.ts'), 'utf8') };
  }

  it("types a lone arrow parameter from usage as `(n: number) =>`, never `(n): number =>` (one fix's edits at one point keep their order)", () => {
    fs.writeFileSync(
      path.join(dir, 'a.js'),
      'export function double(list) {\n  return list.map(n => n * 2);\n}\nexport function later(p) {\n  return p.then(n => n === 1);\n}\n',
    );
    const report = jsToTs(dir, ['a.js']);
    const out = fs.readFileSync(path.join(dir, 'a.ts'), 'utf8');
    assert.match(out, /\(n: number\) => n \* 2/);
    assert.doesNotMatch(out, /\(n\)\s*:/);
    assert.deepEqual(report.errors, []);
  });

  it("takes each parameter's type from a usage fix on its own: one it can only say `any` (or null) for does not cost the others theirs", () => {
    const { report, out } = typeOne([
      'export function scale(thing, factor) {',
      '  log(thing);',
      '  return Math.round(factor * 2);',
      '}',
      'function log(x) {',
      '  console.log(x);',
      '}',
    ]);
    assert.match(out, /scale\(thing: any, factor: number\)/);
    assert.ok(report.anys.some((a) => a.name === 'thing'), 'the parameter left any is listed');
    assert.deepEqual(report.errors, []);
  });

  it('leaves a parameter the runtime samples have a type for to them, rather than type it from how the code uses it', () => {
    const lines = ['export function area(box) {', '  return box.w * box.h;', '}'];
    const box: Shape = { t: 'object', props: { w: [{ t: 'number' }], h: [{ t: 'number' }], label: [{ t: 'string' }] }, optional: [] };
    writeLines('a.js', lines);
    const report = jsToTs(dir, ['a.js'], { 'a.js#area': { calls: 1, args: [[box]], returns: [{ t: 'number' }] } });
    const out = fs.readFileSync(path.join(dir, 'a.ts'), 'utf8');
    assert.match(out, /area\(box: Sampled\.Box\)/);
    assert.match(fs.readFileSync(path.join(dir, 'types', 'sampled.ts'), 'utf8'), /label: string/);
    assert.equal(report.fromSamples?.typed, 1);
    assert.deepEqual(report.errors, []);
    // without samples, the usage fix types it
    assert.match(typeOne(lines).out, /area\(box: \{ w: number; h: number; \}\)/);
  });

  it("types the parameters of a function some file passes to an Express app or router as Express types a handler's, through an import and an object's property; an inline handler, an error handler's error and a function never mounted are left", () => {
    writeLines('a.js', [
      '// handlers',
      'function notFound(req, res) {',
      '  res.status(404).json({ path: req.originalUrl });',
      '}',
      'function failed(err, req, res, next) {',
      '  res.status(500).json({ error: String(err) });',
      '}',
      'export function unused(req, res) {',
      '  return [req, res];',
      '}',
      'export default { notFound, failed };',
    ]);
    writeLines('b.js', [
      "import express from 'express';",
      "import handlers from './a.js';",
      'function auth(req, res, next) {',
      '  next();',
      '}',
      'export function start() {',
      '  const app = express();',
      '  const router = express.Router();',
      "  router.get('/x', auth, (req, res) => res.json({}));",
      "  app.use('/api', router);",
      '  app.use(handlers.notFound);',
      '  app.use(handlers.failed);',
      '  return app;',
      '}',
    ]);
    const report = jsToTs(dir, ['a.js', 'b.js']);
    const a = fs.readFileSync(path.join(dir, 'a.ts'), 'utf8');
    const b = fs.readFileSync(path.join(dir, 'b.ts'), 'utf8');
    assert.match(a, /^\/\/ handlers\nimport type \{ Request, Response, NextFunction \} from 'express';\n/);
    assert.match(a, /function notFound\(req: Request, res: Response\)/);
    assert.match(a, /function failed\(err: any, req: Request, res: Response, next: NextFunction\)/);
    assert.match(a, /function unused\(req: any, res: any\)/);
    // a file with a default import of express names the types through it
    assert.match(b, /function auth\(req: express\.Request, res: express\.Response, next: express\.NextFunction\)/);
    assert.match(b, /\(req, res\) => res\.json/);
    assert.equal(report.expressHandlers, 8);
    assert.deepEqual(report.errors, []);
  });

  it("types the parameters of a table's functions called through a computed key (`table[event](server, payload)`) with the type of an argument annotated with a package's type, imported the same way; a function taking fewer parameters than the call passes is left", () => {
    writeLines('a.js', [
      'export function join(socket, payload) {',
      '  return [socket.listening, payload];',
      '}',
      'export function leave(socket, payload) {',
      '  return [socket, payload];',
      '}',
      'export function key(id) {',
      "  return 'k' + id;",
      '}',
      'export default { join, leave, key };',
    ]);
    // the annotation a usage fix would have written on the caller's parameter
    writeLines('b.js', [
      "import http from 'node:http';",
      "import table from './a.js';",
      'export function route(server: http.Server, event: string, payload) {',
      '  return table[event](server, payload);',
      '}',
    ]);
    const report = jsToTs(dir, ['a.js', 'b.js']);
    const a = fs.readFileSync(path.join(dir, 'a.ts'), 'utf8');
    assert.match(a, /^import type http from 'node:http';\n/);
    assert.match(a, /function join\(socket: http\.Server, payload: any\)/);
    assert.match(a, /function leave\(socket: http\.Server, payload: any\)/);
    assert.match(a, /function key\(id: string\)/);
    assert.equal(report.tableParams, 2);
    assert.deepEqual(report.errors, []);
  });

  it('makes the parameters a call leaves out optional, in a function declaration, a function expression, a method and a constructor (`new`), also across modules', () => {
    writeLines('a.js', [
      'export function greet(name, greeting) {',
      "  return String(greeting || 'hi') + String(name);",
      '}',
      'export const shout = function (text, times) {',
      '  return String(text).repeat(Number(times || 1));',
      '};',
      'export class Box {',
      '  put(item, where) {',
      '    return [item, where];',
      '  }',
      '}',
      'export class Failure extends Error {',
      '  constructor(message, code) {',
      '    super(message);',
      "    this.code = code || 'FAILED';",
      '  }',
      '}',
      '',
    ]);
    fs.writeFileSync(
      path.join(dir, 'b.js'),
      "import { greet, shout, Box, Failure } from './a.js';\nexport const all = [greet('ann'), shout('hey'), new Box().put(1), new Failure('no')];\n",
    );
    const report = jsToTs(dir, ['a.js', 'b.js']);
    const out = fs.readFileSync(path.join(dir, 'a.ts'), 'utf8');
    assert.match(out, /function greet\(name: \w+, greeting\?: /);
    assert.match(out, /function \(text: \w+, times\?: /);
    assert.match(out, /put\(item: \w+, where\?: /);
    assert.match(out, /constructor\(message: [^,]+, code\?: /);
    assert.equal(report.optionalParams, 4);
    assert.deepEqual(report.errors, []);
  });

  it('types in a later round what a parameter typed the round before reaches: a call to it under another name (a default import, an import or export as), a function it calls', () => {
    fs.writeFileSync(
      path.join(dir, 'a.js'),
      'export default function lower(s) {\n  return s.toLowerCase();\n}\nfunction shout(s) {\n  return s.toUpperCase();\n}\nexport { shout as yell };\n',
    );
    writeLines('b.js', [
      "import low, { yell as loud } from './a.js';",
      'export function tag(x) {',
      '  return low(x);',
      '}',
      'export function cry(y) {',
      '  return loud(y);',
      '}',
      'export function outer(s) {',
      '  return inner(s.trim());',
      '}',
      'function inner(v) {',
      '  return v;',
      '}',
      '',
    ]);
    const report = jsToTs(dir, ['a.js', 'b.js']);
    const out = fs.readFileSync(path.join(dir, 'b.ts'), 'utf8');
    // round one types lower's s and outer's s; x and v only get a type from those, the round after
    assert.match(out, /function tag\(x: string\)/);
    assert.match(out, /function cry\(y: string\)/);
    assert.match(out, /function inner\(v: string\)/);
    assert.deepEqual(report.errors, []);
  });

  it('marks every variable left implicitly any in a file `any`, a lone arrow parameter both optional and any as `(x?: any)`, a rest parameter `any[]` and a caught error used as a value `any`', () => {
    const { report, out } = typeOne([
      'let db = null;',
      'let opening = null;',
      'export function open(connect) {',
      '  if (opening) return opening;',
      '  opening = connect().then((handle) => {',
      '    db = handle;',
      '    return db;',
      '  });',
      '  return opening;',
      '}',
      'export function get() {',
      '  return db;',
      '}',
      'export function close() {',
      '  db = null;',
      '  opening = null;',
      '}',
      'export const pick = x => x;',
      'export const none = pick();',
      'export function key(...parts) {',
      "  return parts.join(':');",
      '}',
      'export async function tryIt(run) {',
      '  try {',
      '    await run();',
      '  } catch (err) {',
      "    if (err.code !== 'GONE') throw err;",
      '  }',
      '}',
      '',
    ]);
    // both, though the first one's annotation moves the second one's place in the text
    assert.match(out, /let db: any = null;/);
    assert.match(out, /let opening: any = null;/);
    assert.match(out, /export const pick = \(x\?: any\) => x;/);
    assert.match(out, /export function key\(\.\.\.parts: any\[\]\)/);
    assert.match(out, /\} catch \(err: any\) \{/);
    assert.ok(report.anys.some((a) => a.name === 'err (a caught error)'));
    assert.equal(report.optionalParams, 1);
    assert.deepEqual(report.suppressed, []);
    assert.deepEqual(report.errors, []);
  });

  it("declares the fields a class's methods assign on this, typed from what they assign", () => {
    const { report, out } = typeOne([
      'export class Counter {',
      '  constructor(start) {',
      '    this.count = Number(start);',
      '  }',
      '  bump() {',
      '    this.count += 1;',
      '    this.last = new Date();',
      '    return this.count;',
      '  }',
      '}',
      '',
    ]);
    assert.match(out, /^\s+count: number;$/m);
    assert.match(out, /^\s+last: Date;$/m);
    assert.equal(report.declaredMembers, 2);
    assert.deepEqual(report.errors, []);
  });

  it('types a field first assigned an empty object or array, then filled in, Record<string, any> or any[] (not {} or never[]), listed', () => {
    const { report, out } = typeOne([
      'export class Registry {',
      '  constructor() {',
      '    this.byName = {};',
      '    this.seen = [];',
      '  }',
      '  add(name, value) {',
      '    this.byName[name] = value;',
      '    this.seen.push(Date.now());',
      '  }',
      '}',
      '',
    ]);
    assert.match(out, /^\s+byName: Record<string, any>;$/m);
    assert.match(out, /^\s+seen: any\[\];$/m);
    assert.deepEqual(report.suppressed, []);
    assert.deepEqual(
      report.anys.map((a) => a.name).filter((n) => /filled in later/.test(n)).sort(),
      ['byName (object filled in later)', 'seen (array filled in later)'],
    );
    assert.deepEqual(report.errors, []);
  });

  it('types an object literal read by a computed key Record<string, T> when its values share the type T, and leaves one whose values differ to the errors marked', () => {
    const { report, out } = typeOne([
      'const LEVELS = { error: 0, warn: 1 };',
      "const MIXED = { one: 1, two: 'two' };",
      'export function rank(name) {',
      '  return LEVELS[String(name)] + LEVELS.warn;',
      '}',
      'export function pick(name) {',
      '  return MIXED[String(name)];',
      '}',
      '',
    ]);
    assert.match(out, /^const LEVELS: Record<string, number> = /m);
    assert.match(out, /^const MIXED = /m);
    assert.equal(report.records, 1);
    // no property set on a library's object, no module without types: no file to declare them in
    assert.equal(fs.existsSync(path.join(dir, 'types', 'augmented.ts')), false);
    assert.equal(fs.existsSync(path.join(dir, 'types', 'modules.d.ts')), false);
    assert.deepEqual(report.suppressed.map((x) => x.code), [7053]);
    assert.deepEqual(report.errors, []);
  });

  it("declares the properties set on a library's objects where the library leaves an interface open (Express.Request, socket.io's Socket), and not on TypeScript's own (Error: its variable is typed instead) nor one nobody sets; and a module imported without types", () => {
    writeLines('a.js', [
      "import express from 'express';",
      "import socketio from 'socket.io';",
      "import model from 'nedb/lib/model.js';",
      'export const copy = (doc) => model.deepCopy(doc);',
      'export function auth(req, res, next) {',
      '  req.user = { id: 1 };',
      '  next();',
      '}',
      'export const app = express();',
      "app.get('/', (req, res) => {",
      '  res.json([req.user.id, req.nobody]);',
      '});',
      'export function attach(server) {',
      "  socketio(server).on('connection', (socket) => {",
      "    socket.room = 'lobby';",
      "    socket.emit('joined', socket.room);",
      '  });',
      '}',
      'export function fail() {',
      "  const e = new Error('no');",
      '  e.data = 1;',
      '  return e;',
      '}',
      '',
    ]);
    const report = jsToTs(dir, ['a.js']);
    const augmented = fs.readFileSync(path.join(dir, 'types', 'augmented.ts'), 'utf8');
    assert.match(augmented, /^declare global \{\n  namespace Express \{\n    interface Request \{\n      user: any;\n    \}\n  \}\n\}$/m);
    assert.match(augmented, /^declare module 'socket.io' \{\n  interface Socket \{\n    room: any;\n  \}\n\}$/m);
    assert.doesNotMatch(augmented, /nobody|data/);
    // a file deep in a package whose types cover only its root: TypeScript's shorthand declaration, any
    assert.equal(
      fs.readFileSync(path.join(dir, 'types', 'modules.d.ts'), 'utf8').split('\n').filter((l) => !l.startsWith('//')).join('\n'),
      "declare module 'nedb/lib/model.js';\n",
    );
    assert.ok(report.anys.some((a) => a.name === "'nedb/lib/model.js' (a module without types)"));
    assert.deepEqual(
      report.anys.filter((a) => a.file === 'types/augmented.ts' || a.file.endsWith('augmented.ts')).map((a) => a.name),
      ["Express.Request.user (set on a library's object)", "socket.io:Socket.room (set on a library's object)"],
    );
    // req.nobody is read and never set; Error is TypeScript's own: its variable gets the property instead
    assert.match(fs.readFileSync(path.join(dir, 'a.ts'), 'utf8'), /const e: Error & \{ data\?: number; \} = new Error\('no'\);/);
    assert.deepEqual(report.suppressed.map((x) => x.message.match(/Property '(\w+)'/)?.[1]), ['nobody']);
    assert.deepEqual(report.errors, []);
  });

  it('types an object literal or a new object given more properties later with them, optional and typed by what is assigned (any when nothing says more, listed); a property only read stays marked', () => {
    const { report, out } = typeOne([
      'export function find(roomId, before) {',
      '  const query = { roomId: String(roomId) };',
      '  if (before) query._id = { $lt: Number(before) };',
      '  return query;',
      '}',
      'export function run(user, load) {',
      '  const ctx = { user: String(user) };',
      '  ctx.room = load();',
      '  ctx.count = 1;',
      '  return [ctx.room, ctx.count, ctx.missing];',
      '}',
      'export function gone(key) {',
      "  const err = new Error('gone');",
      "  err.code = 'GONE';",
      '  err.key = String(key);',
      '  return err;',
      '}',
      '',
    ]);
    assert.match(out, /const query: \{ roomId: string; _id\?: \{ \$lt: number; \}; \} = \{ roomId: String\(roomId\) \};/);
    assert.match(out, /const ctx: \{ user: string; room\?: any; count\?: number; \} = /);
    assert.match(out, /const err: Error & \{ code\?: string; key\?: string; \} = new Error\('gone'\);/);
    assert.equal(report.filledLiterals, 3);
    assert.ok(report.anys.some((a) => a.name === 'ctx.room (set on the object later)'));
    assert.deepEqual(report.suppressed.map((x) => x.message.match(/^Property '(\w+)' does not exist on type '\{ user: string; room/)?.[1]), ['missing']);
    assert.deepEqual(report.errors, []);
  });
});
