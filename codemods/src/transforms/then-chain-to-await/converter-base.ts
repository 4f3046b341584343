/**
 * The state of one function's conversion, shared by the layers that parse and compile its chain:
 * the function and its scope, the names molt has declared in it, the handlers inlined so far, the
 * values known to be settled, and the notes to report. Every change to the tree goes through set()
 * so that a declined conversion (a thrown Decline) can be rolled back. The layers extend one another
 * (ConverterBase, ChainParser, SinkEmitter, BodyCompiler, ChainCompiler, Converter) because parsing
 * and compiling call each other recursively on this one state.
 */
import type { ASTPath, JSCodeshift } from 'jscodeshift';
import { namesOf } from './callers.js';
import type { FileFacts } from './file-facts.js';
import { Decline, type Diag, type Handler } from './model.js';
import { lineNear, walk, type N } from './syntax.js';
import { SyncThrows } from './sync-throws.js';

export abstract class ConverterBase {
  protected undo: [N, string, unknown][] = [];
  readonly handlers: Handler[] = [];
  protected readonly resolved = new Set<N>();
  readonly notes: Diag[] = [];
  readonly j: JSCodeshift;
  readonly fn: N;
  protected readonly scope: any;
  protected readonly line: number | undefined;
  protected readonly label: string;
  private taken: Set<string> | null = null;
  protected flattened = 0;
  /** names molt declared in this function */
  private readonly generated = new Set<string>();
  /** may code in this function throw before its first await */
  readonly throws: SyncThrows;
  /** an Express handler's `next` (express-handlers.ts): its chain's `.catch(next)` is inlined as `next(err)` */
  protected expressNext: string | null = null;
  /** a chain head that is evaluated inside the try its own catch makes (an Express handler's): never hoisted before it */
  protected guardedHead: object | null = null;

  constructor(
    readonly f: FileFacts,
    readonly fnPath: ASTPath,
  ) {
    this.j = f.j;
    this.fn = fnPath.node;
    this.scope = (fnPath as any).scope;
    this.throws = new SyncThrows(f, this.scope, this.generated);
    this.line = lineNear(this.fn, fnPath);
    const names = namesOf(fnPath);
    const parent: N = fnPath.parent?.node;
    const method =
      parent?.type === 'CallExpression' && parent.callee.type === 'MemberExpression' && !parent.callee.computed
        ? parent.callee.property.name
        : null;
    this.label = names.length ? `${names[0]}()` : method ? `the .${method}() callback` : 'a function';
  }

  /**
   * A name for something molt declares inside this function: unused by the function (and by
   * anything it refers to), so it shadows nothing the function sees.
   */
  fresh(base: string): string {
    if (!this.taken) {
      const taken = new Set<string>();
      walk(this.fn, (n) => {
        if (n.type === 'Identifier') taken.add(n.name);
      });
      this.taken = taken;
    }
    let name = base;
    for (let i = 2; this.taken.has(name); i++) name = `${base}${i}`;
    this.taken.add(name);
    this.generated.add(name);
    return name;
  }

  set(obj: N, key: string, value: unknown): void {
    this.undo.push([obj, key, obj[key]]);
    obj[key] = value;
  }

  rollback(): void {
    for (let i = this.undo.length - 1; i >= 0; i--) {
      const [o, k, v] = this.undo[i]!;
      o[k] = v;
    }
    this.undo = [];
  }

  decline(code: string, message: string, at?: N): never {
    throw new Decline(code, (at && lineNear(at)) ?? this.line, `${this.label}: ${message}`);
  }
}
