import type { Transform } from '../unit.js';
import { FileFacts } from './then-chain-to-await/file-facts.js';
import type { Diag } from './then-chain-to-await/model.js';
import { leftovers, runPass } from './then-chain-to-await/pass.js';

/**
 * then-chain-to-await: a function whose body is `[statements;] return <promise chain>;`
 * becomes an `async` function that awaits each step in turn.
 *
 *   .then(fn)            const x = await prev; <fn body>
 *   .spread(fn)          const [a, b] = await Promise.all(await prev)   (bluebird awaits the elements too)
 *   .tap(fn)             const x = await prev; <fn body, results awaited and dropped>; x goes on
 *   .return(v)           await prev; v goes on
 *   .catch([filters,] fn) try { ...steps before... } catch (err) { if (!(err instanceof X || isY(err))) throw err; <fn body> }
 *   .finally(fn)         try { ...steps before... } finally { <fn body> }
 *   .then(ok, fail)      let x; try { x = await prev } catch (e) { <fail body> } <ok body>   (fail never sees ok's errors)
 *
 * A callback body is inlined: its `return`s become the next step's input. Early returns inside
 * if/else are handled by moving what follows into the other branch; anything else is declined.
 * Chains returned from callbacks are flattened the same way.
 *
 * What keeps the meaning exact, or declines:
 * - sync throws: the part of the function that runs before the first await must not be able to
 *   throw (an async function turns that throw into a rejection), unless the function is a
 *   handler given to bluebird itself (then/map/each/try...), which turns throws into rejections anyway.
 * - async functions return native Promises: a same-file caller that uses a method native promises
 *   lack (.spread, .tap, .return, .catch(filter, fn), ...) declines; otherwise a note says so.
 * - bluebird runs every handler in a later tick: code that bluebird ran later stays after an await,
 *   including a catch/finally reached by a synchronous throw (`await null` first).
 * - values bluebird evaluated when the chain was built (`.return(v)`, catch filters) must be stable.
 * - callback names that would collide once inlined are renamed; `this`/`arguments` in a
 *   `function` callback, default/rest parameters, non-literal handlers... decline.
 */

function indentOf(source: string): number {
  const widths = source
    .split('\n')
    .map((l) => /^( +)\S/.exec(l)?.[1]!.length ?? 0)
    .filter((w) => w > 0);
  const min = widths.length ? Math.min(...widths) : 2;
  return min === 4 ? 4 : 2;
}

const transform: Transform = (file, api, { molt }) => {
  const j = api.jscodeshift;
  const fileNode = j(file.source).get().node;
  let rewrote = 0;
  const notes: Diag[] = [];
  for (let pass = 0; pass < 100; pass++) {
    const facts = new FileFacts(j, fileNode, file.path);
    const result = runPass(facts);
    if (result.converted) {
      rewrote += result.converted;
      notes.push(...result.notes);
      continue;
    }
    for (const d of [...notes, ...result.declines, ...leftovers(facts, result.declinedChains)])
      molt.declined(d.code, d.line, d.message);
    break;
  }
  if (!rewrote) return undefined;
  molt.rewrote(rewrote);
  let out = j(fileNode).toSource({ tabWidth: indentOf(file.source) });
  // recast prints a reprinted anonymous function as `function(`; keep the file's `function (` style
  const spaced = (file.source.match(/\bfunction \(/g) ?? []).length;
  const tight = (file.source.match(/\bfunction\(/g) ?? []).length;
  if (spaced > tight) out = out.replace(/\basync function\(/g, 'async function (');
  return out;
};

export default transform;
