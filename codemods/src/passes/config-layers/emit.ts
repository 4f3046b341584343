/**
 * The files config-layers writes: conf/base.ts, config/<env>.ts, config/index.ts,
 * config/schema.ts, and the new loader in place of the old one.
 */
import { IDENTIFIER_NAME } from '../../ast.js';
import type { EnvVar } from './read.js';
import type { KeyType, Layer, Plan } from './plan.js';
import type { Leaf } from './tree.js';

const keyText = (k: string): string => (IDENTIFIER_NAME.test(k) ? k : `'${k}'`);

/** `dev-eu` → `devEu`: the name a layer has in code. */
export const layerIdent = (name: string): string =>
  name.replace(/[^\w$]+(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/^(\d)/, '_$1');

interface Tree<T> {
  [key: string]: T | Tree<T>;
}

/** Dotted keys → nested objects, in first-seen order. */
function nest<T>(entries: Iterable<[string, T]>, isLeaf: (v: unknown) => v is T): Tree<T> {
  const root: Tree<T> = {};
  for (const [key, value] of entries) {
    const parts = key.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      node = (next && !isLeaf(next) ? next : (node[part] = {})) as Tree<T>;
    }
    node[parts.at(-1)!] = value;
  }
  return root;
}

/** A multi-line value written at another depth keeps its own relative indentation. */
function reindent(text: string, indent: string): string {
  const lines = text.split('\n');
  if (lines.length === 1) return text;
  const rest = lines.slice(1);
  const cut = Math.min(...rest.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  const outer = rest.at(-1)!.length - rest.at(-1)!.trimStart().length - cut;
  return [
    lines[0],
    ...rest.map((l) => indent + ' '.repeat(Math.max(0, l.length - l.trimStart().length - cut - outer)) + l.trimStart()),
  ].join('\n');
}

const isLeaf = (v: unknown): v is Leaf => (v as Leaf)?.kind === 'leaf';

function printLayer(tree: Tree<Leaf>, depth: number): string {
  const indent = '  '.repeat(depth + 1);
  const lines: string[] = [];
  for (const [key, value] of Object.entries(tree)) {
    if (isLeaf(value)) {
      for (const c of value.comments) lines.push(`${indent}// ${c}`);
      lines.push(`${indent}${keyText(key)}: ${reindent(value.text, indent)},`);
    } else {
      lines.push(`${indent}${keyText(key)}: ${printLayer(value, depth + 1)},`);
    }
  }
  return lines.length ? `{\n${lines.join('\n')}\n${'  '.repeat(depth)}}` : '{}';
}

const HEADER = '// written by molt config-layers';

export function baseFile(plan: Plan, from: string[]): string {
  return [
    HEADER,
    "import type { ConfigLayer } from '../config/schema.js';",
    '',
    `/** What every environment shares (the keys ${from.join(', ')} all set alike). config/<NODE_ENV>.ts and config/<NODE_ENV_MODIFIER>.ts override it. */`,
    `const base: ConfigLayer = ${printLayer(nest(plan.base, isLeaf), 0)};`,
    '',
    'export default base;',
    '',
  ].join('\n');
}

export function layerFile(layer: Layer): string {
  const ident = layerIdent(layer.name);
  const doc = layer.over
    ? `NODE_ENV_MODIFIER=${layer.name} (or NODE_ENV=${layer.name}, which applies ${layer.over} first): how ${layer.file} differs from ${layer.over}.`
    : `NODE_ENV=${layer.name}: how ${layer.file} differs from conf/base.ts.`;
  return [
    HEADER,
    "import type { ConfigLayer } from './schema.js';",
    '',
    `/** ${doc} */`,
    `const ${ident}: ConfigLayer = ${printLayer(nest(layer.leaves, isLeaf), 0)};`,
    '',
    `export default ${ident};`,
    '',
  ].join('\n');
}

export function indexFile(layers: Layer[], defaultEnv: string): string {
  const sorted = [...layers].sort((a, b) => a.name.localeCompare(b.name));
  const modifies = layers.filter((l) => l.over).map((l) => `${keyText(l.name)}: '${l.over}'`);
  return [
    HEADER,
    "import type { ConfigLayer } from './schema.js';",
    ...sorted.map((l) => `import ${layerIdent(l.name)} from './${l.name}.js';`),
    '',
    '/** Every layer NODE_ENV or NODE_ENV_MODIFIER can name. */',
    `export const LAYERS: Record<string, ConfigLayer> = { ${layers.map((l) => (layerIdent(l.name) === l.name ? l.name : `'${l.name}': ${layerIdent(l.name)}`)).join(', ')} };`,
    '',
    '/** A modifier named as NODE_ENV is applied on top of the environment it modifies. */',
    `export const MODIFIES: Record<string, string> = ${modifies.length ? `{ ${modifies.join(', ')} }` : '{}'};`,
    '',
    '/** NODE_ENV when it is unset: the environment the old copy script took when none was named. */',
    `export const DEFAULT_ENV = '${defaultEnv}';`,
    '',
  ].join('\n');
}

/** `z.object({…}).strict()` over a tree of key types; `indent` is that of the line the `z` ends. */
function printSchema(tree: Tree<KeyType>, optional: Set<string>, indent: string, prefix = ''): string {
  const inner = `${indent}    `;
  const lines = Object.entries(tree).map(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    const opt = optional.has(path) ? '.optional()' : '';
    const type = isType(value) ? value.zod : printSchema(value, optional, inner, path);
    return `${inner}${keyText(key)}: ${type}${opt},`;
  });
  return `z\n${indent}  .object({\n${lines.join('\n')}\n${indent}  })\n${indent}  .strict()`;
}

