/**
 * Compiling a parsed chain into statements. Steps run in order, each feeding the next through a sink;
 * the last wrapping step (.catch, .finally, .then(ok, fail)) becomes a try statement around the steps
 * before it, with filtered catches guarded by `if (!(err instanceof X || isY(err))) throw err`.
 * Chains returned from callbacks are flattened here, and undone if that declines.
 */
import { BodyCompiler } from './callback-bodies.js';
import { terminatesList } from './control-flow.js';
import {
  Decline,
  isChainCall,
  isWrap,
  type Chain,
  type Handler,
  type Head,
  type ReturnSink,
  type Sink,
  type Step,
} from './model.js';
import { lineNear, patternNames, snippet, type N } from './syntax.js';

export abstract class ChainCompiler extends BodyCompiler {
  protected register(chain: Chain): void {
    const all: Handler[] = [];
    if (chain.head.kind === 'try') all.push(chain.head.handler);
    for (const s of chain.steps) {
      if (s.kind === 'then') {
        all.push(s.ok);
        if (s.fail) all.push(s.fail);
      } else if (s.kind !== 'return') all.push(s.handler);
    }
    for (const h of all) {
      if (h.fn) this.handlers.push(h);
    }
    // a value handed to then/spread/tap has been through promise resolution: never a thenable
    for (const s of chain.steps) {
      const h = s.kind === 'then' ? s.ok : s.kind === 'spread' || s.kind === 'tap' ? s.handler : null;
      if (!h?.fn) continue;
      for (const p of h.params) {
        const ids = p.type === 'Identifier' ? [p] : s.kind === 'spread' ? patternNames(p) : [];
        for (const id of ids) {
          const b = h.bindings.get(id.name);
          if (b && !b.reassigned) for (const r of b.refs) this.resolved.add(r.node);
        }
      }
    }
  }

  protected compileChain(chain: Chain, sink: Sink, fresh: boolean): N[] {
    this.register(chain);
    return this.compileSteps(chain.head, chain.steps, sink, fresh, false);
  }

  /**
   * A returned expression that is itself a chain is flattened into the same sink; when that is
   * not possible it is awaited as it is (exact), and everything the attempt did is undone.
   */
  protected flatten(expr: N, sink: Sink, fresh: boolean): N[] | null {
    if (!isChainCall(expr)) return null;
    const marks = {
      undo: this.undo.length,
      handlers: this.handlers.length,
      notes: this.notes.length,
      emitted: sink.kind === 'bind' ? sink.emitted.length : 0,
    };
    try {
      const out = this.compileChain(this.parseChain(expr), sink, fresh);
      this.flattened++;
      return out;
    } catch (e) {
      if (!(e instanceof Decline)) throw e;
      while (this.undo.length > marks.undo) {
        const [o, k, v] = this.undo.pop()!;
        o[k] = v;
      }
      this.handlers.length = marks.handlers;
      this.notes.length = marks.notes;
      if (sink.kind === 'bind') sink.emitted.length = marks.emitted;
      return null;
    }
  }

  protected compileSteps(head: Head, steps: Step[], sink: Sink, fresh: boolean, prebound: boolean): N[] {
    const j = this.j;
    const m = findLastIndex(steps, isWrap);
    if (m < 0) return this.linear(head, steps, sink, fresh, prebound);
    if (prebound) throw new Error('molt: prebound head before a wrapping step');
    if (head.kind === 'expr' && head !== this.guardedHead && this.throws.mayThrowExpr(head.expr)) {
      // a synchronous throw from the head never reached bluebird's handlers: evaluate it before the try
      const name = this.fresh('promise');
      const hoisted = j.variableDeclaration('const', [j.variableDeclarator(j.identifier(name), head.expr)]);
      return [hoisted, ...this.compileSteps({ kind: 'expr', expr: j.identifier(name) }, steps, sink, fresh, prebound)];
    }
    const prefix = steps.slice(0, m);
    const w = steps[m]!;
    const suffix = steps.slice(m + 1);
    // a try head that throws synchronously reaches the handler before any await: bluebird still ran it
    // later (an earlier catch/finally in the prefix has already waited on that path)
    const defer =
      fresh && head.kind === 'try' && !prefix.some(isWrap) && head.handler.body.some((s) => this.throws.mayThrowStmt(s))
        ? [this.deferral()]
        : [];

    if (!suffix.length) {
      const inner: Sink = sink.kind === 'return' ? { ...sink, inTry: true } : sink;
      if (w.kind === 'catch') {
        const tryBody = this.compileSteps(head, prefix, inner, fresh, false);
        const { param, guard } = this.catchParts(w);
        const handlerBody = this.compileBody(w.handler.body, sink, false);
        return [
          j.tryStatement(
            j.blockStatement(tryBody),
            j.catchClause(param, null, j.blockStatement([...defer, ...guard, ...handlerBody])),
          ),
        ];
      }
      if (w.kind === 'finally') {
        const tryBody = this.compileSteps(head, prefix, inner, fresh, false);
        const fin = this.compileBody(w.handler.body, { kind: 'discard' }, false);
        return [j.tryStatement(j.blockStatement(tryBody), null, j.blockStatement([...defer, ...fin]))];
      }
      // .then(ok, fail): fail handles what came before, never ok's own errors
      const step = w as Extract<Step, { kind: 'then' }>;
      if (sink.kind !== 'return')
        this.decline(
          'MOLT044',
          '`.then(ok, fail)` whose result feeds later steps (fail would have to skip them)',
          step.call,
        );
      const okParam = step.ok.params[0];
      if (okParam && okParam.type !== 'Identifier')
        this.decline('MOLT044', '`.then(ok, fail)` where ok destructures its parameter', step.call);
      const okSink: Sink = okParam ? this.bindSink(okParam, false, step.ok, step.call, false) : { kind: 'discard' };
      const tryBody = this.compileSteps(head, prefix, okSink, fresh, false);
      const failParam = step.fail!.params[0] ?? null;
      const failBody = this.compileBody(step.fail!.body, { ...(sink as ReturnSink), atEnd: false }, false);
      const okBody = this.compileBody(step.ok.body, sink, false);
      const decl = okParam ? [this.letOf(okParam)] : [];
      return [
        ...decl,
        j.tryStatement(
          j.blockStatement(tryBody),
          j.catchClause(failParam, null, j.blockStatement([...defer, ...failBody])),
        ),
        ...okBody,
      ];
    }

    if (w.kind === 'then')
      this.decline(
        'MOLT044',
        '`.then(ok, fail)` in the middle of a chain (fail would have to skip the later steps)',
        w.call,
      );
    const first = suffix[0]!;
    let target: N;
    let prebind = false;
    if (
      first.kind === 'then' &&
      !first.fail &&
      first.ok.params.length === 1 &&
      first.ok.params[0].type === 'Identifier'
    ) {
      target = first.ok.params[0];
      prebind = true;
    } else {
      target = j.identifier(this.fresh('result'));
    }
    const innerSink = this.bindSink(target, false, prebind ? (first as any).ok : null, w.call, false);
    innerSink.reassigned = true;
    const tryBody = this.compileSteps(head, prefix, innerSink, fresh, false);
    let stmt: N;
    if (w.kind === 'catch') {
      const { param, guard } = this.catchParts(w);
      const handlerBody = this.compileBody(w.handler.body, innerSink, false);
      stmt = j.tryStatement(
        j.blockStatement(tryBody),
        j.catchClause(param, null, j.blockStatement([...defer, ...guard, ...handlerBody])),
      );
    } else {
      const fin = this.compileBody((w as any).handler.body, { kind: 'discard' }, false);
      stmt = j.tryStatement(j.blockStatement(tryBody), null, j.blockStatement([...defer, ...fin]));
    }
    const headName = target.type === 'Identifier' ? target.name : '';
    if (!prebind) this.resolved.add(target);
    const rest = this.compileSteps({ kind: 'bound', name: headName }, prebind ? suffix : suffix, sink, false, prebind);
    return [this.letOf(target), stmt, ...rest];
  }

