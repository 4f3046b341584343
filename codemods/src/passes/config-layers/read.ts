/**
 * What config-layers reads: the config files copied by hand (misc/config-<env>.js),
 * the module that loads config.js and merges environment variables into it
 * (utils/config.js), and the script that copies a file into place.
 */
import jscodeshift from 'jscodeshift';
import { lineOf } from '../../ast.js';
import { literal, readObject, type Branch } from './tree.js';

const j = jscodeshift.withParser('babel');

/** misc/config-dev.js → dev */
export const ENV_FILE = /(?:^|\/)config-([\w-]+)\.js$/;

export interface Finding {
  code: string;
  /** the file it is about, when not the file being read */
  file?: string;
  line: number;
  message: string;
}

/** The object a config file exports: `export default {…}`, `export default name` of a `const name = {…}`, or `module.exports = {…}`. */
export function readEnvFile(source: string): Branch | null {
  const root = j(source);
  let literal: any = null;
  root.find(j.ExportDefaultDeclaration).forEach((p) => {
    const d: any = p.node.declaration;
    if (d.type === 'ObjectExpression') literal = d;
    else if (d.type === 'Identifier') {
      root
        .find(j.VariableDeclarator, { id: { type: 'Identifier', name: d.name } })
        .filter((v) => v.parent.parent.node.type === 'Program')
        .forEach((v) => {
          if (v.node.init?.type === 'ObjectExpression') literal = v.node.init;
        });
    }
  });
  root
    .find(j.AssignmentExpression, {
      left: { type: 'MemberExpression', object: { name: 'module' }, property: { name: 'exports' } },
    })
    .forEach((p) => {
      if (p.node.right.type === 'ObjectExpression') literal = p.node.right;
    });
  return literal ? readObject(literal, source) : null;
}

/** How an environment variable's text becomes the value a key gets. */
export type ParseKind = 'string' | 'stringOrNull' | 'parsed' | 'notParsed' | 'constant';

export interface EnvSet {
  key: string;
  parse: ParseKind;
  /** parse 'parsed'/'notParsed': the old loader's helper; 'constant': the value set */
  helper?: string;
  constant?: unknown;
}

export interface EnvVar {
  variable: string;
  /** 'set': applies whenever the variable exists, even empty; 'nonEmpty': only when it has text */
  when: 'set' | 'nonEmpty';
  sets: EnvSet[];
  line: number;
}

export interface LoaderFacts {
  envVars: EnvVar[];
  /** key → the values the old loader accepted (an `ALLOWED.indexOf(x) === -1` check) */
  enums: Map<string, string[]>;
  /** key → the lower bound the old loader required (`if (!(config.a >= 0)) fail(…)`) */
  bounds: Map<string, { op: '>=' | '>'; n: number }>;
  /** the helpers that parsed a variable's text, with their line */
  helpers: Map<string, number>;
  /** what could not be ported: each becomes a diagnostic */
  declined: Finding[];
  /** names the old loader exports besides its default */
  exports: string[];
}

const isEnv = (n: any): boolean =>
  (n?.type === 'Identifier' && n.name === 'env') ||
  (n?.type === 'MemberExpression' &&
    n.object.type === 'Identifier' &&
    n.object.name === 'process' &&
    n.property.name === 'env');

/** `env.NAME` / `process.env.NAME` → NAME */
function envName(n: any): string | null {
  return n?.type === 'MemberExpression' && !n.computed && isEnv(n.object) && n.property.type === 'Identifier'
    ? n.property.name
    : null;
}

/** `config.a.b` → 'a.b' (the root is any identifier but env) */
function keyPath(n: any): string | null {
  const parts: string[] = [];
  while (n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier') {
    parts.unshift(n.property.name);
    n = n.object;
  }
  return n.type === 'Identifier' && n.name !== 'env' && parts.length ? parts.join('.') : null;
}

/** `if (env.X)`, `if (env.X !== undefined)`, `if (env.X !== undefined && env.X !== '')` */
function envTest(test: any): { variable: string; when: 'set' | 'nonEmpty' } | null {
  const direct = envName(test);
  if (direct) return { variable: direct, when: 'nonEmpty' };
  const definedCheck = (t: any): string | null =>
    t.type === 'BinaryExpression' &&
    t.operator === '!==' &&
    t.right.type === 'Identifier' &&
    t.right.name === 'undefined'
      ? envName(t.left)
      : null;
  const defined = definedCheck(test);
  if (defined) return { variable: defined, when: 'set' };
  if (test.type === 'LogicalExpression' && test.operator === '&&') {
    const v = definedCheck(test.left);
    const r = test.right;
    if (
      v &&
      r.type === 'BinaryExpression' &&
      r.operator === '!==' &&
      envName(r.left) === v &&
      literal(r.right).value === ''
    ) {
      return { variable: v, when: 'nonEmpty' };
    }
  }
  return null;
}

