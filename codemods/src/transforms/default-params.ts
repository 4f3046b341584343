import type { ASTPath, JSCodeshift } from 'jscodeshift';
import { isReference, lineOf } from '../ast.js';
import type { SiteReporter, Transform } from '../unit.js';

// any: babel's estree nodes are told apart by `type`, which ast-types' unions do not narrow

/**
 * Default parameters from the statements that open a function body:
 *
 *   function f(a, opts) { if (opts === undefined) opts = {}; … }          function f(a, opts = {}) { … }
 *   function f(n) { n = typeof n === 'undefined' ? 10 : n; … }            function f(n = 10) { … }
 *
 * A default parameter replaces undefined only. So `x = x || d` and `if (!x) x = d` (which also replace null,
 * 0, '' and false) and `x == null` tests are kept, with a diagnostic (MOLT027). A default also changes the
 * function's `length` (the parameters before the first default), which Express reads to tell error handlers, so
 * only functions whose length nothing can read are rewritten: declarations, not exported, whose name is only ever
 * called (MOLT028). The default must see what the statement saw: only earlier parameters and names from outside
 * the function (not the body's own declarations), no `arguments`; defaults go in parameter order, as their
 * statements ran; and a body that says "use strict" keeps its parameters simple.
 */
const transform: Transform = (file, api, { molt }) => {
  const j = api.jscodeshift;
  const root = j(file.source);
  const exported = exportedNames(j, root);
  let rewritten = 0;
  root.find(j.Function).forEach((fn: ASTPath<any>) => {
    rewritten += rewriteFunction(j, fn, exported, molt);
  });
  molt.rewrote(rewritten);
  return rewritten ? root.toSource({ quote: 'single' }) : undefined;
};

interface Opening {
  param: string;
  value: any;
  statement: any;
}

/** `x === undefined`, `undefined === x`, `x === void 0`, `typeof x === 'undefined'` (=== or ==) → x */
function undefinedTest(test: any): string | undefined {
  if (test?.type !== 'BinaryExpression' || (test.operator !== '===' && test.operator !== '==')) return undefined;
  const isUndefined = (e: any): boolean => (e.type === 'Identifier' && e.name === 'undefined') || (e.type === 'UnaryExpression' && e.operator === 'void' && e.argument.type !== 'Identifier');
  const isUndefinedString = (e: any): boolean => (e.type === 'StringLiteral' || e.type === 'Literal') && e.value === 'undefined';
  for (const [a, b] of [
    [test.left, test.right],
    [test.right, test.left],
  ]) {
    // == undefined also matches null: only === for a plain comparison
    if (a.type === 'Identifier' && isUndefined(b) && test.operator === '===') return a.name;
    if (a.type === 'UnaryExpression' && a.operator === 'typeof' && a.argument.type === 'Identifier' && isUndefinedString(b)) return a.argument.name;
  }
  return undefined;
}

/** `x = value` as an expression statement (or the only statement of a block) → [x, value] */
function assignment(stmt: any): [string, any] | undefined {
  const s = stmt?.type === 'BlockStatement' && stmt.body.length === 1 ? stmt.body[0] : stmt;
  const e = s?.type === 'ExpressionStatement' ? s.expression : null;
  if (e?.type !== 'AssignmentExpression' || e.operator !== '=' || e.left.type !== 'Identifier') return undefined;
  return [e.left.name, e.right];
}

/** An opening statement that gives a parameter its default, or the reason a look-alike is kept. */
function opening(stmt: any, params: Set<string>): Opening | { keep: string; param: string } | undefined {
  if (stmt.type === 'IfStatement' && !stmt.alternate) {
    const set = assignment(stmt.consequent);
    const tested = undefinedTest(stmt.test);
    if (set && tested === set[0] && params.has(tested)) return { param: tested, value: set[1], statement: stmt };
    const negated = stmt.test.type === 'UnaryExpression' && stmt.test.operator === '!' && stmt.test.argument.type === 'Identifier' ? stmt.test.argument.name : undefined;
    if (set && negated === set[0] && params.has(negated)) return { keep: `if (!${negated}) also replaces null, 0, '' and false`, param: negated };
    return undefined;
  }
  const set = assignment(stmt);
  if (!set || !params.has(set[0])) return undefined;
  const [name, value] = set;
  if (value.type === 'ConditionalExpression' && undefinedTest(value.test) === name && value.alternate.type === 'Identifier' && value.alternate.name === name) {
    return { param: name, value: value.consequent, statement: stmt };
  }
  const isSelf = (e: any): boolean => e.type === 'Identifier' && e.name === name;
  if (value.type === 'LogicalExpression' && isSelf(value.left)) {
    const why = value.operator === '||' ? "|| also replaces null, 0, '' and false" : value.operator === '??' ? '?? also replaces null' : undefined;
    if (why) return { keep: `${name} = ${name} ${value.operator} …: ${why}, a default parameter undefined only`, param: name };
  }
  return undefined;
}

function rewriteFunction(j: JSCodeshift, fn: ASTPath<any>, exported: Set<string>, molt: SiteReporter): number {
  const node = fn.node;
  if (node.body.type !== 'BlockStatement' || !node.params.every((p: any) => p.type === 'Identifier')) return 0;
  const params: string[] = node.params.map((p: any) => p.name);
  const found: Opening[] = [];
  for (const stmt of node.body.body) {
    const o = opening(stmt, new Set(params));
    if (!o) break;
    if ('keep' in o) {
      molt.declined('MOLT027', lineOf(stmt), `default kept: ${o.keep}`);
      break;
    }
    found.push(o);
  }
  if (found.length === 0) return 0;
  const refusal = lengthRefusal(j, fn, exported) ?? valueRefusal(j, fn, params, found);
  if (refusal) {
    molt.declined('MOLT028', lineOf(found[0]!.statement), `default kept: ${refusal}`);
    return 0;
  }
  for (const o of found) {
    const index = params.indexOf(o.param);
    node.params[index] = j.assignmentPattern(node.params[index], o.value);
  }
  node.body.body.splice(0, found.length);
  return found.length;
}

