/**
 * Whether statements always leave the function (return or throw). A callback inlined into the
 * async body must not fall through into the code that follows it, so the compiler asks this of
 * branches and of the statements it emits.
 */
import type { N } from './syntax.js';

export function toList(stmt: N | null | undefined): N[] {
  if (!stmt) return [];
  return stmt.type === 'BlockStatement' ? stmt.body : [stmt];
}

export function terminates(stmt: N): boolean {
  switch (stmt?.type) {
    case 'ReturnStatement':
    case 'ThrowStatement':
      return true;
    case 'BlockStatement':
      return terminatesList(stmt.body);
    case 'IfStatement':
      return !!stmt.alternate && terminates(stmt.consequent) && terminates(stmt.alternate);
    case 'TryStatement':
      return (
        (stmt.finalizer && terminates(stmt.finalizer)) ||
        (terminates(stmt.block) && (!stmt.handler || terminates(stmt.handler.body)))
      );
    default:
      return false;
  }
}

export function terminatesList(list: N[]): boolean {
  return list.length > 0 && terminates(list[list.length - 1]);
}
