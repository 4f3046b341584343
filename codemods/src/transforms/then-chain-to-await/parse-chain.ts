/**
 * Parsing a returned chain into the model: its head (an expression, or a bluebird Promise.try), each
 * .then/.spread/.tap/.return/.catch/.finally step with its handler, and catch filters classified as
 * Error classes or predicates. Whatever cannot be inlined exactly (odd arities, generator or
 * `this`-using callbacks, values bluebird evaluated when the chain was built) declines here.
 */
import { lineOf } from '../../ast.js';
import { ConverterBase } from './converter-base.js';
import { isChainCall, methodOf, type Chain, type Filter, type Handler, type Head, type Step } from './model.js';
import { bindingsOf } from './names.js';
import {
  isFunction,
  isLiteral,
  isNullish,
  refersToName,
  snippet,
  usesAwaitName,
  usesOwnThis,
  walk,
  type N,
} from './syntax.js';

export abstract class ChainParser extends ConverterBase {
  protected parseChain(expr: N): Chain {
    const calls: N[] = [];
    let cur = expr;
    while (isChainCall(cur)) {
      calls.unshift(cur);
      cur = cur.callee.object;
    }
    let head: Head;
    if (this.throws.isBluebirdTry(cur) && isFunction(cur.arguments[0]))
      head = { kind: 'try', handler: this.parseHandler(cur.arguments[0], 'try', cur), call: cur };
    else head = { kind: 'expr', expr: cur };
    const steps = calls.map((call) => this.parseStep(call));
    return { node: expr, head, steps };
  }

  protected parseStep(call: N): Step {
    const m = methodOf(call);
    const args: N[] = call.arguments;
    if (args.some((a) => a.type === 'SpreadElement')) this.decline('MOLT047', `.${m}(...) with spread arguments`, call);
    const arity = (lo: number, hi: number) => {
      if (args.length < lo || args.length > hi) this.decline('MOLT047', `.${m}() with ${args.length} arguments`, call);
    };
    switch (m) {
      case 'then': {
        arity(1, 2);
        const [ok, fail] = args;
        if (isNullish(ok)) {
          if (!fail || isNullish(fail)) this.decline('MOLT047', '.then() without a handler', call);
          return { kind: 'catch', call, filters: [], handler: this.parseHandler(fail, 'catch', call) };
        }
        return {
          kind: 'then',
          call,
          ok: this.parseHandler(ok, 'then', call),
          fail: fail && !isNullish(fail) ? this.parseHandler(fail, 'catch', call) : null,
        };
      }
      case 'spread':
        arity(1, 1);
        return { kind: 'spread', call, handler: this.parseHandler(args[0], 'spread', call) };
      case 'tap':
        arity(1, 1);
        return { kind: 'tap', call, handler: this.parseHandler(args[0], 'tap', call) };
      case 'catch':
      case 'caught': {
        arity(1, Infinity);
        const handler = this.parseHandler(args[args.length - 1], 'catch', call);
        const filters = args.slice(0, -1).map((a) => this.classifyFilter(a, call));
        return { kind: 'catch', call, filters, handler };
      }
      case 'finally':
      case 'lastly':
        arity(1, 1);
        return { kind: 'finally', call, handler: this.parseHandler(args[0], 'finally', call) };
      default: {
        // return / thenReturn
        arity(0, 1);
        const value = args[0] ?? this.j.identifier('undefined');
        if (!this.isStable(value))
          this.decline(
            'MOLT046',
            `\`.${m}(${snippet(value)})\`: bluebird evaluates the value when the chain is built; molt cannot show it is the same later`,
            call,
          );
        return { kind: 'return', call, value };
      }
    }
  }

