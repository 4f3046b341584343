/**
 * One function, converted (or declined: every change goes through set() and is undone). convert()
 * decides what the new body is made of (the statements before a returned chain and the chain
 * itself, or a bluebird handler's whole body with its returned chains flattened), runs the checks
 * for a function whose callers can see it become async, and makes the function async.
 */
import { checkCallers, knownConsumer } from './callers.js';
import { ChainCompiler } from './compile-chain.js';
import { expressHandlerChain } from './express-handlers.js';
import { isChainCall } from './model.js';
import { renameCollisions } from './names.js';
import { checkSyncThrows } from './sync-throws.js';
import { containsReturn, usesAwaitName, walk, type N } from './syntax.js';

export class Converter extends ChainCompiler {
  /** the chain this candidate returns */
  static returnedChain(fn: N): N | null {
    if (fn.type === 'ArrowFunctionExpression' && fn.body.type !== 'BlockStatement')
      return isChainCall(fn.body) ? fn.body : null;
    const body = fn.body?.body;
    const last = body?.[body.length - 1];
    return last?.type === 'ReturnStatement' && isChainCall(last.argument) ? last.argument : null;
  }

  convert(): void {
    const j = this.j;
    const fn = this.fn;
    let evalOrWith = false;
    walk(fn.body, (n) => {
      if (
        n.type === 'WithStatement' ||
        (n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'eval')
      )
        evalOrWith = true;
    });
    if (evalOrWith) this.decline('MOLT048', 'the function uses eval or with');
    const consumer = knownConsumer(this.fnPath, this.f);
    const express = consumer ? null : expressHandlerChain(this.fnPath, this.f);
    // Express ignores what a handler returns: no caller sees it become async
    const exposed = !consumer && !fn.async && !express;
    const chainNode = Converter.returnedChain(fn);
    let body: N[];
    if (chainNode) {
      const pre: N[] = fn.body.type === 'BlockStatement' ? fn.body.body.slice(0, -1) : [];
      if (pre.some(containsReturn)) {
        if (exposed)
          this.decline(
            'MOLT049',
            'the function returns before its chain; only `[statements;] return <chain>` bodies are rewritten',
          );
        body = this.wholeBody();
      } else {
        if (!fn.async && pre.some((s: N) => usesAwaitName(s))) this.decline('MOLT048', '`await` is used as a name');
        const chain = this.parseChain(chainNode);
        if (exposed) {
          checkSyncThrows(this, pre, chain);
          checkCallers(this);
        }
        body = [...pre, ...this.compileChain(chain, { kind: 'return', inTry: false, atEnd: true }, true)];
      }
    } else if (express) {
      body = this.expressBody(express);
    } else {
      // a handler given to bluebird that returns a chain somewhere in its body
      body = this.wholeBody();
    }
    renameCollisions(this, body);

    this.set(fn, 'async', true);
    if (fn.type === 'ArrowFunctionExpression' && fn.body.type !== 'BlockStatement') this.set(fn, 'expression', false);
    this.set(fn, 'body', j.blockStatement(body));
    if (exposed) {
      this.notes.push({
        code: 'MOLT140',
        line: this.line,
        message: `${this.label} is now async and returns a native Promise, not a bluebird one: no caller molt can see uses a bluebird-only method on it (.spread, .tap, .return, .catch(filter, fn), ...); callers outside the package, or that pass the result on, must not either`,
      });
    }
  }

  /**
   * An Express handler's body (express-handlers.ts): its chain compiled as a try whose catch calls next, with the
   * statements before the chain, and the chain's head, inside the try.
   */
  private expressBody(chainNode: N): N[] {
    const j = this.j;
    const fn = this.fn;
    const pre: N[] = fn.body.body.slice(0, -1);
    if (pre.some((s: N) => usesAwaitName(s))) this.decline('MOLT048', '`await` is used as a name');
    this.expressNext = fn.params[2].name;
    const chain = this.parseChain(chainNode);
    this.guardedHead = chain.head;
    const compiled = this.compileChain(chain, { kind: 'discard' }, true);
    const last: N = compiled.at(-1);
    if (last?.type !== 'TryStatement' || !last.handler || last.finalizer)
      throw new Error("molt: an Express handler's chain did not compile to a try/catch");
    return [j.tryStatement(j.blockStatement([...pre, ...compiled.slice(0, -1), ...last.block.body]), last.handler)];
  }

  /** every return of the body keeps its place; returned chains are flattened where they stand */
  private wholeBody(): N[] {
    const fn = this.fn;
    if (!fn.async && usesAwaitName(fn.body)) this.decline('MOLT048', '`await` is used as a name');
    const before = this.flattened;
    const body = this.compileBody(fn.body.body, { kind: 'return', inTry: false, atEnd: true }, true);
    if (this.flattened === before) this.decline('MOLT049', 'none of its returned chains can be flattened');
    return body;
  }
}
