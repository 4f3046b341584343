import type { ASTPath, JSCodeshift } from 'jscodeshift';
import type { Transform } from '../unit.js';

// any: babel's estree nodes (Literal, Property, …) are told apart by `type`, which ast-types' unions do not narrow

/** One character of template text, as written: `char` is set when it is a plain, unescaped character. */
interface Token {
  text: string;
  char?: string;
}
interface Text {
  tokens: Token[];
  cooked: string;
}

/**
 * `'a' + b + 'c'` → `a${b}c`. Only left-associative `+` chains whose first or
 * second operand is a string literal: from there on every `+` is string
 * concatenation, so the template joins the same pieces in the same order.
 * `1 + 2 + 'x'` adds before it concatenates, and is left alone.
 */
const transform: Transform = (file, api, { molt }) => {
  const j = api.jscodeshift;
  const root = j(file.source);
  const tops = root
    .find(j.BinaryExpression, { operator: '+' })
    .filter((p: ASTPath<any>) => !isPlus(p.parent.node) || p.parent.node.left !== p.node);
  let rewritten = 0;
  // innermost chains first, so an outer chain sees them as templates it can splice in
  for (const path of tops.paths().reverse()) {
    const operands = flatten(path.node);
    if (!operands) continue;
    const template = toTemplate(j, operands);
    (template as any).comments = (path.node as any).comments;
    path.replace(template);
    rewritten++;
  }
  molt.rewrote(rewritten);
  return rewritten ? root.toSource() : undefined;
};

function isPlus(node: any): boolean {
  return node.type === 'BinaryExpression' && node.operator === '+';
}

function isString(node: any): boolean {
  return node.type === 'Literal' && typeof node.value === 'string';
}

/** The chain's operands, left to right, or undefined when it is not one to rewrite. */
function flatten(top: any): any[] | undefined {
  const operands: any[] = [];
  let node = top;
  for (; isPlus(node); node = node.left) {
    if (node !== top && node.comments?.length) return undefined;
    operands.unshift(node.right);
  }
  operands.unshift(node);
  if (!(isString(operands[0]) || isString(operands[1]))) return undefined;
  if (operands.every((o) => o.type === 'Literal')) return undefined;
  // a comment between operands has no place in a template
  if (operands.some((o) => o.comments?.length)) return undefined;
  return operands;
}

function toTemplate(j: JSCodeshift, operands: any[]) {
  // a template alternates text and expressions, starting and ending with text (perhaps empty)
  const texts: Text[] = [{ tokens: [], cooked: '' }];
  const expressions: any[] = [];
  const addText = (tokens: Token[], cooked: string) => {
    const text = texts[texts.length - 1]!;
    text.tokens.push(...tokens);
    text.cooked += cooked;
  };
  const addExpression = (expression: any) => {
    expressions.push(expression);
    texts.push({ tokens: [], cooked: '' });
  };
  for (const operand of operands) {
    if (isString(operand)) {
      addText(tokenize(rawOf(operand).slice(1, -1), true), operand.value);
    } else if (operand.type === 'TemplateLiteral') {
      // a template is already a string: splice its pieces in rather than nest it
      operand.quasis.forEach((quasi: any, i: number) => {
        addText(tokenize(quasi.value.raw, false), quasi.value.cooked);
        if (i < operand.expressions.length) addExpression(operand.expressions[i]);
      });
    } else {
      // `${…}` delimits its expression: grouping parentheses are no longer needed
      if (operand.extra?.parenthesized) operand.extra = { ...operand.extra, parenthesized: false };
      addExpression(operand);
    }
  }
  const quasis = texts.map((t, i) =>
    j.templateElement({ raw: emit(t.tokens), cooked: t.cooked }, i === texts.length - 1),
  );
  return j.templateLiteral(quasis, expressions);
}

function rawOf(literal: any): string {
  return literal.raw ?? literal.extra?.raw;
}

/**
 * Splits literal text into tokens. Escapes stay as written (`\n` stays `\n`),
 * except quote escapes a string needed and a template does not; a bare
 * backtick in a string must be escaped in a template.
 */
function tokenize(raw: string, fromString: boolean): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === '\\') {
      const next = raw[++i] ?? '';
      tokens.push(fromString && (next === "'" || next === '"') ? { text: next, char: next } : { text: ch + next });
    } else if (ch === '`') {
      tokens.push({ text: '\\`' });
    } else {
      tokens.push({ text: ch, char: ch });
    }
  }
  return tokens;
}

/** Template text; `${` that was text (perhaps split across two literals) gets its `$` escaped. */
function emit(tokens: Token[]): string {
  return tokens.map((t, i) => (t.char === '$' && tokens[i + 1]?.char === '{' ? '\\$' : t.text)).join('');
}

export default transform;
