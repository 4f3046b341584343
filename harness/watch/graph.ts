import path from 'node:path';

/** forward edges: repo-relative file → the repo-relative files it imports / requires */
export type Graph = Record<string, string[]>;

const ES_FROM = /\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g;
const ES_BARE = /\bimport\s*\(?\s*['"]([^'"]+)['"]/g;
const CJS_REQUIRE = /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

function matches(re: RegExp, source: string): string[] {
  return [...source.matchAll(re)].map((m) => m[1] ?? '').filter(Boolean);
}

/** the module specifiers of import / export-from / import() in a TypeScript file */
export function importSpecifiers(source: string): string[] {
  return [...new Set([...matches(ES_FROM, source), ...matches(ES_BARE, source)])];
}

/** the specifiers of require('...') calls in a CommonJS file */
export function requireSpecifiers(source: string): string[] {
  return [...new Set(matches(CJS_REQUIRE, source))];
}

/**
 * Resolves a relative specifier from `fromRel` to a repo-relative file, trying
 * the candidates a loader would (TypeScript: x.js → x.ts; CommonJS: x, x.js,
 * x/index.js). Bare specifiers (packages, node:) resolve to null.
 */
export function resolveSpecifier(
  fromRel: string,
  spec: string,
  style: 'ts' | 'cjs',
  exists: (rel: string) => boolean,
): string | null {
  if (!spec.startsWith('./') && !spec.startsWith('../')) return null;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromRel), spec));
  const candidates =
    style === 'ts'
      ? [base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), base, `${base}.ts`, `${base}/index.ts`]
      : [base, `${base}.js`, `${base}.json`, `${base}/index.js`];
  return candidates.find(exists) ?? null;
}

/** the same edges, pointing the other way */
export function reverse(graph: Graph): Graph {
  const out: Graph = {};
  for (const [from, tos] of Object.entries(graph)) for (const to of tos) (out[to] ??= []).push(from);
  return out;
}

/** every file `file` reaches through the graph (not `file` itself), nearest first */
export function dependencies(graph: Graph, file: string): string[] {
  const seen = new Set<string>([file]);
  const queue = [file];
  while (queue.length) {
    for (const to of graph[queue.shift() as string] ?? []) {
      if (!seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  seen.delete(file);
  return [...seen];
}

/** every file that reaches `file` through the graph (not `file` itself), nearest first */
export function dependents(graph: Graph, file: string): string[] {
  return dependencies(reverse(graph), file);
}
