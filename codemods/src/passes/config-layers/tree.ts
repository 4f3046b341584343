/**
 * A config file read as data: nested objects down to leaves, each leaf with the
 * source text it had (`24 * 7` stays `24 * 7`) and, where molt can work it out
 * without running the file, its value.
 */

export interface Leaf {
  kind: 'leaf';
  /** the value's source text, as the config file wrote it */
  text: string;
  /** its value; `known` is false when it is not a constant (a call, a variable, process.env) */
  value: unknown;
  known: boolean;
  /** comments written next to the key in the config file */
  comments: string[];
  line: number;
}

export interface Branch {
  kind: 'object';
  entries: Map<string, ConfigNode>;
  comments: string[];
  /** the object literal's source text */
  text: string;
  line: number;
}

export type ConfigNode = Leaf | Branch;

const NOT_CONSTANT = Symbol('not constant');

/** The value of a constant expression (literals, arrays, arithmetic), or NOT_CONSTANT. */
function evaluate(node: any): unknown {
  switch (node.type) {
    case 'Literal':
      return node.regex ? NOT_CONSTANT : node.value;
    case 'NumericLiteral':
    case 'StringLiteral':
    case 'BooleanLiteral':
      return node.value;
    case 'NullLiteral':
      return null;
    case 'TemplateLiteral':
      return node.expressions.length === 0 ? node.quasis[0].value.cooked : NOT_CONSTANT;
    case 'UnaryExpression': {
      const v = evaluate(node.argument);
      if (typeof v !== 'number') return NOT_CONSTANT;
      return node.operator === '-' ? -v : node.operator === '+' ? v : NOT_CONSTANT;
    }
    case 'BinaryExpression': {
      const a = evaluate(node.left);
      const b = evaluate(node.right);
      if (typeof a !== 'number' || typeof b !== 'number') return NOT_CONSTANT;
      const ops: Record<string, (x: number, y: number) => number> = {
        '+': (x, y) => x + y,
        '-': (x, y) => x - y,
        '*': (x, y) => x * y,
        '/': (x, y) => x / y,
        '%': (x, y) => x % y,
      };
      return ops[node.operator]?.(a, b) ?? NOT_CONSTANT;
    }
    case 'ArrayExpression': {
      const items = node.elements.map((e: any) => (e && e.type !== 'SpreadElement' ? evaluate(e) : NOT_CONSTANT));
      return items.includes(NOT_CONSTANT) ? NOT_CONSTANT : items;
    }
    case 'ObjectExpression': {
      const out: Record<string, unknown> = {};
      for (const p of node.properties) {
        const key = propertyKey(p);
        const v = key === null ? NOT_CONSTANT : evaluate(p.value);
        if (v === NOT_CONSTANT) return NOT_CONSTANT;
        out[key!] = v;
      }
      return out;
    }
    default:
      return NOT_CONSTANT;
  }
}

/** A literal's value (the parser gives ESTree `Literal` or babel's typed literals); `ok` false for anything else. */
export function literal(n: any): { ok: boolean; value?: unknown } {
  if (n?.type === 'Literal' && !n.regex) return { ok: true, value: n.value };
  if (['StringLiteral', 'NumericLiteral', 'BooleanLiteral'].includes(n?.type)) return { ok: true, value: n.value };
  if (n?.type === 'NullLiteral') return { ok: true, value: null };
  return { ok: false };
}

/** `a: …` or `'a-b': …` → its name; computed keys, methods and spreads → null. */
export function propertyKey(p: any): string | null {
  const plain = p.type === 'ObjectProperty' || (p.type === 'Property' && p.kind === 'init' && !p.method);
  if (!plain || p.computed) return null;
  if (p.key.type === 'Identifier') return p.key.name;
  if (['Literal', 'StringLiteral', 'NumericLiteral'].includes(p.key.type) && !p.key.regex) return String(p.key.value);
  return null;
}

function commentsOf(node: any): string[] {
  return (node.comments ?? []).map((c: any) => c.value.trim()).filter(Boolean);
}

/** Reads an object literal into a tree; `source` is the file the node came from. */
export function readObject(node: any, source: string): Branch | null {
  const entries = new Map<string, ConfigNode>();
  for (const p of node.properties) {
    const key = propertyKey(p);
    if (key === null) return null;
    const comments = commentsOf(p);
    if (p.value.type === 'ObjectExpression') {
      const inner = readObject(p.value, source);
      if (!inner) return null;
      inner.comments = comments;
      inner.line = p.loc?.start.line ?? 0;
      entries.set(key, inner);
    } else {
      const value = evaluate(p.value);
      entries.set(key, {
        kind: 'leaf',
        text: source.slice(p.value.start, p.value.end),
        value: value === NOT_CONSTANT ? undefined : value,
        known: value !== NOT_CONSTANT,
        comments,
        line: p.loc?.start.line ?? 0,
      });
    }
  }
  return {
    kind: 'object',
    entries,
    comments: [],
    text: source.slice(node.start, node.end),
    line: node.loc?.start.line ?? 0,
  };
}

/**
 * An object whose keys are data, not names (a host → URL map): its key sets
 * differ between the files, or a key is not an identifier. It is one value, set
 * whole by a layer and never merged key by key.
 */
export function asRecord(branch: Branch): Leaf {
  const value: Record<string, unknown> = {};
  let known = true;
  for (const [k, n] of branch.entries) {
    if (n.kind !== 'leaf' || !n.known) known = false;
    else value[k] = n.value;
  }
  return {
    kind: 'leaf',
    text: branch.text,
    value: known ? value : undefined,
    known,
    comments: branch.comments,
    line: branch.line,
  };
}

/** Leaves by dotted path, in file order. */
export function flatten(tree: Branch, prefix = '', out = new Map<string, Leaf>()): Map<string, Leaf> {
  for (const [k, n] of tree.entries) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (n.kind === 'leaf') out.set(key, n);
    else flatten(n, key, out);
  }
  return out;
}

/** Same value: deep equality on known values, same source text otherwise. */
export function sameLeaf(a: Leaf | undefined, b: Leaf | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.known && b.known) return JSON.stringify(a.value) === JSON.stringify(b.value);
  return a.text === b.text;
}
