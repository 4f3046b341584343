/**
 * How a value reaches a sink: returned (awaited inside molt's own try blocks), discarded, or bound to
 * the next step's parameter (`const x = await v`, `[a, b] = await Promise.all(v)` for .spread). A value
 * that is certainly not a thenable is not awaited again. Also the small statements the compiler
 * emits around that: `let` declarations, the `await null` that stands for bluebird's later tick.
 */
import { BLUEBIRD_ARRAY_STATICS } from './known-names.js';
import type { BindSink, Handler, Sink, Step } from './model.js';
import { ChainParser } from './parse-chain.js';
import { isLiteral, lineNear, patternNames, type N } from './syntax.js';

export abstract class SinkEmitter extends ChainParser {
  /** the sink through which a step receives the previous step's value */
  protected inputSink(step: Step): Sink {
    const j = this.j;
    switch (step.kind) {
      case 'then':
        return step.ok.params.length
          ? this.bindSink(step.ok.params[0], false, step.ok, step.call, true)
          : { kind: 'discard' };
      case 'spread':
        return this.bindSink(j.arrayPattern(step.handler.params), true, step.handler, step.call, true);
      case 'tap': {
        const p = step.handler.params[0];
        if (p && p.type !== 'Identifier')
          this.decline('MOLT043', 'a tap callback destructures its parameter', step.call);
        if (!p) step.value = this.fresh('result');
        const target = p ?? j.identifier(step.value!);
        return this.bindSink(target, false, p ? step.handler : null, step.call, true);
      }
      case 'return':
        return { kind: 'discard' };
      default:
        throw new Error(`molt: ${step.kind} has no input sink`);
    }
  }

  protected bindSink(target: N, spread: boolean, handler: Handler | null, call: N, fallOffFree: boolean): BindSink {
    const reassigned = !!handler && patternNames(target).some((id) => handler.bindings.get(id.name)?.reassigned);
    return {
      kind: 'bind',
      target,
      spread,
      emitted: [],
      fallOffFree,
      reassigned,
      line: lineNear(call),
      caveated: false,
    };
  }

  protected letOf(target: N): N {
    const j = this.j;
    return j.variableDeclaration(
      'let',
      patternNames(target).map((id) => j.variableDeclarator(id, null)),
    );
  }

  /** `let x; ... x = v;` becomes `const x = v;` when the one assignment sits at the top level */
  protected finish(sink: Sink, seg: N[]): N[] {
    if (sink.kind !== 'bind') return seg;
    const j = this.j;
    if (sink.emitted.length === 1) {
      const at = seg.indexOf(sink.emitted[0]);
      if (at >= 0) {
        const assign = sink.emitted[0].expression;
        const decl = j.variableDeclaration(sink.reassigned ? 'let' : 'const', [
          j.variableDeclarator(sink.target, assign.right),
        ]);
        (decl as N).comments = sink.emitted[0].comments;
        return [...seg.slice(0, at), decl, ...seg.slice(at + 1)];
      }
    }
    return [this.letOf(sink.target), ...seg];
  }

  /** comments on a statement that is replaced go to the first statement that replaces it */
  protected carryComments(from: N, stmts: N[]): N[] {
    if (from.comments?.length && stmts.length)
      this.set(stmts[0], 'comments', [...from.comments, ...(stmts[0].comments ?? [])]);
    return stmts;
  }

  protected tickStatement(): N {
    return this.j.expressionStatement(this.j.awaitExpression(this.j.literal(null)));
  }

  protected deferral(): N {
    const j = this.j;
    const stmt = j.expressionStatement(j.awaitExpression(j.literal(null)));
    (stmt as N).comments = [
      j.commentLine(' bluebird ran this handler in a later tick, even after a synchronous throw', true, false),
    ];
    return stmt;
  }

