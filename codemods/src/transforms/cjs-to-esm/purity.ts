/**
 * Purity: an expression or top-level statement that runs no one else's code (getters aside). An
 * import is hoisted above such code without changing what runs first, and nothing can look at
 * module.exports in between the statements that build it.
 */
import type { Converter } from './converter.js';
import type { N } from './syntax.js';

/** an expression that runs no code of anyone else's (getters aside) */
export function pure(c: Converter, n: N): boolean {
  if (!n) return true;
  switch (n.type) {
    case 'Literal':
    case 'Identifier':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'ThisExpression':
      return true;
    case 'TemplateLiteral':
      return n.expressions.every((e: N) => pure(c, e));
    case 'ClassExpression':
      return !n.superClass || pure(c, n.superClass);
    case 'ObjectExpression':
      return n.properties.every((p: N) => p.type === 'Property' && (!p.computed || pure(c, p.key)) && pure(c, p.value));
    case 'ArrayExpression':
      return n.elements.every((e: N) => e === null || (e.type !== 'SpreadElement' && pure(c, e)));
    case 'UnaryExpression':
      return n.operator !== 'delete' && pure(c, n.argument);
    case 'BinaryExpression':
    case 'LogicalExpression':
      return pure(c, n.left) && pure(c, n.right);
    case 'ConditionalExpression':
      return pure(c, n.test) && pure(c, n.consequent) && pure(c, n.alternate);
    case 'SequenceExpression':
      return n.expressions.every((e: N) => pure(c, e));
    case 'MemberExpression':
      return pure(c, n.object) && (!n.computed || pure(c, n.property));
    case 'CallExpression':
      // a require that becomes an import, or of a JSON file (loading data runs no code)
      return c.requireSites.some((s) => s.call === n && (s.convert || s.keep?.code === 'MOLT152'));
    default:
      return false;
  }
}

/** a top-level statement that runs nothing a hoisted import could depend on */
export function pureStatement(c: Converter, stmt: N): boolean {
  switch (stmt.type) {
    case 'EmptyStatement':
    case 'FunctionDeclaration':
    case 'ImportDeclaration':
      return true;
    case 'ClassDeclaration':
      return !stmt.superClass || pure(c, stmt.superClass);
    case 'VariableDeclaration':
      return stmt.declarations.every((d: N) => pure(c, d.init));
    case 'ExpressionStatement': {
      const e = stmt.expression;
      if (stmt.directive) return true;
      if (e.type === 'CallExpression') return pure(c, e);
      if (e.type !== 'AssignmentExpression' || e.operator !== '=' || !pure(c, e.right)) return false;
      // an assignment to a property of this module's own objects (Foo.prototype.x = …, module.exports.x = …)
      let target = e.left;
      while (target.type === 'MemberExpression') target = target.object;
      return (
        target.type === 'Identifier' &&
        (c.topNames.has(target.name) || target.name === 'module' || target.name === 'exports')
      );
    }
    default:
      return false;
  }
}
