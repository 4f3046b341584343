/**
 * The shapes cjs-to-esm's analysis and emission share: a diagnostic, what a consumer may import
 * from a converted module, a require call and how it is handled, the module.exports assignments
 * found, how exports are written (the mode), a named export and the binding behind it, and an
 * import to write.
 */
import type { ASTPath } from 'jscodeshift';
import type { N } from './syntax.js';

export interface Issue {
  code: string;
  line: number | undefined;
  message: string;
}

/** what a consumer may import from a module, as this unit converts it */
export type ExportShape =
  | { kind: 'declined' } // stays CommonJS (this unit declines it)
  | { kind: 'none' } // no exports: import * as x gives an empty namespace
  | { kind: 'default'; named: Set<string> }; // default export (= module.exports) plus these named exports

export interface RequireSite {
  call: N;
  path: ASTPath;
  spec: string;
  stmt: N;
  /** unconditional at the top level: becomes an import */
  convert: boolean;
  keep?: { code: string; message: string };
}

export interface ExportSite {
  stmt: N;
  key: string;
  value: N;
  viaExports: boolean;
}

export interface Base {
  stmt: N;
  value: N;
  aliasesExports: boolean;
}

export type Mode = 'none' | 'single' | 'object' | 'props' | 'function' | 'alias';

/** an import this unit writes */
export interface ImportDecl {
  spec: string;
  /** `import x from`, `import * as x from`, `import { a, b as c } from`, or a bare `import 'spec'` */
  defaultName?: string;
  namespace?: boolean;
  named?: [string, string][];
}

/** a named export, and how its local binding is made */
export interface NamedExport {
  key: string;
  how: 'function' | 'binding' | 'const' | 'arrow';
  local?: string;
}