  protected linear(head: Head, steps: Step[], sink: Sink, fresh: boolean, prebound: boolean): N[] {
    const out: N[] = [];
    if (!prebound) {
      const first = steps.length ? this.inputSink(steps[0]!) : sink;
      const seg = this.emitHead(head, first, fresh);
      out.push(...(first !== sink ? this.finish(first, seg) : seg));
    }
    steps.forEach((step, i) => {
      const next = i + 1 < steps.length ? this.inputSink(steps[i + 1]!) : sink;
      const seg = this.compileStep(step, next);
      out.push(...(next !== sink ? this.finish(next, seg) : seg));
    });
    return out;
  }

  protected emitHead(head: Head, sink: Sink, fresh: boolean): N[] {
    if (head.kind === 'try') return this.compileBody(head.handler.body, sink, fresh);
    if (head.kind === 'expr') return this.exitWith(head.expr, sink, fresh);
    const id = this.j.identifier(head.name);
    this.resolved.add(id);
    return this.emitValue(sink, id, false);
  }

  protected compileStep(step: Step, next: Sink): N[] {
    switch (step.kind) {
      case 'then':
        return this.compileBody(step.ok.body, next, false);
      case 'spread':
        return this.compileBody(step.handler.body, next, false);
      case 'tap': {
        const body = this.compileBody(step.handler.body, { kind: 'discard' }, false);
        if (terminatesList(body)) return body;
        const p = step.handler.params[0];
        const value = p ?? this.j.identifier(step.value!);
        this.resolved.add(value);
        return [...body, ...this.emitValue(next, value, false)];
      }
      case 'return':
        return this.emitValue(next, step.value, false);
      default:
        throw new Error(`molt: ${step.kind} is not a linear step`);
    }
  }

  protected catchParts(step: Extract<Step, { kind: 'catch' }>): { param: N; guard: N[] } {
    const j = this.j;
    const p = step.handler.params[0] ?? null;
    if (!step.filters.length) return { param: p, guard: [] };
    if (p && p.type !== 'Identifier')
      this.decline('MOLT043', 'a filtered catch callback destructures the error', step.call);
    const name = p ? null : this.fresh('err');
    const ref = () => p ?? j.identifier(name!);
    const tests = step.filters.map((flt) =>
      flt.kind === 'class' ? j.binaryExpression('instanceof', ref(), flt.expr) : j.callExpression(flt.expr, [ref()]),
    );
    const test = tests.slice(1).reduce<N>((a, b) => j.logicalExpression('||', a, b), tests[0]);
    const heuristic = step.filters.filter((flt) => flt.heuristic);
    if (heuristic.length) {
      const what = heuristic
        .map(
          (flt) =>
            `${snippet(flt.expr)} as ${flt.kind === 'class' ? 'an Error class (instanceof)' : "a predicate (called with the error, not with bluebird's `this`)"}`,
        )
        .join('; ');
      this.notes.push({
        code: 'MOLT142',
        line: lineNear(step.call),
        message: `${this.label}: filtered .catch rewritten by naming convention (names ending in "Error" are classes, is*/has* are predicates): ${what}`,
      });
    }
    return {
      param: ref(),
      guard: [j.ifStatement(j.unaryExpression('!', test), j.blockStatement([j.throwStatement(ref())]))],
    };
  }
}

function findLastIndex<T>(list: T[], pred: (x: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (pred(list[i]!)) return i;
  return -1;
}
