/**
 * Express route handlers that end with a fire-and-forget chain handing its errors to next:
 *
 *   router.get('/', function (req, res, next) {       router.get('/', async (req, res, next) => {
 *     Room.listForUser(req.user._id)                     try {
 *       .then(function (rooms) { res.json(rooms); })        const rooms = await Room.listForUser(req.user._id);
 *       .catch(next);                                       res.json(rooms);
 *   });                                                   } catch (err) {
 *                                                           next(err);
 *                                                         }
 *                                                       });
 *
 * Express 4 ignores what a handler returns (Express 5 hands a rejection to next), and sends what it throws
 * synchronously to next(err). So what the handler did before its chain, and the chain's head, go inside the try as
 * well: a throw there reaches next(err) as it did through Express. The chain's own steps keep bluebird's order.
 * Only a handler passed to a router or app method (get, post, use, ...) of a file that requires express, whose
 * third parameter is next (never reassigned), and whose last statement is the chain ending in `.catch(next)`.
 */
import type { ASTPath } from 'jscodeshift';
import { EXPRESS_METHODS } from '../../express.js';
import type { FileFacts } from './file-facts.js';
import { isChainCall } from './model.js';
import { patternNames, walk, type N } from './syntax.js';

/** the chain an Express handler ends with (`….catch(next)` as its last statement), or null */
export function expressHandlerChain(path: ASTPath, f: FileFacts): N | null {
  const fn: N = path.node;
  const call: N = path.parent?.node;
  if (!f.express || fn.async || fn.generator || fn.body?.type !== 'BlockStatement') return null;
  if (fn.type !== 'FunctionExpression' && fn.type !== 'ArrowFunctionExpression') return null;
  if (call?.type !== 'CallExpression' || call.arguments.at(-1) !== fn) return null;
  const callee = call.callee;
  if (callee.type !== 'MemberExpression' || callee.computed || !EXPRESS_METHODS.has(callee.property.name)) return null;
  if (fn.params.length !== 3 || fn.params.some((p: N) => p.type !== 'Identifier')) return null;
  const next: string = fn.params[2].name;
  const last: N = fn.body.body.at(-1);
  const chain = last?.type === 'ExpressionStatement' ? last.expression : null;
  if (!isChainCall(chain) || chain.callee.type !== 'MemberExpression' || chain.callee.computed) return null;
  if (chain.callee.property.name !== 'catch' || chain.arguments.length !== 1) return null;
  const handler = chain.arguments[0];
  if (handler.type !== 'Identifier' || handler.name !== next || assigns(fn.body, next)) return null;
  return chain;
}

/** does anything in node assign the name (a reassigned next is not the one the chain was built with) */
function assigns(node: N, name: string): boolean {
  let found = false;
  walk(node, (n) => {
    if ((n.type === 'AssignmentExpression' || n.type === 'ForInStatement' || n.type === 'ForOfStatement') && patternNames(n.left).some((id) => id.name === name))
      found = true;
    if (n.type === 'UpdateExpression' && n.argument.type === 'Identifier' && n.argument.name === name) found = true;
  });
  return found;
}
