import type { ASTPath } from 'jscodeshift';
import { lineOf } from '../ast.js';
import type { Transform } from '../unit.js';
import { constructedNames, ownUses, propertyName, refersToItself } from './function-facts.js';

// any: babel's estree nodes (Literal, Property, …) are told apart by `type`, which ast-types' unions do not narrow

/**
 * `{ a: a }` → `{ a }` and `{ f: function () {…} }` → `{ f() {…} }`. A method
 * has the same `this` and `arguments` as the function it replaces; what it
 * lacks is a constructor and a name of its own, so functions that are `new`ed,
 * read `new.target` or go by another name are kept. `__proto__` is left alone:
 * as `__proto__: x` it sets the prototype, as a shorthand it would not.
 */
const transform: Transform = (file, api, { molt }) => {
  const j = api.jscodeshift;
  const root = j(file.source);
  // any file-wide `new x.f()` or `x.f.prototype` marks every property f as a constructor
  const constructed = constructedNames(root.get().node, (e) => (e.type === 'MemberExpression' ? propertyName(e) : undefined));
  let rewritten = 0;

  root.find(j.Property, { kind: 'init', method: false, shorthand: false }).forEach((propPath: ASTPath<any>) => {
    const prop = propPath.node;
    const key = propertyName(prop);
    if (propPath.parent.node.type !== 'ObjectExpression' || key === '__proto__') return;
    const value = prop.value;
    if (
      value.type === 'Identifier' &&
      !prop.computed &&
      prop.key.type === 'Identifier' &&
      prop.key.name === value.name
    ) {
      prop.shorthand = true;
      rewritten++;
      return;
    }
    if (value.type !== 'FunctionExpression') return;
    const refusal = refuse(propPath.get('value'), key);
    if (refusal) {
      molt.declined('MOLT022', lineOf(value), refusal);
      return;
    }
    prop.method = true;
    value.id = null;
    rewritten++;
  });

  molt.rewrote(rewritten);
  return rewritten ? root.toSource() : undefined;

  function refuse(fnPath: ASTPath<any>, key: string | undefined): string | undefined {
    const id = fnPath.node.id;
    if (refersToItself(j, fnPath)) return `method refers to itself as ${id.name}`;
    if (id && id.name !== key)
      return `function is named ${id.name}; as a method it would be named ${key ?? 'by its key'}`;
    if (ownUses(j, fnPath).newTarget) return 'function reads new.target';
    if (key !== undefined && /^[A-Z]/.test(key)) return `${key} is named like a constructor`;
    if (key !== undefined && constructed.has(key)) return `${key} is used with new or .prototype in this file`;
    return undefined;
  }
};

export default transform;
