// the analyzers below ship no types; only what this workspace calls is declared

declare module 'typhonjs-escomplex' {
  interface Halstead {
    volume: number;
    effort: number;
    difficulty: number;
    bugs: number;
  }
  interface ModuleReport {
    maintainability: number;
    aggregate: { sloc: { physical: number; logical: number }; halstead: Halstead; cyclomatic: number };
  }
  const escomplex: {
    analyzeModule(source: string, options?: object, parserOptions?: object): ModuleReport;
  };
  export default escomplex;
}

declare module 'jsinspect-plus/lib/inspector.js' {
  import { EventEmitter } from 'node:events';
  interface Location {
    line: number;
    column: number;
  }
  interface Instance {
    filename: string;
    start: Location;
    end: Location;
  }
  interface Match {
    hash: string;
    instances: Instance[];
  }
  class Inspector extends EventEmitter {
    constructor(filePaths: string[], opts: { threshold: number; identifiers?: boolean; literals?: boolean; minInstances?: number });
    /** per-file traversal, set only for files the parser accepted */
    _traversals: Record<string, unknown>;
    run(): void;
    on(event: 'match', listener: (match: Match) => void): this;
  }
  export = Inspector;
}