const isType = (v: unknown): v is KeyType => typeof (v as KeyType)?.zod === 'string';

/** The same tree as a TypeScript interface body. */
function printInterface(tree: Tree<KeyType>, optional: Set<string>, indent: string, prefix = ''): string {
  const inner = `${indent}  `;
  const lines = Object.entries(tree).map(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    const type = isType(value) ? value.ts : printInterface(value, optional, inner, path);
    return `${inner}${keyText(key)}${optional.has(path) ? '?' : ''}: ${type};`;
  });
  return `{\n${lines.join('\n')}\n${indent}}`;
}

export function schemaFile(plan: Plan, from: string[]): string {
  return [
    HEADER,
    "import { z } from 'zod';",
    '',
    `/** The configuration: the types of the values ${from.join(', ')} hold, and the values the old loader allowed. */`,
    `export interface Config ${printInterface(nest(plan.types, isType), plan.optional, '')}`,
    '',
    '/** Checks a merged configuration at start-up: every key, its type and the values it may take. */',
    `export const ConfigSchema: z.ZodType<Config> = ${printSchema(nest(plan.types, isType), plan.optional, '')};`,
    '',
    '/** A layer sets any subset of keys, at any depth; lists and whole keys are set whole. */',
    'export type ConfigLayer = DeepPartial<Config>;',
    'type DeepPartial<T> = { [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K] };',
    '',
    '/** Keys whose keys are data (a host → URL map): a layer sets them whole, layers do not merge them. */',
    `export const WHOLE_KEYS: readonly string[] = [${plan.whole.map((k) => `'${k}'`).join(', ')}];`,
    '',
  ].join('\n');
}

/** How each environment variable's text is read, by the type of the key it sets. */
function parseName(parse: string, type: KeyType | undefined): string {
  if (parse === 'notParsed') return 'notBoolean';
  if (parse === 'parsed') return type?.scalar === 'boolean' ? 'boolean' : 'number';
  return parse;
}

function envVarLines(vars: EnvVar[], types: Map<string, KeyType>): string[] {
  return vars.map((v) => {
    const sets = v.sets.map((s) =>
      s.parse === 'constant'
        ? `{ key: '${s.key}', constant: ${JSON.stringify(s.constant)} }`
        : `{ key: '${s.key}', parse: '${parseName(s.parse, types.get(s.key))}' }`,
    );
    return `  { variable: '${v.variable}', when: '${v.when}', sets: [${sets.join(', ')}] },`;
  });
}