  /** the value `expr` (null: undefined) goes into `sink` */
  protected emitValue(sink: Sink, expr: N | null, fresh: boolean): N[] {
    const j = this.j;
    const value = expr ?? j.identifier('undefined');
    const plain = this.nonThenable(value);
    if (sink.kind === 'return') {
      if (!expr)
        return sink.inTry && fresh ? [this.tickStatement(), j.returnStatement(null)] : [j.returnStatement(null)];
      return [j.returnStatement(sink.inTry && (fresh || !plain) ? j.awaitExpression(value) : value)];
    }
    if (sink.kind === 'discard') {
      if (plain && !fresh) return this.isPure(value) ? [] : [j.expressionStatement(value)];
      return [j.expressionStatement(j.awaitExpression(value))];
    }
    let rhs: N;
    if (!sink.spread) {
      rhs = fresh || !plain ? j.awaitExpression(value) : value;
    } else if (
      value.type === 'ArrayExpression' &&
      value.elements.every((e: N) => e && e.type !== 'SpreadElement' && this.nonThenable(e))
    ) {
      rhs = fresh ? j.awaitExpression(value) : value;
    } else if (this.isBluebirdArray(value)) {
      rhs = j.awaitExpression(value);
    } else {
      const all = j.memberExpression(j.identifier(this.promiseName(sink)), j.identifier('all'));
      const inner = plain ? value : j.awaitExpression(value);
      rhs = j.awaitExpression(j.callExpression(all, [inner]));
      if (!plain || value.type === 'Identifier') this.spreadCaveat(sink);
    }
    const stmt = j.expressionStatement(j.assignmentExpression('=', sink.target, rhs));
    sink.emitted.push(stmt);
    return [stmt];
  }

  protected spreadCaveat(sink: BindSink): void {
    if (sink.caveated) return;
    sink.caveated = true;
    this.notes.push({
      code: 'MOLT143',
      line: sink.line,
      message: `${this.label}: .spread rewritten as \`[...] = await Promise.all(...)\` because bluebird also waits for promises inside the array; drop Promise.all when the array never holds promises`,
    });
  }

  protected promiseName(sink: BindSink): string {
    if (this.f.bluebird) return this.f.bluebird;
    if (!this.f.declaredCount.has('Promise') && !this.scope?.lookup('Promise')) return 'Promise';
    return this.decline('MOLT043', '.spread needs Promise.all but `Promise` is shadowed here', {
      loc: { start: { line: sink.line } },
    });
  }

  protected isBluebirdArray(n: N): boolean {
    return (
      n.type === 'CallExpression' &&
      n.callee.type === 'MemberExpression' &&
      !n.callee.computed &&
      !!this.f.bluebird &&
      n.callee.object.type === 'Identifier' &&
      n.callee.object.name === this.f.bluebird &&
      BLUEBIRD_ARRAY_STATICS.has(n.callee.property.name) &&
      // Promise.join(a, b, fn) calls fn: the result is then fn's
      !(
        n.callee.property.name === 'join' &&
        n.arguments.some((a: N) => a.type !== 'CallExpression' && a.type !== 'ArrayExpression' && !isLiteral(a))
      )
    );
  }

  /** a value that is certainly not a thenable (await would not wait for anything) */
  protected nonThenable(n: N): boolean {
    if (isLiteral(n)) return true;
    switch (n.type) {
      case 'TemplateLiteral':
      case 'UnaryExpression':
      case 'BinaryExpression':
      case 'UpdateExpression':
      case 'ArrayExpression':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return true;
      case 'ObjectExpression':
        return n.properties.every(
          (p: N) =>
            p.type === 'Property' &&
            !p.computed &&
            !(p.key.type === 'Identifier' ? p.key.name === 'then' : p.key.value === 'then'),
        );
      case 'Identifier':
        return this.resolved.has(n) || (n.name === 'undefined' && !this.f.declaredCount.has('undefined'));
      default:
        return false;
    }
  }

  protected isPure(n: N): boolean {
    if (isLiteral(n)) return true;
    if (n.type === 'Identifier') return this.resolved.has(n) || n.name === 'undefined';
    if (n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression') return true;
    if (n.type === 'TemplateLiteral') return n.expressions.length === 0;
    return false;
  }
}
