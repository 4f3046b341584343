import { readFileSync } from 'node:fs';
import type { FunctionComplexity } from './types.js';

/** One row of origins.json: migrated files that replaced these legacy files, and the functions renamed on the way. */
export interface OriginGroup {
  legacy: string[];
  migrated: string[];
  /** migrated name → legacy name */
  renames?: Record<string, string>;
}

export interface OriginMap {
  groups: OriginGroup[];
}

type FunctionRef = Pick<FunctionComplexity, 'file' | 'name' | 'line' | 'cyclomatic' | 'cognitive'>;

/** A legacy origin with its anonymous callbacks folded in (see withCallbacks). */
interface OriginRef extends FunctionRef {
  callbacks: number;
}

export interface OriginMatch extends FunctionRef {
  /** null: a new function, not compared */
  origin: OriginRef | null;
}

export interface Origins {
  mapping: string;
  coverage: { functions: number; withOrigin: number; new: number; percent: number };
  matches: OriginMatch[];
}

// a trailing slash names a folder: "legacy/models/" covers every file under it
const covers = (entry: string, file: string): boolean => (entry.endsWith('/') ? file.startsWith(entry) : file === entry);

/** Every entry must name at least one file of its side, and a migrated file may sit in one group only. */
export function loadOriginMap(file: string, legacyFiles: string[], migratedFiles: string[]): OriginMap {
  const map = JSON.parse(readFileSync(file, 'utf8')) as OriginMap;
  const problems: string[] = [];
  for (const group of map.groups) {
    for (const entry of group.legacy) if (!legacyFiles.some((f) => covers(entry, f))) problems.push(`legacy entry ${entry} names no file`);
    for (const entry of group.migrated) if (!migratedFiles.some((f) => covers(entry, f))) problems.push(`migrated entry ${entry} names no file`);
  }
  for (const f of migratedFiles) {
    const groups = map.groups.filter((g) => g.migrated.some((entry) => covers(entry, f))).length;
    if (groups > 1) problems.push(`${f} is in ${groups} groups`);
  }
  if (problems.length > 0) throw new Error(`${file}:\n  ${problems.join('\n  ')}`);
  return map;
}

/** "Method 'join'" → join; eslint's anonymous names ("Arrow function", "Constructor") have no name to match. */
export function bareName(eslintName: string): string | null {
  return /'([^']+)'$/.exec(eslintName)?.[1] ?? null;
}

const isInside = (inner: FunctionComplexity, outer: FunctionComplexity): boolean =>
  inner.file === outer.file && inner !== outer && inner.line >= outer.line && inner.endLine <= outer.endLine && (inner.line > outer.line || inner.column > outer.column);

/**
 * Callback-style legacy code spreads one operation over a named function and the anonymous callbacks inside it;
 * async/await puts them back into one function. So the origin counts its anonymous callbacks too: each adds its
 * decision points (its cyclomatic less the 1 every function starts with) and its cognitive.
 */
function withCallbacks(origin: FunctionComplexity, legacy: FunctionComplexity[]): OriginRef {
  const callbacks = legacy.filter((l) => bareName(l.name) === null && isInside(l, origin));
  return {
    file: origin.file,
    name: origin.name,
    line: origin.line,
    cyclomatic: origin.cyclomatic + callbacks.reduce((n, c) => n + c.cyclomatic - 1, 0),
    cognitive: origin.cognitive + callbacks.reduce((n, c) => n + c.cognitive, 0),
    callbacks: callbacks.length,
  };
}

/**
 * Finds each migrated function's origin by name within its group. When several legacy functions share the name
 * (a model's join and the service's joinRoom merged into one), the most complex is the origin: the migrated
 * function replaced all of them.
 */
export function matchOrigins(map: OriginMap, mapping: string, legacy: FunctionComplexity[], migrated: FunctionComplexity[]): Origins {
  const matches = migrated.map((fn): OriginMatch => {
    const ref: FunctionRef = { file: fn.file, name: fn.name, line: fn.line, cyclomatic: fn.cyclomatic, cognitive: fn.cognitive };
    const group = map.groups.find((g) => g.migrated.some((entry) => covers(entry, fn.file)));
    const name = bareName(fn.name);
    if (!group || !name) return { ...ref, origin: null };
    const wanted = group.renames?.[name] ?? name;
    const candidates = legacy
      .filter((l) => group.legacy.some((entry) => covers(entry, l.file)) && bareName(l.name) === wanted)
      .map((l) => withCallbacks(l, legacy))
      .sort((a, b) => b.cyclomatic - a.cyclomatic || b.cognitive - a.cognitive);
    const origin = candidates[0];
    return { ...ref, origin: origin ?? null };
  });
  const withOrigin = matches.filter((m) => m.origin).length;
  const percent = matches.length === 0 ? 0 : Math.round((1000 * withOrigin) / matches.length) / 10;
  return { mapping, coverage: { functions: matches.length, withOrigin, new: matches.length - withOrigin, percent }, matches };
}
