import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { transformSync } from 'esbuild';
import type { SourceFile } from './types.js';

/**
 * Types only, no downlevelling: target esnext keeps the code as written, so the JS analyzers
 * measure the migrated logic and not esbuild's helpers. The stripped file keeps the .ts
 * display path, so every figure points at the file people edit.
 */
export function stripTypes(files: SourceFile[], repoRoot: string, outDir: string): SourceFile[] {
  rmSync(outDir, { recursive: true, force: true });
  return files.map((file) => {
    const relative = path.relative(repoRoot, file.absPath);
    const target = path.join(outDir, relative.replace(/\.ts$/, '.js'));
    const { code } = transformSync(readFileSync(file.absPath, 'utf8'), {
      loader: 'ts',
      target: 'esnext',
      format: 'esm',
      sourcefile: file.displayPath,
    });
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, code);
    return { absPath: target, displayPath: file.displayPath };
  });
}
