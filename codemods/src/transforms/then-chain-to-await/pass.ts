/**
 * A pass over one file: which functions are candidates (they return a chain, or are bluebird handlers
 * that return chains somewhere), converting each outermost-first, and after the last pass the chains
 * left in the file that no decline explains (MOLT047, MOLT141, MOLT049).
 */
import type { ASTPath } from 'jscodeshift';
import { knownConsumer } from './callers.js';
import { Converter } from './converter.js';
import { expressHandlerChain } from './express-handlers.js';
import type { FileFacts } from './file-facts.js';
import { CHAIN_METHODS, Decline, isChainCall, type Diag } from './model.js';
import { lineNear, walkOwn, type N } from './syntax.js';

interface PassResult {
  converted: number;
  notes: Diag[];
  declines: Diag[];
  declinedChains: Set<N>;
}

/**
 * One pass over the functions, outermost first. A conversion only changes its own function, so
 * the pass goes on with the others, except functions inside a converted one (their paths are
 * stale: the next pass sees them). Passes repeat until one converts nothing; its declines are
 * the ones reported (a later conversion can lift an earlier decline, e.g. a caller's .spread).
 */
export function runPass(f: FileFacts): PassResult {
  const result: PassResult = { converted: 0, notes: [], declines: [], declinedChains: new Set<N>() };
  const converted = new Set<N>();
  for (const path of f.fnPaths.values()) {
    if (!isCandidate(path, f)) continue;
    let inside = false;
    for (let p = path.parent as ASTPath | null; p && !inside; p = p.parent as ASTPath | null)
      inside = converted.has(p.node);
    if (inside) continue;
    const conv = new Converter(f, path);
    try {
      conv.convert();
      converted.add(path.node);
      result.converted++;
      result.notes.push(...conv.notes);
    } catch (e) {
      conv.rollback();
      if (!(e instanceof Decline)) throw e;
      result.declines.push({ code: e.code, line: e.line, message: e.message });
      const chain = Converter.returnedChain(path.node);
      if (chain) result.declinedChains.add(chain);
      walkOwn((path.node as N).body, (n) => {
        if (n.type === 'ReturnStatement' && isChainCall(n.argument)) result.declinedChains.add(n.argument);
      });
    }
  }
  return result;
}

/** chains left in the file that no decline explains */
export function leftovers(f: FileFacts, declinedChains: Set<N>): Diag[] {
  const j = f.j;
  const out: Diag[] = [];
  j(f.file)
    .find(j.CallExpression)
    .forEach((p: ASTPath<any>) => {
      const node = p.node;
      if (!isChainCall(node) || declinedChains.has(node)) return;
      const parent: N = p.parent?.node;
      const grand: N = p.parent?.parent?.node;
      if (parent?.type === 'MemberExpression' && parent.object === node && !parent.computed) {
        if (CHAIN_METHODS.has(parent.property.name) && grand?.type === 'CallExpression' && grand.callee === parent)
          return;
        out.push({
          code: 'MOLT047',
          line: lineNear(node, p),
          message: `chain continues with .${parent.property.name}(), which has no rewrite here; left alone`,
        });
        return;
      }
      const where =
        parent?.type === 'ExpressionStatement'
          ? 'a fire-and-forget chain (its result is not returned)'
          : parent?.type === 'ReturnStatement' || (parent?.type === 'ArrowFunctionExpression' && parent.body === node)
            ? null
            : parent?.type === 'AwaitExpression'
              ? 'an awaited chain'
              : (parent?.type === 'CallExpression' || parent?.type === 'NewExpression') &&
                  parent.arguments.includes(node)
                ? 'a chain passed as an argument'
                : `a chain inside ${parent?.type ?? 'the program'}`;
      if (where)
        out.push({
          code: 'MOLT141',
          line: lineNear(node, p),
          message: `${where} is not in return position; left alone`,
        });
      else
        out.push({
          code: 'MOLT049',
          line: lineNear(node, p),
          message: 'a returned chain in a function whose body is not `[statements;] return <chain>`; left alone',
        });
    });
  return out;
}

function isCandidate(path: ASTPath, f: FileFacts): boolean {
  const fn: N = path.node;
  const parent: N = path.parent?.node;
  if (fn.generator) return false;
  if (fn.kind === 'get' || fn.kind === 'set' || fn.kind === 'constructor') return false;
  if (parent?.type === 'Property' && parent.value === fn && parent.kind !== 'init') return false;
  if (parent?.type === 'MethodDefinition' && parent.kind !== 'method') return false;
  if (Converter.returnedChain(fn) !== null || expressHandlerChain(path, f) !== null) return true;
  // a handler given to bluebird may return chains anywhere in its body
  return fn.body.type === 'BlockStatement' && knownConsumer(path, f) && returnsAChain(fn.body);
}

function returnsAChain(node: N): boolean {
  let found = false;
  walkOwn(node, (n) => {
    if (n.type === 'ReturnStatement' && isChainCall(n.argument)) found = true;
    return !found;
  });
  return found;
}
