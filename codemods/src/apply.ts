import { parse as babelParse } from '@babel/parser';
import jscodeshift from 'jscodeshift';
import { CHECK_OPTIONS, readTree } from './ast.js';
import { childWalker, installFastFind, isNode } from './fast-find.js';
import type { Diagnostic, FileUnit, UnitOutcome } from './unit.js';

installFastFind();

// ES5 in, ES2022 out: babel's parser reads both, and recast keeps the formatting it did not touch
const j = jscodeshift.withParser('babel');

/**
 * The last parse that checked a source (the input, or a unit's output), handed
 * to the next unit when it parses that same source: each source is parsed once,
 * not once to check it and again to transform it. Taken at most once, because
 * the unit changes the tree it gets.
 */
let checked: { source: string; root: ReturnType<typeof j>; parser: 'recast' | 'babel' } | null = null;

/** the tree the unit now running may be handed: babel's only to a unit that asked for it (FileUnit.parser) */
let handing: 'recast' | 'babel' = 'recast';

/** What a tree unit's `root.toSource()` returns during a shared-tree run: "I may have changed the tree". */
const TREE_CHANGED = '\u0000molt: tree changed\u0000';

/** The tree a run of tree units shares, while that run is on. */
let shared: { source: string; file: unknown } | null = null;

function sharedRoot(): ReturnType<typeof j> {
  // a fresh collection (fresh paths, so scopes see the changes earlier units made) over the one tree
  const root = j(shared!.file as any);
  (root as any).toSource = () => TREE_CHANGED;
  return root;
}

const reusingJ = Object.setPrototypeOf((source: unknown, options?: unknown) => {
  if (shared && (source === shared.source || source === shared.file)) return sharedRoot();
  if (typeof source === 'string' && checked?.source === source && checked.parser === handing) {
    const { root } = checked;
    checked = null;
    return root;
  }
  return (j as any)(source, options);
}, j) as typeof j;

const api = { jscodeshift: reusingJ, j: reusingJ, stats: () => {}, report: () => {} };

/** What the next unit needs of a check's tree: recast's (to reprint), babel's (to read), or nothing (no next unit). */
export type Keep = 'recast' | 'babel' | null;

/** The tree a unit with this parser is handed. */
export const keepFor = (unit: FileUnit | undefined): Keep => (unit ? (unit.parser ?? 'recast') : null);

/**
 * Does `source` parse? null if it does, else why not. The tree is kept for
 * the next unit that parses the same source: recast's, or babel's alone for a
 * unit that reads its tree and edits text (a quarter of recast's parse, which
 * also copies the tree and keeps the tokens to reprint). With no next unit,
 * babel's parse is only a check.
 */
export function parses(source: string, keep: Keep = 'recast'): string | null {
  try {
    checked = null;
    if (keep === 'recast') checked = { source, root: j(source), parser: 'recast' };
    else if (keep === 'babel') checked = { source, root: readTree(j, source), parser: 'babel' };
    else babelParse(source, CHECK_OPTIONS);
    return null;
  } catch (err) {
    checked = null;
    return (err as Error).message;
  }
}

function reporter(unit: FileUnit, file: string) {
  const diagnostics: Diagnostic[] = [];
  let rewritten = 0;
  const molt = {
    rewrote(count = 1) {
      rewritten += count;
    },
    declined(code: string, line: number | undefined, message: string) {
      diagnostics.push({ code, unit: unit.name, file, line: line ?? 0, message });
    },
  };
  return { molt, diagnostics, rewritten: () => rewritten };
}

/**
 * Runs one unit on one file. Never throws: a crash or unparsable output keeps
 * the input and becomes a diagnostic (MOLT000 / MOLT002). `next`: what the
 * unit after it needs (see parses).
 */
export function applyUnit(unit: FileUnit, file: string, source: string, next: Keep = 'recast'): UnitOutcome {
  const { molt, diagnostics, rewritten } = reporter(unit, file);
  let output: string | undefined;
  handing = unit.parser ?? 'recast';
  try {
    output = unit.transform({ path: file, source }, api as any, { molt });
  } catch (err) {
    const message = `${unit.name} crashed: ${(err as Error).message.split('\n')[0]}`;
    return { source, changed: false, rewritten: 0, diagnostics: [{ code: 'MOLT000', unit: unit.name, file, line: 0, message }] };
  } finally {
    handing = 'recast';
  }
  if (output === undefined || output === source) return { source, changed: false, rewritten: 0, diagnostics };
  const error = parses(output, next);
  if (error) {
    const message = `${unit.name} produced code that does not parse (${error.split('\n')[0]}); change dropped`;
    return { source, changed: false, rewritten: 0, diagnostics: [...diagnostics, { code: 'MOLT002', unit: unit.name, file, line: 0, message }] };
  }
  return { source: output, changed: true, rewritten: rewritten(), diagnostics };
}

