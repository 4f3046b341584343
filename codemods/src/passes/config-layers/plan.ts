/**
 * From whole config files to layers: what every environment shares (base), what
 * each environment changes, and which environment is only a small change on top
 * of another one (a modifier, such as aws on top of production). Then the schema:
 * the type of every key, from the values found and the old loader's checks.
 */
import { IDENTIFIER_NAME } from '../../ast.js';
import type { EnvVar, Finding, LoaderFacts } from './read.js';
import { asRecord, sameLeaf, type Branch, type Leaf } from './tree.js';

export interface EnvInput {
  name: string;
  file: string;
  tree: Branch;
}

export interface Layer {
  name: string;
  file: string;
  /** a modifier's environment: it is written as its differences from that one */
  over: string | null;
  leaves: Map<string, Leaf>;
}

/** A key's type, printed as zod and as TypeScript. */
export interface KeyType {
  zod: string;
  ts: string;
  /** 'number' | 'boolean' | 'string' | other: how an environment variable's text is read for it */
  scalar: string;
}

export interface Plan {
  base: Map<string, Leaf>;
  layers: Layer[];
  /** keys set whole by a layer (their keys are data) */
  whole: string[];
  types: Map<string, KeyType>;
  /** keys not every environment sets */
  optional: Set<string>;
  envVars: EnvVar[];
  findings: Finding[];
}

/** Objects whose key sets differ between files, or whose keys are not identifiers, are values, not sections. */
function wholeKeys(trees: Branch[]): Set<string> {
  const keySets = new Map<string, string[]>();
  const visit = (b: Branch, prefix: string): void => {
    for (const [k, n] of b.entries) {
      if (n.kind !== 'object') continue;
      const key = prefix ? `${prefix}.${k}` : k;
      keySets.set(key, [...(keySets.get(key) ?? []), [...n.entries.keys()].sort().join('\0')]);
      visit(n, key);
    }
  };
  for (const t of trees) visit(t, '');
  const whole = new Set<string>();
  for (const [key, sets] of keySets) {
    const names = sets.flatMap((s) => s.split('\0')).filter(Boolean);
    if (new Set(sets).size > 1 || names.some((n) => !IDENTIFIER_NAME.test(n))) whole.add(key);
  }
  // only the outermost: a whole object's insides are part of its value
  return new Set([...whole].filter((k) => ![...whole].some((o) => k.startsWith(`${o}.`))));
}

/** Leaves by path, whole objects as one leaf. */
function leavesOf(tree: Branch, whole: Set<string>, prefix = '', out = new Map<string, Leaf>()): Map<string, Leaf> {
  for (const [k, n] of tree.entries) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (n.kind === 'leaf') out.set(key, n);
    else if (whole.has(key)) out.set(key, asRecord(n));
    else leavesOf(n, whole, key, out);
  }
  return out;
}

function distance(a: Map<string, Leaf>, b: Map<string, Leaf>): number {
  let d = 0;
  for (const key of new Set([...a.keys(), ...b.keys()])) if (!sameLeaf(a.get(key), b.get(key))) d += 1;
  return d;
}

/**
 * A modifier: an environment at least twice as close to one other environment
 * as to any third one, that sets every key that one sets (a layer cannot unset a
 * key). Needs three environments or more; two are just two environments.
 */
function findModifiers(
  envs: Map<string, Map<string, Leaf>>,
): Map<string, { over: string; near: number; next: number }> {
  const found = new Map<string, { over: string; near: number; next: number }>();
  if (envs.size < 3) return found;
  for (const [name, leaves] of envs) {
    const others = [...envs].filter(([n]) => n !== name).map(([n, l]) => ({ n, l, d: distance(leaves, l) }));
    others.sort((a, b) => a.d - b.d || a.n.localeCompare(b.n));
    const [nearest, second] = [others[0]!, others[1]!];
    const coversParent = [...nearest.l.keys()].every((k) => leaves.has(k));
    if (nearest.d * 2 <= second.d && coversParent)
      found.set(name, { over: nearest.n, near: nearest.d, next: second.d });
  }
  // two environments that would modify each other: the one farther from the rest stays an environment
  for (const [name, m] of found) {
    const other = found.get(m.over);
    if (other?.over === name && (other.next > m.next || (other.next === m.next && m.over < name))) found.delete(name);
  }
  for (const [name, m] of found) if (found.has(m.over)) found.delete(name); // no modifier of a modifier
  return found;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'number';
  return typeof value;
}

const quoted = (v: string): string => `'${v.replace(/[\\']/g, '\\$&')}'`;

/** The type of a list of values of one key (all known), or null when they disagree in a way molt does not type. */
function typeOfValues(values: unknown[], allowed: string[] | undefined): KeyType | null {
  const types = new Set(values.map(typeOf));
  const nullable = types.delete('null');
  if (types.has('int') && types.has('number')) types.delete('int');
  if (types.size === 0) return { zod: 'z.null()', ts: 'null', scalar: 'null' };
  if (types.size > 1) return null;
  const typed = (zod: string, ts: string, scalar: string): KeyType =>
    nullable ? { zod: `${zod}.nullable()`, ts: `${ts} | null`, scalar } : { zod, ts, scalar };
  switch ([...types][0]) {
    case 'string':
      return allowed
        ? typed(`z.enum([${allowed.map(quoted).join(', ')}])`, allowed.map(quoted).join(' | '), 'string')
        : typed('z.string()', 'string', 'string');
    case 'int':
      return typed('z.number().int()', 'number', 'number');
    case 'number':
      return typed('z.number()', 'number', 'number');
    case 'boolean':
      return typed('z.boolean()', 'boolean', 'boolean');
    case 'array': {
      const items = (values.filter(Array.isArray) as unknown[][]).flat();
      const item = items.length
        ? typeOfValues(items, undefined)
        : { zod: 'z.unknown()', ts: 'unknown', scalar: 'unknown' };
      return item
        ? typed(`z.array(${item.zod})`, item.ts.includes('|') ? `(${item.ts})[]` : `${item.ts}[]`, 'array')
        : null;
    }
    case 'object': {
      const items = values.filter((v) => v !== null).flatMap((v) => Object.values(v as object));
      const item = items.length
        ? typeOfValues(items, undefined)
        : { zod: 'z.string()', ts: 'string', scalar: 'string' };
      return item ? typed(`z.record(z.string(), ${item.zod})`, `Record<string, ${item.ts}>`, 'record') : null;
    }
    default:
      return null;
  }
}

