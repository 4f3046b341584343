/**
 * Text edits: the unit rewrites source text, because recast would reprint what it moves. Small
 * replacements (leaves) are picked up by the larger rewrites around them when those render their
 * span. Also the text helpers the rewrites share: comments between nodes, a line's indent,
 * dedenting moved text, and where a statement's line ends.
 */
import type { N } from './syntax.js';

export interface Edit {
  start: number;
  end: number;
  text: string;
}

export class Edits {
  private leaves: Edit[] = [];
  constructor(private readonly src: string) {}

  /** a small replacement (an identifier, an expression) that enclosing rewrites pick up through render() */
  leaf(start: number, end: number, text: string): void {
    if (this.leaves.some((e) => e.start === start && e.end === end)) return;
    this.leaves.push({ start, end, text });
  }

  /** source text of [start, end) with the leaves inside it applied, and `overrides` in place of what they cover */
  render(start: number, end: number, overrides: Edit[] = []): string {
    const all = [
      ...overrides.map((e) => ({ ...e, o: true })),
      ...this.leaves.filter((l) => l.start >= start && l.end <= end).map((e) => ({ ...e, o: false })),
    ];
    for (const l of this.leaves) {
      if (l.start < end && l.end > start && !(l.start >= start && l.end <= end))
        throw new Error(`cjs-to-esm: edit ${l.start}-${l.end} straddles ${start}-${end}`);
    }
    // overrides win over the leaves they cover; insertions (empty ranges) before replacements at the same place
    all.sort(
      (a, b) =>
        a.start - b.start ||
        Number(b.end === b.start) - Number(a.end === a.start) ||
        Number(b.o) - Number(a.o) ||
        b.end - a.end,
    );
    let out = '';
    let at = start;
    let coveredTo = -1;
    for (const e of all) {
      if (!e.o && e.start < coveredTo) continue;
      if (e.start < at) {
        if (e.o) throw new Error(`cjs-to-esm: overlapping rewrites at ${e.start}`);
        continue;
      }
      out += this.src.slice(at, e.start) + e.text;
      at = e.end;
      if (e.o) coveredTo = Math.max(coveredTo, e.end);
    }
    return out + this.src.slice(at, end);
  }
}

/** comments in a stretch of source that holds no string or regex (the space between two nodes) */
export function commentsIn(src: string, start: number, end: number): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  const re = /\/\/[^\n]*|\/\*[\s\S]*?\*\//g;
  const text = src.slice(start, end);
  for (let m = re.exec(text); m; m = re.exec(text))
    found.push({ start: start + m.index, end: start + m.index + m[0].length });
  return found;
}

const lineStart = (src: string, pos: number): number => src.lastIndexOf('\n', pos - 1) + 1;
export const indentAt = (src: string, pos: number): string => /^[ \t]*/.exec(src.slice(lineStart(src, pos)))![0];

/** moves text that sat at `indent` to column 0 (code whose strings run over lines, holdsMultiLineText, stays as it is) */
export function dedent(text: string, indent: string): string {
  if (!indent) return text;
  return text
    .split('\n')
    .map((line, i) =>
      i === 0 ? line : line.startsWith(indent) ? line.slice(indent.length) : line.trim() === '' ? '' : line,
    )
    .join('\n');
}

export function renderMember(src: string, member: N): string {
  return src.slice(member.object.end, member.end);
}

/** the end of a statement, extended over a comment that shares its line (and the line break, when `eat`) */
export function afterLine(src: string, end: number, eat: boolean): number {
  const eol = src.indexOf('\n', end);
  const rest = src.slice(end, eol < 0 ? src.length : eol);
  if (!eat) return /^\s*(\/\/|\/\*.*\*\/\s*$)/.test(rest) ? (eol < 0 ? src.length : eol) : end;
  if (rest.trim() !== '') return end;
  return eol < 0 ? src.length : eol + 1;
}

export function skipSpace(src: string, pos: number): number {
  while (pos < src.length && /\s/.test(src[pos]!)) pos++;
  return pos;
}
