import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import Inspector from 'jsinspect-plus/lib/inspector.js';
import type { AnalyzerRun, Clone, SideInput } from '../types.js';
import { codeLines } from './code-lines.js';

const require = createRequire(import.meta.url);

export const JSINSPECT_THRESHOLD = 30;

/**
 * The Inspector, not the CLI: the CLI drops every path matching /test|spec/ (config-test.js, config/test.ts)
 * and only logs parse errors. `_traversals` is the only record of which files the parser accepted.
 */
export function runJsinspect(input: SideInput): AnalyzerRun<Clone[]> {
  const byAbs = new Map(input.files.map((f) => [f.absPath, f]));
  const inspector = new Inspector([...byAbs.keys()], { threshold: JSINSPECT_THRESHOLD, identifiers: true, literals: true });
  const clusters: Clone[] = [];
  inspector.on('match', (match) => {
    clusters.push({
      lines: Math.max(...match.instances.map((i) => i.end.line - i.start.line + 1)),
      instances: match.instances.map((i) => ({
        file: byAbs.get(i.filename)?.displayPath ?? i.filename,
        startLine: i.start.line,
        endLine: i.end.line,
        code: codeLines(i.filename, i.start.line, i.end.line),
      })),
    });
  });
  const errors: string[] = [];
  const original = console.error;
  // the Inspector reports a parse failure with console.error and moves on; keep the message for the guard
  console.error = (...args: unknown[]) => errors.push(args.map(String).join(' '));
  try {
    inspector.run();
  } finally {
    console.error = original;
  }
  const parsed = new Set(Object.keys(inspector._traversals));
  return {
    analyzer: 'jsinspect-plus',
    parsed: input.files.filter((f) => parsed.has(f.absPath)).map((f) => f.displayPath),
    failures: input.files
      .filter((f) => !parsed.has(f.absPath))
      .map((f) => ({ file: f.displayPath, message: errors.find((e) => e.includes(f.absPath)) ?? 'not parsed' })),
    result: clusters,
  };
}

export interface SeedBaseline {
  command: string;
  clusters: number;
  filesScanned: string[];
  /** files of the legacy list the seed command never looked at (its built-in /test|spec/ ignore) */
  notScanned: string[];
  parseErrors: string[];
}

/** The seed's historical command, `jsinspect -t 30` on legacy, run through the CLI as it was run then. */
export async function runSeedBaseline(repoRoot: string, legacyFiles: SideInput['files']): Promise<SeedBaseline> {
  const bin = path.join(path.dirname(require.resolve('jsinspect-plus/package.json')), 'bin', 'jsinspect');
  const args = ['-t', String(JSINSPECT_THRESHOLD), '-r', 'json', '--debug', 'legacy'];
  // asynchronous, so the report's other work goes on while this process runs (it exits 0 with or without matches)
  const out = await promisify(execFile)(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const stderr = out.stderr.split('\n');
  const filesScanned = stderr.filter((l) => l.startsWith('parsing ')).map((l) => path.posix.normalize(l.slice('parsing '.length).trim()));
  const parseErrors = stderr.filter((l) => l.startsWith("Couldn't parse"));
  const scanned = new Set(filesScanned);
  const clusters = (JSON.parse(out.stdout || '[]') as unknown[]).length;
  return {
    command: `jsinspect ${args.join(' ')}`,
    clusters,
    filesScanned,
    notScanned: legacyFiles.map((f) => f.displayPath).filter((p) => !scanned.has(p)),
    parseErrors,
  };
}
