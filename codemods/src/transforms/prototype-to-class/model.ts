import type { ASTPath, Collection, JSCodeshift } from 'jscodeshift';
import type { AnyNode } from './syntax.js';

export interface Context {
  j: JSCodeshift;
  root: Collection;
  source: string;
}

/** Why a constructor stays a function (or an accessor stays a defineProperty). */
export interface Refusal {
  code: string;
  line: number | undefined;
  message: string;
}

/** One class member taken from a statement: `X.prototype.m = function…`, `X.s = function…`, an accessor. */
export interface Element {
  kind: 'method' | 'get' | 'set';
  isStatic: boolean;
  name: string;
  /** Identifier or Literal, as the class key */
  key: AnyNode;
  /** the FunctionExpression, reused as the method's function */
  fn: ASTPath;
  comments: AnyNode[];
  /** source offset, so members keep their order */
  at: number;
}

export interface ParentLink {
  /** the second argument of util.inherits, reused as the `extends` clause */
  node: AnyNode;
  text: string;
  /** Error and its built-in subclasses: Error.call(this) does not initialise `this` */
  isError: boolean;
  /** the parent's FunctionDeclaration when it is declared in this file */
  localDecl?: AnyNode;
  inherits: ASTPath;
}

export interface Candidate {
  name: string;
  decl: ASTPath;
  elements: Element[];
  /** statements that disappear into the class */
  removed: ASTPath[];
  /** `X.prototype = {…}`: replaced by the assignments of its non-function values (maybe none) */
  replaced: Map<ASTPath, AnyNode[]>;
  /** comments of removed statements that became no member: they go above the class */
  classComments: AnyNode[];
  parent?: ParentLink;
  superCall?: { stmt: ASTPath; call: AnyNode; args: AnyNode[] };
  /** `X(…)`, `X.call(…)`, `X.apply(…)`, `X.bind(…)`: fine only as the super() call of a converted child */
  callsWithoutNew: ASTPath[];
  /** Object.defineProperty sites kept as they are (MOLT038) */
  accessorsLeft: Refusal[];
  refusal?: Refusal;
}

export function refuse(code: string, node: AnyNode, message: string): Refusal {
  return { code, line: node?.loc?.start.line, message };
}

/** The code of `node` as it is now (an earlier unit of the same tree run may have changed it). */
export function textOf(ctx: Context, node: AnyNode): string {
  return ctx.j(node).toSource();
}
