/** One side of the comparison: the ES5 service, or the TypeScript rewrite with its types stripped. */
export type SideName = 'legacy' | 'migrated';

/** A file as the analyzers read it (`absPath`) and as people know it (`displayPath`, repo-relative). */
export interface SourceFile {
  absPath: string;
  displayPath: string;
}

export interface SideInput {
  side: SideName;
  files: SourceFile[];
  /** eslint needs to know: the ES5 side is CommonJS scripts, the stripped side is ES modules. */
  sourceType: 'commonjs' | 'module';
}

export interface FunctionComplexity {
  file: string;
  name: string;
  line: number;
  column: number;
  /** last line of the function's body */
  endLine: number;
  cyclomatic: number;
  cognitive: number;
}

export interface FileMetrics {
  file: string;
  slocPhysical: number;
  slocLogical: number;
  maintainability: number;
  halsteadVolume: number;
  halsteadEffort: number;
  halsteadDifficulty: number;
  halsteadBugs: number;
}

export interface CloneInstance {
  file: string;
  startLine: number;
  endLine: number;
  code: string;
}

export interface Clone {
  lines: number;
  instances: CloneInstance[];
}

/** What each analyzer managed to read, so the guard can compare it with the file list. */
export interface AnalyzerRun<T> {
  analyzer: string;
  parsed: string[];
  failures: { file: string; message: string }[];
  result: T;
}
