/**
 * Inlining a callback body into a sink. With a return sink the body's returns stay where they are
 * (awaited inside molt's try blocks, returned chains flattened); with a bind or discard sink the
 * returns must be at the tail, and an early return in an if/else moves what follows into the other
 * branch. Anything else declines (MOLT042).
 */
import { terminates, terminatesList, toList } from './control-flow.js';
import type { BindSink, DiscardSink, ReturnSink, Sink } from './model.js';
import { SinkEmitter } from './sinks.js';
import { containsReturn, type N } from './syntax.js';

export abstract class BodyCompiler extends SinkEmitter {
  /** a returned chain compiled into the same sink, or null when it cannot be (see ChainCompiler) */
  protected abstract flatten(expr: N, sink: Sink, fresh: boolean): N[] | null;

  protected compileBody(stmts: N[], sink: Sink, fresh: boolean): N[] {
    if (sink.kind === 'return') {
      const out = this.returnsInList(stmts, sink, fresh, true, false);
      if (!terminatesList(out)) {
        // leaving our try before anything was awaited would run its finally (or resolve) too early
        if (fresh && sink.inTry) out.push(this.tickStatement());
        if (!sink.atEnd) out.push(this.j.returnStatement(null));
      }
      return out;
    }
    return this.tail(stmts, sink, fresh);
  }

  /** return sink: returns stay where they are (awaited inside our try blocks; chains flattened) */
  protected returnsInList(list: N[], sink: ReturnSink, fresh: boolean, top: boolean, inUserTry: boolean): N[] {
    const out: N[] = [];
    list.forEach((s, i) => {
      if (s.type === 'ReturnStatement') {
        const atEnd = top && sink.atEnd && i === list.length - 1;
        out.push(...this.returnAt(s, { ...sink, atEnd }, fresh, inUserTry));
      } else {
        this.returnsIn(s, sink, fresh, inUserTry);
        out.push(s);
      }
    });
    return out;
  }

  protected returnsIn(node: N, sink: ReturnSink, fresh: boolean, inUserTry: boolean): void {
    if (!containsReturn(node)) return;
    const slot = (parent: N, key: string) => {
      const s = parent[key];
      if (!s) return;
      if (s.type === 'ReturnStatement') {
        const stmts = this.returnAt(s, { ...sink, atEnd: false }, fresh, inUserTry);
        this.set(parent, key, stmts.length === 1 ? stmts[0] : this.j.blockStatement(stmts));
      } else this.returnsIn(s, sink, fresh, inUserTry);
    };
    switch (node.type) {
      case 'BlockStatement':
        this.set(node, 'body', this.returnsInList(node.body, sink, fresh, false, inUserTry));
        break;
      case 'IfStatement':
        slot(node, 'consequent');
        slot(node, 'alternate');
        break;
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
      case 'WhileStatement':
      case 'DoWhileStatement':
      case 'LabeledStatement':
      case 'WithStatement':
        slot(node, 'body');
        break;
      case 'SwitchStatement':
        for (const c of node.cases)
          this.set(c, 'consequent', this.returnsInList(c.consequent, sink, fresh, false, inUserTry));
        break;
      case 'TryStatement':
        this.returnsIn(node.block, sink, fresh, true);
        if (node.handler) this.returnsIn(node.handler.body, sink, fresh, true);
        if (node.finalizer) this.returnsIn(node.finalizer, sink, fresh, true);
        break;
    }
  }

  protected returnAt(ret: N, sink: ReturnSink, fresh: boolean, inUserTry: boolean): N[] {
    const j = this.j;
    const arg = ret.argument;
    if (!arg) {
      if (!(fresh && sink.inTry)) return [ret];
      if (inUserTry)
        this.decline('MOLT042', 'a callback returns from inside its own try block before anything was awaited', ret);
      return this.carryComments(ret, [this.tickStatement(), j.returnStatement(null)]);
    }
    if (!inUserTry) {
      const flat = this.flatten(arg, sink, fresh);
      if (flat) return this.carryComments(ret, flat);
    }
    // inside our try, the value is awaited there (so its rejection is caught and finally runs after
    // it); before anything was awaited, even a plain value must wait one tick, as bluebird did
    if (sink.inTry && (fresh || !this.nonThenable(arg))) {
      if (inUserTry)
        this.decline(
          'MOLT042',
          "a callback returns a promise from inside its own try block; awaiting it there would let that try catch the promise's rejection",
          ret,
        );
      const r = j.returnStatement(j.awaitExpression(arg));
      (r as N).comments = ret.comments;
      return [r];
    }
    return [ret];
  }

  /** bind/discard sink: returns must be at the tail; early returns in if/else move the rest into the other branch */
  protected tail(list: N[], sink: BindSink | DiscardSink, fresh: boolean): N[] {
    const j = this.j;
    const out: N[] = [];
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      if (!containsReturn(s)) {
        out.push(s);
        continue;
      }
      const rest = list.slice(i + 1);
      if (s.type === 'ReturnStatement') {
        if (rest.length) this.decline('MOLT042', 'a callback has unreachable code after a return', rest[0]);
        out.push(...this.carryComments(s, this.exitWith(s.argument, sink, fresh)));
        return out;
      }
      if (s.type === 'IfStatement') {
        if (rest.some((r) => r.type === 'FunctionDeclaration' || r.type === 'ClassDeclaration'))
          this.decline('MOLT042', 'a declaration after an early return would move into a block', s);
        const consEnds = terminates(s.consequent);
        const altEnds = !!s.alternate && terminates(s.alternate);
        let cons: N[];
        let alt: N[];
        if (consEnds && altEnds) {
          if (rest.length)
            this.decline('MOLT042', 'a callback has unreachable code after an if/else that always returns', rest[0]);
          cons = this.tail(toList(s.consequent), sink, fresh);
          alt = this.tail(toList(s.alternate), sink, fresh);
        } else if (consEnds) {
          cons = this.tail(toList(s.consequent), sink, fresh);
          alt = this.tail([...toList(s.alternate), ...rest], sink, fresh);
        } else if (altEnds) {
          cons = this.tail([...toList(s.consequent), ...rest], sink, fresh);
          alt = this.tail(toList(s.alternate), sink, fresh);
        } else {
          return this.decline(
            'MOLT042',
            'a callback returns from a branch that does not always return or throw; its returns are not at the tail',
            s,
          );
        }
        const stmt = j.ifStatement(s.test, j.blockStatement(cons), alt.length ? j.blockStatement(alt) : null);
        (stmt as N).comments = s.comments;
        out.push(stmt);
        return out;
      }
      return this.decline(
        'MOLT042',
        `a callback returns from inside a ${s.type.replace(/Statement$/, '').toLowerCase()}; its returns are not at the tail`,
        s,
      );
    }
    if (!terminatesList(out)) out.push(...this.fallOff(sink, fresh));
    return out;
  }

  protected exitWith(expr: N | null, sink: Sink, fresh: boolean): N[] {
    if (expr) {
      const flat = this.flatten(expr, sink, fresh);
      if (flat) return flat;
    }
    return this.emitValue(sink, expr, fresh);
  }

  protected fallOff(sink: BindSink | DiscardSink, fresh: boolean): N[] {
    if (sink.kind === 'discard') return fresh ? [this.tickStatement()] : [];
    if (sink.spread || fresh || !sink.fallOffFree) return this.emitValue(sink, null, fresh);
    return [];
  }
}