/** fields that may hold nodes, or things like nodes, whose positions are not in source order with the rest */
const NOT_IN_ORDER = new Set(['comments', 'leadingComments', 'trailingComments', 'innerComments', 'tokens']);

/**
 * Gives every node a unit created (one without `start`) a span, as a parse of
 * the printed tree would, up to the exact offsets: an inner node's from its
 * children, a new leaf a sliver just after the position before it. Units
 * compare spans (used before declared? inside that function? which call comes
 * first?); with this, a later unit in the run sees the same order and nesting
 * for new nodes that it would see after printing and parsing again. Nodes
 * that were moved (prototype-to-class's methods) keep their old spans; the
 * units after it compare spans only within a function or a statement, where
 * that order still holds: shared-tree.test.ts checks it with every tree unit
 * in one run.
 */
function placeNewNodes(root: unknown): void {
  let cursor = 0;
  // the span the children of the node at hand take
  let first = Infinity;
  let last = -Infinity;
  const one = (field: string, child: any): void => {
    if (NOT_IN_ORDER.has(field)) return;
    visit(child);
    first = Math.min(first, child.start);
    last = Math.max(last, child.end);
  };
  const many = (field: string, children: any[]): void => {
    if (NOT_IN_ORDER.has(field)) return;
    for (const child of children) if (isNode(child)) one(field, child);
  };
  const visit = (node: any): void => {
    const placed = typeof node.start === 'number';
    if (placed) cursor = Math.max(cursor, node.start);
    const outerFirst = first;
    const outerLast = last;
    first = Infinity;
    last = -Infinity;
    childWalker(node)(node, one, many);
    const innerFirst = first;
    const innerLast = last;
    first = outerFirst;
    last = outerLast;
    if (placed) {
      cursor = Math.max(cursor, node.end);
      return;
    }
    // a sliver: far less than one character, so new nodes never reach the next parsed one
    cursor += 1e-6;
    node.start = Number.isFinite(innerFirst) ? Math.min(innerFirst, cursor) : cursor;
    cursor += 1e-6;
    node.end = Number.isFinite(innerLast) ? Math.max(innerLast, cursor) : cursor;
  };
  visit(root);
}

export interface RunOutcome {
  source: string;
  /** one per unit, in order; `source` of each is the run's output */
  units: UnitOutcome[];
}

/**
 * Runs consecutive tree units (`edits: 'tree'`) on one parse of the file: each
 * unit changes the tree the previous one left, and the tree is printed and
 * checked once at the end, where unit by unit it would be printed and parsed
 * again after every unit. Recast reprints only what changed either way.
 *
 * Returns null when the run cannot be trusted: a unit crashed (the tree may be
 * half changed), returned text of its own, or the printed result does not
 * parse. The caller then runs the units one by one from `source`, which says
 * which unit failed and keeps the others' changes.
 */
export function applyTreeRun(units: FileUnit[], file: string, source: string, next: Keep = 'recast'): RunOutcome | null {
  let root: ReturnType<typeof j>;
  const outcomes: { changed: boolean; rewritten: number; diagnostics: Diagnostic[] }[] = [];
  try {
    root = reusingJ(source);
    shared = { source, file: root.get().node };
    for (const unit of units) {
      const { molt, diagnostics, rewritten } = reporter(unit, file);
      const output = unit.transform({ path: file, source }, api as any, { molt });
      if (output !== undefined && output !== TREE_CHANGED) return null;
      outcomes.push({ changed: output === TREE_CHANGED, rewritten: rewritten(), diagnostics });
      if (output === TREE_CHANGED && unit !== units.at(-1)) placeNewNodes(shared.file);
    }
  } catch {
    return null;
  } finally {
    shared = null;
  }
  let output = source;
  if (outcomes.some((o) => o.changed)) {
    // single quotes for the string literals units make (imports): the units that make any print with them
    output = j(root.get().node).toSource({ quote: 'single' });
    if (output === source) for (const o of outcomes) o.changed = false;
    else if (parses(output, next)) return null;
  }
  return {
    source: output,
    units: outcomes.map((o) => ({ source: output, changed: o.changed, rewritten: o.changed ? o.rewritten : 0, diagnostics: o.diagnostics })),
  };
}
