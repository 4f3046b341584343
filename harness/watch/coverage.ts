import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isIgnored, toRepoPath } from './paths.js';

/** the parts of a NODE_V8_COVERAGE script entry read here */
export interface V8Script {
  url: string;
  functions: { functionName: string; ranges: { startOffset: number; endOffset: number; count: number }[] }[];
}

export interface Touched {
  /** files at least one of whose functions ran (count > 0), module top level aside */
  ran: string[];
  /** every file of the service that was loaded at all */
  loaded: string[];
}

/**
 * Which files under `dir` (repo-relative) the scripts show as used. The first
 * function V8 lists for a script is its top level (offset 0): it runs whenever
 * the module is required, so it says nothing about what a test exercised.
 */
export function touchedFiles(scripts: V8Script[], root: string, dir: string): Touched {
  const ran = new Set<string>();
  const loaded = new Set<string>();
  for (const script of scripts) {
    if (!script.url.startsWith('file:')) continue;
    const rel = toRepoPath(root, fileURLToPath(script.url));
    if (!rel.startsWith(`${dir}/`) || isIgnored(rel)) continue;
    loaded.add(rel);
    const used = script.functions.some((fn, i) => {
      const whole = fn.ranges[0];
      if (!whole || (i === 0 && whole.startOffset === 0)) return false;
      return whole.count > 0;
    });
    if (used) ran.add(rel);
  }
  return { ran: [...ran].sort(), loaded: [...loaded].sort() };
}

/** every script entry of every coverage-*.json in `covDir` */
export function readCoverageDir(covDir: string): V8Script[] {
  if (!fs.existsSync(covDir)) return [];
  return fs
    .readdirSync(covDir)
    .filter((f) => f.startsWith('coverage-') && f.endsWith('.json'))
    .flatMap((f) => {
      try {
        return (JSON.parse(fs.readFileSync(path.join(covDir, f), 'utf8')) as { result?: V8Script[] }).result ?? [];
      } catch {
        return []; // a process killed while writing
      }
    });
}
