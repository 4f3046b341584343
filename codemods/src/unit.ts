import type { API, FileInfo } from 'jscodeshift';

/** `safe`: meaning kept exactly. `unsafe`: a rewrite that needs review. */
export type Safety = 'safe' | 'unsafe';

/** Stages run in this order; a bug can be cut down to one stage with --run-to-stage. */
export const STAGES = ['es2022', 'async', 'config', 'typescript'] as const;
export type StageName = (typeof STAGES)[number];

export interface Diagnostic {
  code: string;
  unit: string;
  file: string;
  line: number;
  message: string;
}

/** What a transform tells molt about the sites it saw, besides the code it returns. */
export interface SiteReporter {
  /** one site rewritten */
  rewrote(count?: number): void;
  /** a site left alone (or changed with a caveat), with its code and why */
  declined(code: string, line: number | undefined, message: string): void;
}

export interface TransformOptions {
  molt: SiteReporter;
}

/** jscodeshift's shape: the new source, or undefined for "no change". */
export type Transform = (file: FileInfo, api: API, options: TransformOptions) => string | undefined;

export interface FileUnit {
  name: string;
  kind: 'jscodeshift';
  stage: StageName;
  safety: Safety;
  /** one line: what it rewrites */
  description: string;
  /**
   * tree: changes only the tree `j(file.source)` gives it and returns `root.toSource()`
   * (or undefined), reading `file.source` for nothing a previous unit may have changed;
   * consecutive tree units then share one parse and one print. text: anything else
   * (the default); it runs alone on the previous unit's printed output.
   */
  edits?: 'tree' | 'text';
  /**
   * babel: a text unit that only reads its tree (never prints it) is handed babel's tree as is, without the
   * tokens and the copy recast keeps to reprint; comments stay in File.comments. recast: the default.
   */
  parser?: 'recast' | 'babel';
  transform: Transform;
}

export interface UnitOutcome {
  source: string;
  changed: boolean;
  rewritten: number;
  diagnostics: Diagnostic[];
}
