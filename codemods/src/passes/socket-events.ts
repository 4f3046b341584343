/**
 * Typed Socket.io event maps, written by the TypeScript stage from what it finds:
 *   client → server: the event names a socket listens to (`socket.on('x', …)`, or
 *     `EVENTS.forEach((e) => socket.on(e, …))` over a list of names), each with the
 *     result type of the handler of that name (an object of handlers, a method per
 *     event) as what its acknowledgement gets;
 *   server → client: every `emit…(…, 'name', data)` call with a literal event name,
 *     the data's type as the checker sees it.
 * The file is in the shape Socket.io 4 takes (`new Server<ClientToServerEvents,
 * ServerToClientEvents>()`); a payload from the wire is `unknown` until a handler
 * has checked it.
 */
import { IDENTIFIER_NAME } from '../ast.js';
import { importSpecifier } from '../files.js';
import path from 'node:path';
import { Node, SyntaxKind, ts, type CallExpression, type Project, type SourceFile, type Type } from 'ts-morph';
import { setText } from './nodes.js';

export interface SocketEventsReport {
  file: string;
  clientEvents: number;
  serverEvents: number;
  /** event types that did not type-check where the file is, written as unknown */
  unknown: number;
}

const NOT_CLIENT_EVENTS = new Set([
  'connect',
  'connection',
  'disconnect',
  'disconnecting',
  'error',
  'newListener',
  'removeListener',
]);

const stringLiteral = (n: Node | undefined): string | null =>
  n && (Node.isStringLiteral(n) || Node.isNoSubstitutionTemplateLiteral(n)) ? n.getLiteralText() : null;

/** `const EVENTS = ['a', 'b']` → ['a', 'b'] */
function namesOfList(node: Node): string[] | null {
  const decl = Node.isIdentifier(node) ? node.getSymbol()?.getValueDeclaration() : undefined;
  const init = decl && Node.isVariableDeclaration(decl) ? decl.getInitializer() : undefined;
  if (!init || !Node.isArrayLiteralExpression(init)) return null;
  const names = init.getElements().map((e) => stringLiteral(e));
  return names.every((n) => n !== null) ? (names as string[]) : null;
}

/** The names `x.on(name, …)` listens to: a literal, or the parameter of a forEach over a list of literals. */
function listenedNames(call: CallExpression): string[] {
  const [first] = call.getArguments();
  const literal = stringLiteral(first);
  if (literal !== null) return NOT_CLIENT_EVENTS.has(literal) ? [] : [literal];
  const param = first && Node.isIdentifier(first) ? first.getSymbol()?.getValueDeclaration() : undefined;
  if (!param || !Node.isParameterDeclaration(param)) return [];
  const loop = param.getParent().getParent();
  if (!loop || !Node.isCallExpression(loop)) return [];
  const callee = loop.getExpression();
  if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'forEach') return [];
  return namesOfList(callee.getExpression()) ?? [];
}

const calleeName = (call: CallExpression): string => {
  const callee = call.getExpression();
  return Node.isPropertyAccessExpression(callee) ? callee.getName() : Node.isIdentifier(callee) ? callee.getText() : '';
};

/** `socket.on(…)`, `this.socket.on(…)`: by name, since a socket's type is often not known yet */
function onSocket(call: CallExpression): boolean {
  const callee = call.getExpression();
  return Node.isPropertyAccessExpression(callee) && /socket$/i.test(callee.getExpression().getText());
}

/** A Node EventEmitter's own events (a process-local bus) are no socket events. */
function onEventEmitter(call: CallExpression): boolean {
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return false;
  const type = callee.getExpression().getType();
  return [type, ...type.getBaseTypes()].some((t) => t.getSymbol()?.getName() === 'EventEmitter');
}

/** The object whose methods are named after the client events: the handlers. */
function handlerTypes(project: Project, names: string[]): Map<string, Type> {
  for (const sf of project.getSourceFiles()) {
    for (const literal of sf.getDescendantsOfKind(SyntaxKind.ObjectLiteralExpression)) {
      const keys = new Set(
        literal
          .getProperties()
          .flatMap((p) => (Node.isPropertyNamed(p) || Node.isShorthandPropertyAssignment(p) ? [p.getName()] : [])),
      );
      if (!names.every((n) => keys.has(n))) continue;
      const type = literal.getType();
      return new Map(names.map((n) => [n, type.getPropertyOrThrow(n).getTypeAtLocation(literal)]));
    }
  }
  return new Map();
}

/** How a type is written into the events file: whole, and by names that do not depend on where it is read */
const WHOLE_TYPE = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseFullyQualifiedType;

/** What a handler resolves to (a bluebird promise too), as an acknowledgement's body. */
function ackBody(handler: Type | undefined, checker: ts.TypeChecker, at: Node): string {
  const sig = handler?.getCallSignatures()[0];
  if (!sig) return 'object';
  const returned = sig.getReturnType().compilerType;
  const awaited = checker.getAwaitedType(returned) ?? returned;
  return checker.typeToString(awaited, at.compilerNode, WHOLE_TYPE);
}