/** Why the function's `length` might be read (a default lowers it), or undefined when nothing can read it. */
function lengthRefusal(j: JSCodeshift, fn: ASTPath<any>, exported: Set<string>): string | undefined {
  const node = fn.node;
  if (node.type !== 'FunctionDeclaration' || !node.id) return 'it is not a function declaration, so it may be handed to code that reads its length';
  const name = node.id.name;
  if (exported.has(name)) return `${name} is exported, and callers elsewhere may read its length`;
  const scope = fn.scope?.parent ?? fn.scope;
  const root = j(fn).closest(j.Program);
  const passed = root
    .find(j.Identifier, { name })
    .filter((p: ASTPath<any>) => isReference(p) && p.node !== node.id && p.scope?.lookup(name) === scope.lookup(name))
    .filter((p: ASTPath<any>) => !(p.parent.node.type === 'CallExpression' && p.parent.node.callee === p.node));
  if (passed.size() > 0) return `${name} is used as a value (line ${lineOf(passed.paths()[0]!.node)}), where its length can be read`;
  const strict = (node.body.directives ?? []).some((d: any) => d.value.value === 'use strict') || node.body.body.some((s: any) => s.directive === 'use strict');
  if (strict) return 'its body says "use strict", which a function with a default parameter may not';
  return undefined;
}

/** Defaults run in parameter order and see only earlier parameters and outer names. */
function valueRefusal(j: JSCodeshift, fn: ASTPath<any>, params: string[], found: Opening[]): string | undefined {
  let last = -1;
  for (const o of found) {
    const index = params.indexOf(o.param);
    if (index <= last) return `the defaults are not set in parameter order (${o.param}), and default parameters run in that order`;
    last = index;
    let reason: string | undefined;
    readsOf(j, o.value).forEach((name) => {
        if (reason) return;
        if (name === 'arguments') reason = `the default of ${o.param} reads arguments`;
        else if (params.includes(name) && params.indexOf(name) >= index) reason = `the default of ${o.param} reads ${name}, which is not set yet when a default runs`;
    });
    if (reason) return reason;
    if (usesBodyName(j, fn, o)) return `the default of ${o.param} reads a name declared in the function's body`;
  }
  return undefined;
}

/** Does the default read a var, let, const, function or class declared in the function body? */
function usesBodyName(j: JSCodeshift, fn: ASTPath<any>, o: Opening): boolean {
  const bodyNames = new Set<string>();
  for (const stmt of fn.node.body.body) {
    if (stmt.type === 'VariableDeclaration') for (const d of stmt.declarations) if (d.id.type === 'Identifier') bodyNames.add(d.id.name);
    if ((stmt.type === 'FunctionDeclaration' || stmt.type === 'ClassDeclaration') && stmt.id) bodyNames.add(stmt.id.name);
  }
  j(fn.node.body)
    .find(j.VariableDeclaration, { kind: 'var' })
    .forEach((p: ASTPath<any>) => p.node.declarations.forEach((d: any) => d.id.type === 'Identifier' && bodyNames.add(d.id.name)));
  return readsOf(j, o.value).some((name) => bodyNames.has(name));
}

/** The variable names an expression reads, the expression itself included when it is a bare name. */
function readsOf(j: JSCodeshift, value: any): string[] {
  if (value.type === 'Identifier') return [value.name];
  return j(value)
    .find(j.Identifier)
    .filter((p: ASTPath<any>) => isReference(p))
    .nodes()
    .map((n: any) => n.name);
}

/** Names the file exports: `export function f`, `export { f }`, `module.exports = f`, `exports.x = f`, `module.exports = { f }`. */
function exportedNames(j: JSCodeshift, root: ReturnType<JSCodeshift>): Set<string> {
  const names = new Set<string>();
  root.find(j.ExportNamedDeclaration).forEach((p: ASTPath<any>) => {
    if (p.node.declaration?.id) names.add(p.node.declaration.id.name);
    for (const s of p.node.specifiers ?? []) names.add(s.local?.name ?? s.exported.name);
  });
  root.find(j.ExportDefaultDeclaration).forEach((p: ASTPath<any>) => {
    const d = p.node.declaration;
    if (d?.id) names.add(d.id.name);
    if (d?.type === 'Identifier') names.add(d.name);
  });
  // CommonJS: any identifier on the right of an assignment to module.exports / exports.x, or inside it
  root.find(j.AssignmentExpression).forEach((p: ASTPath<any>) => {
    const left = p.node.left;
    const target = left.type === 'MemberExpression' ? (left.object.type === 'MemberExpression' ? left.object.object : left.object) : null;
    if (target?.type !== 'Identifier' || (target.name !== 'module' && target.name !== 'exports')) return;
    j(p.get('right'))
      .find(j.Identifier)
      .forEach((id: ASTPath<any>) => {
        names.add(id.node.name);
      });
    if (p.node.right.type === 'Identifier') names.add(p.node.right.name);
  });
  return names;
}

export default transform;