export function plan(inputs: EnvInput[], loader: LoaderFacts): Plan {
  const whole = wholeKeys(inputs.map((i) => i.tree));
  const envs = new Map(inputs.map((i) => [i.name, leavesOf(i.tree, whole)]));
  const findings: Finding[] = [];
  const modifiers = findModifiers(envs);
  const full = [...envs].filter(([name]) => !modifiers.has(name));
  const first = full[0]![1];
  const base = new Map([...first].filter(([key, leaf]) => full.every(([, l]) => sameLeaf(l.get(key), leaf))));
  const layers: Layer[] = inputs.map((input) => {
    const leaves = envs.get(input.name)!;
    const m = modifiers.get(input.name);
    const against = m ? envs.get(m.over)! : base;
    if (m) {
      findings.push({
        code: 'MOLT181',
        file: input.file,
        line: 1,
        message: `${input.file} written as a modifier of ${m.over} (NODE_ENV_MODIFIER=${input.name}): it differs from ${m.over} in ${m.near} keys, from the next closest in ${m.next}`,
      });
    }
    return {
      name: input.name,
      file: input.file,
      over: m?.over ?? null,
      leaves: new Map([...leaves].filter(([key, leaf]) => !sameLeaf(against.get(key), leaf))),
    };
  });

  const keys = new Set([...envs.values()].flatMap((l) => [...l.keys()]));
  const optional = new Set([...keys].filter((k) => full.some(([, l]) => !l.has(k))));
  const types = new Map<string, KeyType>();
  for (const key of keys) {
    const leaves = [...envs.values()].map((l) => l.get(key)).filter((l): l is Leaf => !!l);
    const unknown = leaves.find((l) => !l.known);
    const unknownIn = unknown ? inputs.find((i) => envs.get(i.name)!.get(key) === unknown)?.file : undefined;
    const values = leaves.map((l) => l.value);
    // a variable that may set null (REDIS_HOST= empty) makes the key nullable
    const fromEnv = loader.envVars.flatMap((v) => v.sets).filter((s) => s.key === key);
    if (fromEnv.some((s) => s.parse === 'stringOrNull')) values.push(null);
    for (const s of fromEnv) if (s.parse === 'constant') values.push(s.constant);
    const found = unknown ? null : typeOfValues(values, loader.enums.get(key));
    const bound = loader.bounds.get(key);
    const type = found && bound && found.scalar === 'number' ? withBound(found, bound) : found;
    if (bound && found?.scalar !== 'number')
      findings.push({
        code: 'MOLT072',
        line: 0,
        message: `${key}: its lower bound (${bound.op} ${bound.n}) is not ported, the key is no number`,
      });
    if (!type) {
      const why = unknown
        ? `its value ${unknown.text} is not a constant`
        : `its values have different types (${[...new Set(values.map(typeOf))].join(', ')})`;
      findings.push({
        code: 'MOLT070',
        file: unknownIn ?? inputs[0]!.file,
        line: unknown?.line ?? 0,
        message: `${key}: typed z.unknown(), ${why}`,
      });
      types.set(key, { zod: 'z.unknown()', ts: 'unknown', scalar: 'unknown' });
    } else {
      types.set(key, type);
    }
  }
  return {
    base,
    layers,
    whole: [...whole],
    types,
    optional,
    envVars: typedEnvVars(loader.envVars, types, findings),
    findings,
  };
}

/** `z.number().int()` → `z.number().int().min(0)` (>=) or `.gt(0)` (>) */
function withBound(type: KeyType, bound: { op: '>=' | '>'; n: number }): KeyType {
  const check = bound.op === '>=' ? `.min(${bound.n})` : `.gt(${bound.n})`;
  const zod = type.zod.endsWith('.nullable()')
    ? type.zod.replace(/\.nullable\(\)$/, `${check}.nullable()`)
    : type.zod + check;
  return { ...type, zod };
}

/** A helper-parsed variable is read as its key's type; one whose key has no scalar type is not ported. */
function typedEnvVars(vars: EnvVar[], types: Map<string, KeyType>, findings: Finding[]): EnvVar[] {
  return vars.filter((v) => {
    for (const s of v.sets) {
      const scalar = types.get(s.key)?.scalar;
      const fits =
        s.parse === 'parsed'
          ? scalar === 'number' || scalar === 'boolean'
          : s.parse === 'notParsed'
            ? scalar === 'boolean'
            : !!scalar;
      if (!fits) {
        findings.push({
          code: 'MOLT071',
          line: v.line,
          message: `${v.variable}: not ported, ${s.key} is ${scalar ? `a ${scalar}` : 'not a key of the config files'}, which its merge cannot set`,
        });
        return false;
      }
    }
    return true;
  });
}
