import { readFileSync } from 'node:fs';

const cache = new Map<string, string[]>();

/** Lines start..end (1-based, inclusive) of a file, for showing a clone beside its twin. */
export function codeLines(absPath: string, start: number, end: number): string {
  let lines = cache.get(absPath);
  if (!lines) {
    lines = readFileSync(absPath, 'utf8').split('\n');
    cache.set(absPath, lines);
  }
  return lines.slice(start - 1, end).join('\n');
}