  protected parseHandler(arg: N, role: 'try' | 'then' | 'spread' | 'tap' | 'catch' | 'finally', call: N): Handler {
    const j = this.j;
    if (arg.type === 'FunctionExpression' || arg.type === 'ArrowFunctionExpression') {
      if (arg.generator) this.decline('MOLT043', `the .${methodOf(call) ?? role} handler is a generator`, arg);
      if (arg.type === 'FunctionExpression' && usesOwnThis(arg))
        this.decline(
          'MOLT043',
          `a ${role} callback uses this, arguments, new.target or super, which mean something else once inlined`,
          arg,
        );
      if (arg.type === 'FunctionExpression' && arg.id && refersToName(arg.body, arg.id.name))
        this.decline('MOLT043', `a ${role} callback refers to itself by name`, arg);
      const params: N[] = arg.params;
      const maxParams = role === 'try' || role === 'finally' ? 0 : role === 'spread' ? Infinity : 1;
      if (params.length > maxParams)
        this.decline(
          'MOLT043',
          `a ${role} callback takes ${params.length} parameters (bluebird passes ${maxParams === 0 ? 'none' : 'one'})`,
          arg,
        );
      params.forEach((p, i) => {
        const restOk = role === 'spread' && p.type === 'RestElement' && i === params.length - 1;
        if (p.type !== 'Identifier' && p.type !== 'ObjectPattern' && p.type !== 'ArrayPattern' && !restOk)
          this.decline('MOLT043', `a ${role} callback has a default or rest parameter`, arg);
      });
      const body: N[] = arg.body.type === 'BlockStatement' ? arg.body.body : [j.returnStatement(arg.body)];
      if (!arg.async && usesAwaitName(arg.body))
        this.decline('MOLT048', '`await` is used as a name in a callback', arg);
      if (body.some((s) => s.type === 'FunctionDeclaration' || s.type === 'ClassDeclaration'))
        this.decline(
          'MOLT043',
          `a ${role} callback declares a function or class at its top level (hoisting would change once inlined)`,
          arg,
        );
      const nodes = new Set<N>();
      walk(arg, (n) => {
        nodes.add(n);
      });
      return { fn: arg, params, body, line: lineOf(arg), nodes, bindings: bindingsOf(this.f, arg) };
    }
    if (
      arg.type === 'Identifier' &&
      this.f.moduleFunctions.has(arg.name) &&
      this.scope?.lookup(arg.name)?.node.type === 'Program'
    ) {
      if (role === 'spread') this.decline('MOLT043', '.spread with a named function', call);
      const callee = () => j.identifier(arg.name);
      if (role === 'try' || role === 'finally')
        return synthetic([], [j.returnStatement(j.callExpression(callee(), []))]);
      const v = this.fresh(role === 'catch' ? 'err' : 'value');
      const use = j.identifier(v);
      if (role !== 'catch') this.resolved.add(use);
      return synthetic([j.identifier(v)], [j.returnStatement(j.callExpression(callee(), [use]))]);
    }
    // an Express handler's next, never reassigned: bluebird calls it with the error alone, as next(err) does, and
    // what it returns (nothing, in Express) only settled the chain nobody held
    if (role === 'catch' && arg.type === 'Identifier' && arg.name === this.expressNext) {
      const err = this.fresh('err');
      return synthetic([j.identifier(err)], [j.expressionStatement(j.callExpression(j.identifier(arg.name), [j.identifier(err)]))]);
    }
    return this.decline(
      'MOLT043',
      `the .${methodOf(call)} handler \`${snippet(arg)}\` is not a function literal or a function declared in this file`,
      arg,
    );

    function synthetic(params: N[], body: N[]): Handler {
      return { fn: null, params, body, line: lineOf(arg), nodes: new Set(), bindings: new Map() };
    }
  }

  protected isStable(n: N): boolean {
    if (isLiteral(n)) return true;
    switch (n.type) {
      case 'Identifier':
        // a settled callback value (never reassigned), or a name nothing in the file assigns
        return this.resolved.has(n) || (this.throws.declared(n.name) && !this.f.assigned.has(n.name));
      case 'ArrayExpression':
        return n.elements.every((e: N) => e && e.type !== 'SpreadElement' && this.isStable(e));
      case 'ObjectExpression':
        return n.properties.every(
          (p: N) => p.type === 'Property' && p.kind === 'init' && !p.computed && !p.method && this.isStable(p.value),
        );
      case 'TemplateLiteral':
        return n.expressions.every((e: N) => this.isStable(e));
      case 'UnaryExpression':
        return n.operator !== 'delete' && this.isStable(n.argument);
      case 'MemberExpression':
        return !n.computed && this.throws.isModuleObject(n.object);
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return true;
      default:
        return false;
    }
  }

  protected classifyFilter(expr: N, call: N): Filter {
    if (!this.isStable(expr))
      this.decline(
        'MOLT046',
        `the catch filter \`${snippet(expr)}\` is evaluated when the chain is built; molt cannot show it is the same later`,
        call,
      );
    if (expr.type === 'Identifier') {
      const known = this.f.errorClass(expr.name);
      if (known !== null && this.scope?.lookup(expr.name)?.node.type !== 'Function') {
        if (known) return { kind: 'class', expr, heuristic: false };
        if (this.f.moduleFunctions.has(expr.name)) return { kind: 'predicate', expr, heuristic: false };
        this.decline(
          'MOLT045',
          `the catch filter ${expr.name} is a class that does not extend Error; bluebird would call it as a predicate`,
          call,
        );
      }
      return this.byName(expr, expr.name, call);
    }
    if (expr.type === 'MemberExpression' && !expr.computed) return this.byName(expr, expr.property.name, call);
    if (expr.type === 'ObjectExpression')
      this.decline('MOLT045', 'an object predicate in .catch (property matching) has no rewrite', call);
    return this.decline(
      'MOLT045',
      `cannot tell whether the catch filter \`${snippet(expr)}\` is an Error class or a predicate`,
      call,
    );
  }

  protected byName(expr: N, name: string, call: N): Filter {
    if (/Error$/.test(name)) return { kind: 'class', expr, heuristic: true };
    if (/^(is|has)[A-Z0-9_]/.test(name)) return { kind: 'predicate', expr, heuristic: true };
    return this.decline(
      'MOLT045',
      `cannot tell whether the catch filter \`${snippet(expr)}\` is an Error class (matched with instanceof) or a predicate (called); molt treats names ending in "Error" as classes and is*/has* as predicates`,
      call,
    );
  }
}
