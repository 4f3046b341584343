import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { transformSync } from 'esbuild';
import { LineMap } from './line-map.js';
import type { SourceFile } from './types.js';

/** A stripped file: what the analyzers read, plus the way back to the TypeScript people edit. */
export interface StrippedFile extends SourceFile {
  /** the .ts file it came from */
  sourcePath: string;
  lines: LineMap;
}

/**
 * Types only, no downlevelling: target esnext keeps the code as written, so the JS analyzers
 * measure the migrated logic and not esbuild's helpers. The stripped file keeps the .ts
 * display path, and its source map takes every line number back to the .ts file.
 */
export function stripTypes(files: SourceFile[], repoRoot: string, outDir: string): StrippedFile[] {
  rmSync(outDir, { recursive: true, force: true });
  return files.map((file) => {
    const relative = path.relative(repoRoot, file.absPath);
    const target = path.join(outDir, relative.replace(/\.ts$/, '.js'));
    const { code, map } = transformSync(readFileSync(file.absPath, 'utf8'), {
      loader: 'ts',
      target: 'esnext',
      format: 'esm',
      sourcefile: file.displayPath,
      sourcemap: 'external',
    });
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, code);
    return { absPath: target, displayPath: file.displayPath, sourcePath: file.absPath, lines: new LineMap(map) };
  });
}