export interface SocketEventsPlan {
  /** the events file, created empty next to the listening module */
  file: SourceFile;
  clientEvents: string[];
}

/**
 * First, before the other passes edit the files (ts-morph cannot add a file
 * after text edits): the client events, and an empty `events.ts` beside the
 * module that listens. Null when no socket listens to anything.
 */
export function planSocketEvents(project: Project): SocketEventsPlan | null {
  const client = new Map<string, SourceFile>();
  for (const sf of project.getSourceFiles()) {
    for (const call of sf.getDescendantsOfKind(SyntaxKind.CallExpression)) {
      if (calleeName(call) === 'on' && onSocket(call)) for (const event of listenedNames(call)) client.set(event, sf);
    }
  }
  if (!client.size) return null;
  const listener = [...client.values()][0]!;
  const file = project.createSourceFile(path.join(path.dirname(listener.getFilePath()), 'events.ts'), '', {
    overwrite: true,
  });
  return { file, clientEvents: [...client.keys()] };
}

const key = (e: string): string => (IDENTIFIER_NAME.test(e) ? e : JSON.stringify(e));

/** Then, once the types are known: the handlers' results and the emitted data. */
export function writeSocketEvents(plan: SocketEventsPlan, project: Project, outDir: string): SocketEventsReport {
  const checker = project.getTypeChecker().compilerObject;
  const server = new Map<string, Set<string>>();
  for (const sf of project.getSourceFiles()) {
    for (const call of sf.getDescendantsOfKind(SyntaxKind.CallExpression)) {
      if (!/^emit/.test(calleeName(call)) || onEventEmitter(call)) continue;
      const args = call.getArguments();
      const at = args.findIndex((a) => stringLiteral(a) !== null);
      if (at < 0 || at + 1 >= args.length) continue;
      const data = checker.typeToString(args[at + 1]!.getType().compilerType, undefined, WHOLE_TYPE);
      const event = stringLiteral(args[at])!;
      server.set(event, (server.get(event) ?? new Set()).add(data));
    }
  }
  const sf = plan.file;
  const handlers = handlerTypes(project, plan.clientEvents);
  const clientLines = plan.clientEvents.map(
    (e) => `  ${key(e)}: (payload: unknown, ack?: Ack<${portable(ackBody(handlers.get(e), checker, sf), sf)}>) => void;`,
  );
  const serverLines = [...server].map(
    ([e, types]) => `  ${key(e)}: (data: ${[...types].map((t) => portable(t, sf)).join(' | ')}) => void;`,
  );
  setText(sf, 
    [
      '// written by molt js-to-ts from the socket listeners, handlers and emits it found',
      '',
      "/** What an acknowledgement gets: the handler's result with ok: true, or a coded error. */",
      'export type Ack<T> = (reply: ({ ok: true } & T) | { ok: false; error: unknown }) => void;',
      '',
      '/** Client → server: a payload from the wire is unknown until its handler has checked it. */',
      'export interface ClientToServerEvents {',
      ...clientLines,
      '}',
      '',
      '/** Server → client: the data of every emit with a literal event name. */',
      'export interface ServerToClientEvents {',
      ...serverLines,
      '}',
      '',
    ].join('\n'),
  );
  const unknown = unknownWhereBroken(sf);
  return {
    file: path.relative(outDir, sf.getFilePath()),
    clientEvents: plan.clientEvents.length,
    serverEvents: server.size,
    unknown,
  };
}

/**
 * The checker names a type of another module by its absolute path, `import("/…/out/types/sampled").Room`: one
 * in the output becomes relative to the events file, as the imports molt writes (`import("../types/sampled.js")`),
 * one of a package its name (`import("express-serve-static-core")`), so that the file reads the same anywhere.
 */
function portable(type: string, sf: SourceFile): string {
  return type.replace(/import\("([^"]+)"\)/g, (whole, target: string) => {
    if (!path.isAbsolute(target)) return whole;
    const inPackage = /\/node_modules\/(?:@types\/)?((?:@[^/]+\/)?[^/]+)(?:\/index)?$/.exec(target);
    if (inPackage) return `import("${inPackage[1]}")`;
    if (target.includes('/node_modules/')) return whole;
    return `import("${importSpecifier(sf.getFilePath(), target)}")`;
  });
}

/** A member whose printed type names something the file cannot reach becomes unknown. */
function unknownWhereBroken(sf: SourceFile): number {
  const broken = new Set(
    sf
      .getPreEmitDiagnostics()
      .map((d) => d.getLineNumber())
      .filter((l): l is number => l !== undefined),
  );
  if (!broken.size) return 0;
  const lines = sf.getFullText().split('\n');
  for (const line of broken) {
    lines[line - 1] = lines[line - 1]!.replace(/\(data: .*\) => void;$/, '(data: unknown) => void;').replace(
      /ack\?: Ack<.*>\) => void;$/,
      'ack?: Ack<object>) => void;',
    );
  }
  setText(sf, lines.join('\n'));
  return broken.size;
}