/** `ALLOWED.indexOf(x) === -1` → [ALLOWED, x] */
function notIn(test: any): [string, any] | null {
  if (test.type !== 'BinaryExpression' || test.operator !== '===') return null;
  const call = test.left;
  const minusOne =
    test.right.type === 'UnaryExpression' && test.right.operator === '-' && literal(test.right.argument).value === 1;
  if (!minusOne || call.type !== 'CallExpression' || call.callee.type !== 'MemberExpression') return null;
  if (
    call.callee.property.name !== 'indexOf' ||
    call.callee.object.type !== 'Identifier' ||
    call.arguments.length !== 1
  )
    return null;
  return [call.callee.object.name, call.arguments[0]];
}

/** The value side of `config.key = …` inside `if (env.X)`. */
function envValue(value: any, variable: string, helpers: Set<string>): Omit<EnvSet, 'key'> | null {
  if (envName(value) === variable) return { parse: 'string' };
  if (
    value.type === 'LogicalExpression' &&
    value.operator === '||' &&
    envName(value.left) === variable &&
    literal(value.right).ok &&
    literal(value.right).value === null
  ) {
    return { parse: 'stringOrNull' };
  }
  const helperCall = (c: any): string | null =>
    c.type === 'CallExpression' &&
    c.callee.type === 'Identifier' &&
    helpers.has(c.callee.name) &&
    c.arguments.some((a: any) => envName(a) === variable)
      ? c.callee.name
      : null;
  const helper = helperCall(value);
  if (helper) return { parse: 'parsed', helper };
  if (value.type === 'UnaryExpression' && value.operator === '!') {
    const negated = helperCall(value.argument);
    if (negated) return { parse: 'notParsed', helper: negated };
  }
  const constant = literal(value);
  if (constant.ok) return { parse: 'constant', constant: constant.value };
  return null;
}

/** Reads the old loader: its env merges, allowed-value lists and the checks it made. */
export function readLoader(source: string): LoaderFacts {
  const root = j(source);
  const facts: LoaderFacts = {
    envVars: [],
    enums: new Map(),
    bounds: new Map(),
    helpers: new Map(),
    declined: [],
    exports: [],
  };
  const lists = new Map<string, string[]>();
  root.find(j.VariableDeclarator).forEach((p) => {
    const init: any = p.node.init;
    if (
      p.node.id.type === 'Identifier' &&
      init?.type === 'ArrayExpression' &&
      init.elements.every((e: any) => typeof literal(e).value === 'string')
    ) {
      lists.set(
        p.node.id.name,
        init.elements.map((e: any) => e.value),
      );
    }
  });
  // `let cached = null` at the top level, tested as `if (!cached)`
  const caches = new Set<string>();
  root.find(j.VariableDeclarator).forEach((p) => {
    const top = p.parent.parent.node.type === 'Program';
    if (top && p.node.id.type === 'Identifier' && literal(p.node.init).ok && literal(p.node.init).value === null)
      caches.add(p.node.id.name);
  });
  const functions = new Map<string, any>();
  root.find(j.FunctionDeclaration).forEach((p) => {
    if (p.node.id) functions.set((p.node.id as any).name, p.node);
  });
  const helpers = new Set(functions.keys());
  root.find(j.ExportNamedDeclaration).forEach((p) => {
    for (const s of (p.node.specifiers ?? []) as any[]) facts.exports.push(s.exported?.name ?? s.exported?.value);
    const d: any = p.node.declaration;
    if (d?.id) facts.exports.push(d.id.name);
  });

  const handled = new Set<any>();
  const text = (n: any): string => source.slice(n.start, n.end).split('\n')[0]!.slice(0, 100);
  root.find(j.IfStatement).forEach((p) => {
    const node: any = p.node;
    if (handled.has(node)) return;
    handled.add(node);
    const env = envTest(node.test);
    const readsEnv =
      j(p.get('test'))
        .find(j.MemberExpression)
        .filter((m) => isEnv(m.node.object))
        .size() > 0;
    if (env) {
      const read = readEnvMerge(node, env.variable, helpers, lists, handled);
      if (read) {
        facts.envVars.push({ ...env, sets: read.sets, line: lineOf(node) ?? 0 });
        for (const [key, values] of read.enums) facts.enums.set(key, values);
        for (const s of read.sets)
          if (s.helper) facts.helpers.set(s.helper, functions.get(s.helper)?.loc?.start.line ?? 0);
        return;
      }
      if (j(p.get('consequent')).find(j.ReturnStatement).size() === 0) {
        facts.declined.push({
          code: 'MOLT071',
          line: lineOf(node) ?? 0,
          message: `${env.variable}: not ported, its merge is not a plain copy of the value into keys: ${text(node)}`,
        });
        return;
      }
    }
    const loadsFile =
      j(p.get('test'))
        .find(j.MemberExpression, { object: { type: 'Identifier', name: 'fs' } })
        .size() > 0;
    if (env || readsEnv || loadsFile) {
      facts.declined.push({
        code: 'MOLT075',
        line: lineOf(node) ?? 0,
        message: `not ported: ${text(node)}; NODE_ENV and NODE_ENV_MODIFIER now pick the layers, which are modules of config/`,
      });
      return;
    }
    if (isCacheTest(node.test, caches)) return; // the memo of getConfig(): the new loader keeps one
    const check = notIn(node.test);
    const key = check && lists.has(check[0]) ? keyPath(check[1]) : null;
    if (key) {
      facts.enums.set(key, lists.get(check![0])!);
      return;
    }
    const bounds = node.alternate ? null : lowerBounds(node.test);
    if (bounds) {
      for (const [k, b] of bounds) facts.bounds.set(k, b);
      return;
    }
    facts.declined.push({
      code: 'MOLT072',
      line: lineOf(node) ?? 0,
      message: `check not ported to the schema: ${text(node)}`,
    });
  });
  // helpers are found while reading the merges; their own checks are reported once each
  for (const [name, line] of facts.helpers) {
    facts.declined.push({
      code: 'MOLT072',
      line,
      message: `${name}(): replaced by molt's parse of the key's type and the schema's type check; its own rules (ranges, accepted spellings) are not ported`,
    });
  }
  // a helper's own checks were met before the merges named it a helper: they are in its one diagnostic
  facts.declined = facts.declined.filter(
    (d) => !(d.code === 'MOLT072' && insideHelper(d.line, facts.helpers, functions)),
  );
  return facts;
}

