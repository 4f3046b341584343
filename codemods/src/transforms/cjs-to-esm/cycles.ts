/**
 * Circular requires across files: how this unit sees a local module on disk (its export shape and
 * the files it requires while it loads, cached per file and mtime), the shortest chain of load-time
 * requires that leads back to the file being converted, and how a path is shown in a message.
 */
import path from 'node:path';
import type { JSCodeshift } from 'jscodeshift';
import { readTree } from '../../ast.js';
import { readCached, type ParsedFiles } from '../../files.js';
import { Converter } from './converter.js';
import type { ExportShape } from './model.js';
import { resolveLocal } from './resolve.js';

export interface DepInfo {
  shape: ExportShape;
  /** files it requires while it loads (not inside functions) */
  loads: string[];
}

const depCache: ParsedFiles<DepInfo> = new Map();

/** how this unit sees a local module on disk (cached per file and mtime) */
export function depInfo(j: JSCodeshift, abs: string): DepInfo | null {
  return readCached(depCache, abs, (source) => {
    const model = new Converter(j, source, abs, readTree(j, source));
    model.analyze();
    return {
      shape: model.shape(),
      loads: model.loadSpecs().flatMap((spec) => {
        if (!spec.startsWith('.') && !spec.startsWith('/')) return [];
        const r = resolveLocal(abs, spec);
        return r.abs ? [r.abs] : [];
      }),
    };
  });
}

/** the shortest chain of load-time requires from `from` back to `self`, if any */
export function cycleThrough(j: JSCodeshift, self: string, from: string): string[] | null {
  const prev = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  while (queue.length && prev.size < 5000) {
    const at = queue.shift()!;
    if (at === self) {
      const chain: string[] = [];
      for (let p: string | null = at; p; p = prev.get(p) ?? null) chain.unshift(p);
      return chain;
    }
    for (const next of depInfo(j, at)?.loads ?? []) {
      if (!prev.has(next)) {
        prev.set(next, at);
        queue.push(next);
      }
    }
  }
  return null;
}

/** a path for a message: from the working directory, or else from the file being converted */
export const shown = (abs: string, self: string): string => {
  let rel = path.relative(process.cwd(), abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) rel = path.relative(path.dirname(self), abs);
  return rel.split(path.sep).join('/');
};
