import { codeLines } from './analyzers/code-lines.js';
import type { SideReport } from './side.js';
import type { StrippedFile } from './strip.js';
import type { Clone, FunctionComplexity } from './types.js';

/**
 * The analyzers read the stripped JavaScript; people read the TypeScript. Every line number of the migrated side
 * (functions, clones) is taken back to the .ts file, and a clone's code is shown as it is written there.
 */
export function remapToSource(side: SideReport, files: StrippedFile[]): SideReport {
  const byDisplay = new Map(files.map((f) => [f.displayPath, f]));
  const fileOf = (displayPath: string): StrippedFile => {
    const file = byDisplay.get(displayPath);
    if (!file) throw new Error(`remap: ${displayPath} is not a stripped file of this side`);
    return file;
  };
  const functions = side.functions.map((fn): FunctionComplexity => {
    const { lines } = fileOf(fn.file);
    const start = lines.start({ line: fn.line, column: fn.column });
    return { ...fn, line: start.line, column: start.column, endLine: Math.max(start.line, lines.endLine(fn.endLine)) };
  });
  const remapClone = (clone: Clone): Clone => {
    const instances = clone.instances.map((i) => {
      const file = fileOf(i.file);
      const startLine = file.lines.startLine(i.startLine);
      const endLine = Math.max(startLine, file.lines.endLine(i.endLine));
      return { ...i, startLine, endLine, code: codeLines(file.sourcePath, startLine, endLine) };
    });
    return { lines: Math.max(...instances.map((i) => i.endLine - i.startLine + 1)), instances };
  };
  const { jscpd, jsinspect } = side.duplication;
  return {
    ...side,
    functions,
    duplication: {
      jscpd: { ...jscpd, clones: jscpd.clones.map(remapClone) },
      jsinspect: { ...jsinspect, clusters: jsinspect.clusters.map(remapClone) },
    },
  };
}