const isCacheTest = (test: any, caches: Set<string>): boolean =>
  test.type === 'UnaryExpression' &&
  test.operator === '!' &&
  test.argument.type === 'Identifier' &&
  caches.has(test.argument.name);

/** Is `line` inside the body of one of the helpers? */
function insideHelper(line: number, helpers: Map<string, number>, functions: Map<string, any>): boolean {
  for (const name of helpers.keys()) {
    const f = functions.get(name);
    if (f && line > f.loc.start.line && line <= f.loc.end.line) return true;
  }
  return false;
}

/**
 * `!(config.a >= 0)`, `!(config.a > 0) || !(config.b > 0)`: the lower bounds a check refuses to go below
 * (written as `!(x >= n)`, it also refuses NaN and what is no number, as the schema does).
 */
function lowerBounds(test: any): Map<string, { op: '>=' | '>'; n: number }> | null {
  if (test.type === 'LogicalExpression' && test.operator === '||') {
    const left = lowerBounds(test.left);
    const right = lowerBounds(test.right);
    return left && right ? new Map([...left, ...right]) : null;
  }
  if (test.type !== 'UnaryExpression' || test.operator !== '!') return null;
  const cmp = test.argument;
  if (cmp.type !== 'BinaryExpression' || (cmp.operator !== '>=' && cmp.operator !== '>')) return null;
  const key = keyPath(cmp.left);
  const n = literal(cmp.right).value;
  return key && typeof n === 'number' ? new Map([[key, { op: cmp.operator, n }]]) : null;
}

/** The body of `if (env.X) { config.a = …; … }`, or null when it does anything else. */
function readEnvMerge(
  node: any,
  variable: string,
  helpers: Set<string>,
  lists: Map<string, string[]>,
  handled: Set<any>,
): { sets: EnvSet[]; enums: Map<string, string[]> } | null {
  const body = node.consequent.type === 'BlockStatement' ? node.consequent.body : [node.consequent];
  if (node.alternate) return null;
  const sets: EnvSet[] = [];
  const pendingEnums: string[][] = [];
  for (const s of body) {
    if (s.type === 'IfStatement') {
      // `if (ALLOWED.indexOf(env.X) === -1) fail(…)`: the allowed values of the key it sets
      const check = notIn(s.test);
      if (!check || envName(check[1]) !== variable || !lists.has(check[0]) || s.alternate) return null;
      handled.add(s);
      pendingEnums.push(lists.get(check[0])!);
      continue;
    }
    const e = s.type === 'ExpressionStatement' ? s.expression : null;
    if (e?.type !== 'AssignmentExpression' || e.operator !== '=') return null;
    const key = keyPath(e.left);
    const value = key ? envValue(e.right, variable, helpers) : null;
    if (!key || !value) return null;
    sets.push({ key, ...value });
  }
  const fromEnv = sets.filter((s) => s.parse !== 'constant');
  if (!fromEnv.length) return null;
  const enums = new Map<string, string[]>();
  for (const values of pendingEnums) enums.set(fromEnv[0]!.key, values);
  return { sets, enums };
}

/** `ENV_NAME=${1:-dev}` in the copy script: the environment used when none is named. */
export function defaultEnvOf(script: string): string | null {
  const m = /\$\{1:-([\w-]+)\}/.exec(script);
  return m ? m[1]! : null;
}