/** The new loader, at the old loader's path, with its default export and its `load`/`reset`. */
/** `required`: CommonJS modules require the loader, so `require()` must return getConfig (Node's require(esm)). */
export function loaderFile(plan: Plan, relToRoot: string, oldFile: string, required = false): string {
  const up = relToRoot || '.';
  return `${HEADER}, in place of the loader of a config.js copied by hand (${oldFile})
import base from '${up}/conf/base.js';
import { DEFAULT_ENV, LAYERS, MODIFIES } from '${up}/config/index.js';
import { ConfigSchema, WHOLE_KEYS, type Config, type ConfigLayer } from '${up}/config/schema.js';

/** A bad value: names the key, the layer or variable it came from, and the reason. */
export class ConfigError extends Error {
  /** the old loader's errors carried this code */
  readonly code = 'CONFIG_INVALID';

  constructor(
    readonly key: string,
    readonly source: string,
    readonly reason: string,
  ) {
    super(\`config: \${key} (from \${source}): \${reason}\`);
    this.name = 'ConfigError';
  }
}

type Parse = 'string' | 'stringOrNull' | 'number' | 'boolean' | 'notBoolean';

interface EnvVar {
  variable: string;
  /** 'set': applies whenever the variable exists, even empty; 'nonEmpty': only when it has text */
  when: 'set' | 'nonEmpty';
  sets: ({ key: string; parse: Parse } | { key: string; constant: unknown })[];
}

/** The environment variables the old loader merged, in its order (later wins). */
const ENV_VARS: EnvVar[] = [
${envVarLines(plan.envVars, plan.types).join('\n')}
];

/** Text that does not read as the type is kept as text, so that the schema names the variable and the reason. */
function parse(raw: string, how: Parse): unknown {
  const flag = raw.trim().toLowerCase();
  switch (how) {
    case 'string':
      return raw;
    case 'stringOrNull':
      return raw === '' ? null : raw;
    case 'number':
      return /^-?\\d+(\\.\\d+)?$/.test(raw.trim()) ? Number(raw) : raw;
    case 'boolean':
    case 'notBoolean': {
      const value = ['true', '1', 'yes'].includes(flag) ? true : ['false', '0', 'no', ''].includes(flag) ? false : null;
      if (value === null) return raw;
      return how === 'boolean' ? value : !value;
    }
  }
}

type Layers = [layer: Record<string, unknown>, source: string][];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep merge; lists and WHOLE_KEYS are replaced, not merged. Notes where each key came from. */
function merge(target: Record<string, unknown>, layer: Record<string, unknown>, source: string, sources: Record<string, string>, prefix = ''): void {
  for (const [k, v] of Object.entries(layer)) {
    const key = prefix ? \`\${prefix}.\${k}\` : k;
    if (isObject(v) && !WHOLE_KEYS.includes(key)) {
      if (!isObject(target[k])) target[k] = {};
      merge(target[k] as Record<string, unknown>, v, source, sources, key);
    } else {
      target[k] = structuredClone(v);
      sources[key] = source;
    }
  }
}

function setKey(layer: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = layer;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts.at(-1)!] = value;
}

function fileLayer(variable: string, name: string): Layers {
  const layer: ConfigLayer | undefined = LAYERS[name];
  if (!layer) throw new ConfigError(variable, 'the environment', \`no config/\${name}.ts (known: \${Object.keys(LAYERS).join(', ')})\`);
  const under = variable === 'NODE_ENV' && MODIFIES[name] ? fileLayer(variable, MODIFIES[name]) : [];
  return [...under, [layer as Record<string, unknown>, \`config/\${name}.ts\`]];
}

function envLayers(env: NodeJS.ProcessEnv): Layers {
  return ENV_VARS.filter((v) => env[v.variable] !== undefined && (v.when === 'set' || env[v.variable] !== '')).map((v) => {
    const layer: Record<string, unknown> = {};
    for (const s of v.sets) setKey(layer, s.key, 'constant' in s ? s.constant : parse(env[v.variable]!, s.parse));
    return [layer, \`env \${v.variable}\`];
  });
}

/** conf/base.ts → config/<NODE_ENV>.ts → config/<NODE_ENV_MODIFIER>.ts → environment variables; later wins. */
export function load(env: NodeJS.ProcessEnv = process.env): Config {
  const layers: Layers = [
    [base as Record<string, unknown>, 'conf/base.ts'],
    ...fileLayer('NODE_ENV', env.NODE_ENV || DEFAULT_ENV),
    ...(env.NODE_ENV_MODIFIER ? fileLayer('NODE_ENV_MODIFIER', env.NODE_ENV_MODIFIER) : []),
    ...envLayers(env),
  ];
  const merged: Record<string, unknown> = {};
  const sources: Record<string, string> = {};
  for (const [layer, source] of layers) merge(merged, layer, source, sources);
  const result = ConfigSchema.safeParse(merged);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const key = issue.path.join('.') || '(root)';
  throw new ConfigError(key, sources[key] ?? 'no layer sets it', issue.message);
}

let cached: Config | null = null;

/** The configuration of this process, loaded at the first call. */
export default function getConfig(): Config {
  cached ??= load(process.env);
  return cached;
}

export function reset(): void {
  cached = null;
}
${required ? "\n// what require('<this module>') returns: getConfig, with load and reset on it, as the old module.exports\nObject.assign(getConfig, { load, reset });\nexport { getConfig as 'module.exports' };\n" : ''}`;
}
