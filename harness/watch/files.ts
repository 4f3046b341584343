import fs from 'node:fs';
import path from 'node:path';
import { importSpecifiers, requireSpecifiers, resolveSpecifier, type Graph } from './graph.js';
import { isIgnored, isTestFile } from './paths.js';

/** repo-relative files under `dir` (repo-relative), skipping what the watcher ignores */
export function listFiles(root: string, dir: string, keep: (rel: string) => boolean = () => true): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const child = `${rel}/${e.name}`;
      if (isIgnored(child)) continue;
      if (e.isDirectory()) walk(child);
      else if (e.isFile() && keep(child)) out.push(child);
    }
  };
  walk(dir);
  return out.sort();
}

/** the test files each kind of change can pick from */
export interface TestFiles {
  contract: string[];
  /** harness/test unit tests */
  unit: string[];
  codemods: string[];
}

export function findTests(root: string): TestFiles {
  return {
    contract: listFiles(root, 'harness/contract', isTestFile),
    unit: listFiles(root, 'harness/test', isTestFile),
    codemods: listFiles(root, 'codemods', isTestFile),
  };
}

function buildGraph(root: string, files: string[], style: 'ts' | 'cjs'): Graph {
  const known = new Set(files);
  const exists = (rel: string): boolean => known.has(rel);
  const graph: Graph = {};
  for (const file of files) {
    const source = fs.readFileSync(path.join(root, file), 'utf8');
    const specs = style === 'ts' ? importSpecifiers(source) : requireSpecifiers(source);
    graph[file] = specs.flatMap((s) => resolveSpecifier(file, s, style, exists) ?? []);
  }
  return graph;
}

/** harness/**\/*.ts → the harness files each imports */
export function harnessImportGraph(root: string): Graph {
  return buildGraph(root, listFiles(root, 'harness', (f) => /\.(ts|mts|cts)$/.test(f)), 'ts');
}

/** legacy/**\/*.js → the legacy files each require()s */
export function legacyRequireGraph(root: string): Graph {
  return buildGraph(root, listFiles(root, 'legacy', (f) => /\.(js|json)$/.test(f)), 'cjs');
}
