import { eachMapping, GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND, originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';

interface Position {
  line: number;
  column: number;
}

/**
 * Takes positions in a stripped file back to its TypeScript source, through esbuild's source map. Lines are
 * 1-based and columns 1-based (as eslint gives them). A generated line without a mapping of its own (esbuild
 * maps tokens, not blank lines) borrows the nearest mapped line: the next one for a start, the previous one for
 * an end, so a range never grows past the code it covers.
 */
export class LineMap {
  private readonly map: TraceMap;
  /** per generated line: the smallest and largest original line its mappings point at */
  private readonly lowest: number[] = [];
  private readonly highest: number[] = [];

  constructor(sourceMap: string) {
    this.map = new TraceMap(sourceMap);
    eachMapping(this.map, (m) => {
      if (m.originalLine === null) return;
      const g = m.generatedLine;
      this.lowest[g] = Math.min(this.lowest[g] ?? Infinity, m.originalLine);
      this.highest[g] = Math.max(this.highest[g] ?? 0, m.originalLine);
    });
  }

  /** Where a construct that starts at this generated position starts in the source. */
  start(at: Position): Position {
    const needle = { line: at.line, column: Math.max(0, at.column - 1) };
    for (const bias of [GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND] as const) {
      const found = originalPositionFor(this.map, { ...needle, bias });
      if (found.line !== null) return { line: found.line, column: found.column + 1 };
    }
    return { line: this.startLine(at.line), column: 1 };
  }

  startLine(line: number): number {
    for (let g = line; g < this.lowest.length; g++) {
      const found = this.lowest[g];
      if (found !== undefined) return found;
    }
    return this.endLine(line);
  }

  endLine(line: number): number {
    for (let g = Math.min(line, this.highest.length - 1); g >= 1; g--) {
      const found = this.highest[g];
      if (found !== undefined) return found;
    }
    return line;
  }
}
