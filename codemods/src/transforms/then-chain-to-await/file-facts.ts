/**
 * What one file offers the checks, recomputed on each pass: the names it declares and assigns, its
 * module-level requires and functions that are never reassigned, its classes and prototype
 * inheritance (to tell Error classes from predicates in catch filters), the local name of bluebird,
 * and a path for every function.
 */
import type { ASTPath, JSCodeshift } from 'jscodeshift';
import { requiredModule } from '../../ast.js';
import { GLOBAL_ERRORS } from './known-names.js';
import { patternNames, walk, type N } from './syntax.js';

export class FileFacts {
  readonly names = new Set<string>();
  readonly assigned = new Set<string>();
  readonly declaredCount = new Map<string, number>();
  /** module-level `X = require('...')` / imports, never reassigned */
  readonly requires = new Set<string>();
  /** module-level function declarations, never reassigned */
  readonly moduleFunctions = new Map<string, N>();
  readonly moduleClasses = new Map<string, N>();
  /** util.inherits(A, B) and A.prototype = Object.create(B.prototype): A -> B */
  readonly inherits = new Map<string, N>();
  readonly fnPaths = new Map<N, ASTPath>();
  bluebird: string | null = null;
  /** the file requires or imports express (its router and app methods take handlers: express-handlers.ts) */
  express = false;
  readonly program: N;

  constructor(
    readonly j: JSCodeshift,
    readonly file: N,
    readonly filePath: string,
  ) {
    this.program = file.type === 'File' ? file.program : file;
    walk(this.program, (n, parent, key) => {
      if (n.type === 'Identifier') {
        this.names.add(n.name);
        if (
          key === 'id' &&
          (parent.type === 'VariableDeclarator' ||
            parent.type === 'FunctionDeclaration' ||
            parent.type === 'ClassDeclaration')
        ) {
          this.declaredCount.set(n.name, (this.declaredCount.get(n.name) ?? 0) + 1);
        }
      }
      if (n.type === 'AssignmentExpression' || n.type === 'ForInStatement' || n.type === 'ForOfStatement') {
        for (const id of patternNames(n.left)) this.assigned.add(id.name);
      }
      if (n.type === 'UpdateExpression' && n.argument.type === 'Identifier') this.assigned.add(n.argument.name);
      if (n.type === 'CallExpression') this.noteInherits(n);
      if (n.type === 'AssignmentExpression') this.notePrototype(n);
    });
    for (const top of this.program.body) {
      const stmt =
        (top.type === 'ExportNamedDeclaration' || top.type === 'ExportDefaultDeclaration') && top.declaration
          ? top.declaration
          : top;
      if (stmt.type === 'FunctionDeclaration' && stmt.id && !stmt.generator)
        this.moduleFunctions.set(stmt.id.name, stmt);
      if (stmt.type === 'ClassDeclaration' && stmt.id) this.moduleClasses.set(stmt.id.name, stmt);
      if (stmt.type === 'VariableDeclaration') {
        for (const d of stmt.declarations) {
          if (d.id.type !== 'Identifier' || !d.init) continue;
          const mod = requiredModule(d.init);
          if (mod === null) continue;
          this.requires.add(d.id.name);
          if (mod === 'bluebird' && !this.bluebird) this.bluebird = d.id.name;
          if (mod === 'express') this.express = true;
        }
      }
      if (stmt.type === 'ImportDeclaration') {
        if (stmt.source.value === 'express') this.express = true;
        for (const s of stmt.specifiers) {
          this.requires.add(s.local.name);
          if (stmt.source.value === 'bluebird' && s.type !== 'ImportSpecifier' && !this.bluebird)
            this.bluebird = s.local.name;
        }
      }
    }
    for (const name of [...this.requires, ...this.moduleFunctions.keys()]) {
      if (this.assigned.has(name) || (this.declaredCount.get(name) ?? 0) > 1) {
        this.requires.delete(name);
        this.moduleFunctions.delete(name);
      }
    }
    if (this.bluebird && !this.requires.has(this.bluebird)) this.bluebird = null;
    j(file)
      .find(j.Function)
      .forEach((p: ASTPath<N>) => {
        this.fnPaths.set(p.node, p);
      });
  }

  private noteInherits(call: N): void {
    const c = call.callee;
    const isInherits =
      (c.type === 'Identifier' && c.name === 'inherits') ||
      (c.type === 'MemberExpression' && !c.computed && c.property.name === 'inherits');
    if (isInherits && call.arguments.length === 2 && call.arguments[0].type === 'Identifier')
      this.inherits.set(call.arguments[0].name, call.arguments[1]);
    // Object.setPrototypeOf(A.prototype, B.prototype)
    if (c.type === 'MemberExpression' && c.property.name === 'setPrototypeOf' && call.arguments.length === 2) {
      const [a, b] = call.arguments;
      if (isProtoOf(a) && isProtoOf(b)) this.inherits.set(a.object.name, b.object);
    }
  }

  private notePrototype(assign: N): void {
    // A.prototype = Object.create(B.prototype, ...)
    const l = assign.left;
    const r = assign.right;
    if (
      isProtoOf(l) &&
      r.type === 'CallExpression' &&
      r.callee.type === 'MemberExpression' &&
      r.callee.property.name === 'create' &&
      r.arguments[0] &&
      isProtoOf(r.arguments[0])
    ) {
      this.inherits.set(l.object.name, r.arguments[0].object);
    }
  }

  private scanned: { calls: ASTPath[] } | null = null;

  /** every call in the file (paths), computed once a pass */
  scan(): { calls: ASTPath[] } {
    if (!this.scanned) this.scanned = { calls: this.j(this.file).find(this.j.CallExpression).paths() };
    return this.scanned;
  }

  /** does module-level name X denote an Error subclass? true/false, or null when molt cannot tell */
  errorClass(name: string, seen = new Set<string>()): boolean | null {
    if (seen.has(name)) return null;
    seen.add(name);
    if (GLOBAL_ERRORS.has(name) && !this.declaredCount.has(name)) return true;
    const cls = this.moduleClasses.get(name);
    if (cls) {
      if (!cls.superClass) return false;
      return cls.superClass.type === 'Identifier' ? this.errorClass(cls.superClass.name, seen) : null;
    }
    if (this.moduleFunctions.has(name)) {
      const parent = this.inherits.get(name);
      if (!parent) return false;
      if (parent.type === 'Identifier') return this.errorClass(parent.name, seen);
      return null;
    }
    return null;
  }
}

function isProtoOf(n: N): boolean {
  return (
    n?.type === 'MemberExpression' && !n.computed && n.property.name === 'prototype' && n.object.type === 'Identifier'
  );
}
