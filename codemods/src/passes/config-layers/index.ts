/**
 * config-layers: the config files copied by hand (misc/config-<env>.js → config.js,
 * read by a loader such as utils/config.js) → layered, typed config:
 *   conf/base.ts          what every environment shares
 *   config/<env>.ts       each environment's differences (a modifier's: from the environment it modifies)
 *   config/index.ts       the layers NODE_ENV / NODE_ENV_MODIFIER can name
 *   config/schema.ts      a zod schema with the types of the values found
 *   <loader>.ts           the new loader at the old one's path, same exports (default getConfig, load, reset)
 * Consumers keep their imports and calls; they get the typed Config through them.
 * A project unit: it reads several files and writes new ones, after the file units.
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import jscodeshift from 'jscodeshift';
import type { Diagnostic } from '../../unit.js';
import { baseFile, indexFile, layerFile, loaderFile, schemaFile } from './emit.js';
import { plan, type EnvInput } from './plan.js';
import { ENV_FILE, defaultEnvOf, readEnvFile, readLoader, type Finding } from './read.js';

const j = jscodeshift.withParser('babel');
const UNIT = 'config-layers';

export interface ProjectInput {
  /** the migrated .js sources (after the file units), by path relative to the root */
  sources: Map<string, string>;
  /** the other files of the tree, copied as they are */
  others: Map<string, string>;
}

export interface ProjectOutcome {
  /** files to write (new, or replacing a source or another file) */
  write: Map<string, string>;
  /** files not to write any more */
  remove: Set<string>;
  /** per file: sites rewritten */
  rewritten: Map<string, number>;
  diagnostics: Diagnostic[];
}

const toDiagnostic = (file: string, f: Finding): Diagnostic => ({
  code: f.code,
  unit: UNIT,
  file: f.file ?? file,
  line: f.line,
  message: f.message,
});

/** The module that loaded config.js: it names the file and exports a function by default (ESM or CommonJS). */
function findLoader(sources: Map<string, string>): string | null {
  const candidates = [...sources].filter(
    ([file, text]) =>
      !ENV_FILE.test(file) && /['"]config\.js['"]/.test(text) && /export default\b|module\.exports\s*=/.test(text),
  );
  return candidates.length === 1 ? candidates[0]![0] : null;
}

/** `import x from '<specifier>'` → x, for the imports of `target` in `file`. */
function defaultImports(root: ReturnType<typeof j>, file: string, target: string): { name: string; line: number }[] {
  const found: { name: string; line: number }[] = [];
  root.find(j.ImportDeclaration).forEach((p) => {
    const spec = String(p.node.source.value);
    if (!spec.startsWith('.') || path.posix.join(path.posix.dirname(file), spec) !== target) return;
    for (const s of p.node.specifiers ?? []) {
      if (s.type === 'ImportDefaultSpecifier' && s.local)
        found.push({ name: String(s.local.name), line: p.node.loc?.start.line ?? 0 });
    }
  });
  return found;
}

/** Consumers: count those that call the loader (typed now), and name the ones that use it otherwise. */
function consumers(input: ProjectInput, loaderJs: string, outcome: ProjectOutcome): void {
  for (const [file, source] of input.sources) {
    // an import of the loader names its file: the others need no parse
    if (file === loaderJs || !source.includes(path.posix.basename(loaderJs, '.js'))) continue;
    const root = j(source);
    const imports = defaultImports(root, file, loaderJs);
    if (!imports.length) continue;
    let calls = 0;
    for (const { name } of imports) {
      root
        .find(j.Identifier, { name })
        .filter((p) => p.parent.node.type !== 'ImportDefaultSpecifier')
        .forEach((p) => {
          const parent: any = p.parent.node;
          if (parent.type === 'CallExpression' && parent.callee === p.node) calls += 1;
          else {
            outcome.diagnostics.push({
              code: 'MOLT073',
              unit: UNIT,
              file,
              line: p.node.loc?.start.line ?? 0,
              message: `${name} is used other than as ${name}(); the new loader's default export is getConfig() only (load and reset are named exports)`,
            });
          }
        });
    }
    if (calls) outcome.rewritten.set(file, calls);
  }
}

/** Lines elsewhere that point at a config file copied by hand: a path to one (misc/config-dev.js), or the variable the old loader read it from. */
function oldPointers(
  input: ProjectInput,
  names: string[],
  variables: string[],
  skip: Set<string>,
  outcome: ProjectOutcome,
): void {
  const pattern = new RegExp(`config-(${names.join('|')})\\.js|\\b(${variables.join('|') || '(?!)'})\\b`);
  for (const [file, source] of input.sources) {
    if (skip.has(file)) continue;
    source.split('\n').forEach((line, i) => {
      if (/^\s*(\*|\/\/|\/\*)/.test(line) || !pattern.test(line)) return;
      outcome.diagnostics.push({
        code: 'MOLT075',
        unit: UNIT,
        file,
        line: i + 1,
        message: `points at a config file copied by hand (${pattern.exec(line)![0]}); set NODE_ENV / NODE_ENV_MODIFIER instead`,
      });
    });
  }
}

/** zod joins the dependencies of the package the loader is in. */
function addZod(others: Map<string, string>, outcome: ProjectOutcome): void {
  const text = others.get('package.json');
  if (!text) return;
  const pkg = JSON.parse(text) as { dependencies?: Record<string, string> };
  const version = (createRequire(import.meta.url)('zod/package.json') as { version: string }).version;
  pkg.dependencies = Object.fromEntries(
    Object.entries({ ...pkg.dependencies, zod: `^${version}` }).sort(([a], [b]) => a.localeCompare(b)),
  );
  outcome.write.set('package.json', JSON.stringify(pkg, null, 2) + '\n');
}

/**
 * The config files: config-<env>.js files side by side, two or more of them (one
 * config-parser.js in a library is no environment).
 */
function envFileSet(sources: Map<string, string>): string[] {
  const byDir = new Map<string, string[]>();
  for (const f of [...sources.keys()].filter((f) => ENV_FILE.test(f)).sort()) {
    byDir.set(path.posix.dirname(f), [...(byDir.get(path.posix.dirname(f)) ?? []), f]);
  }
  const sets = [...byDir.values()].filter((files) => files.length >= 2);
  return sets.length === 1 ? sets[0]! : [];
}

export function configLayers(input: ProjectInput): ProjectOutcome {
  const outcome: ProjectOutcome = { write: new Map(), remove: new Set(), rewritten: new Map(), diagnostics: [] };
  const envFiles = envFileSet(input.sources);
  if (!envFiles.length) return outcome;
  const decline = (file: string, message: string): ProjectOutcome => {
    outcome.diagnostics.push({ code: 'MOLT074', unit: UNIT, file, line: 0, message });
    return outcome;
  };
  const loaderJs = findLoader(input.sources);
  if (!loaderJs)
    return decline(
      envFiles[0]!,
      'config files found, but not the one module that loads config.js and exports a function by default',
    );
  for (const target of ['conf/base.ts', 'config/index.ts', 'config/schema.ts']) {
    if (input.sources.has(target.replace(/\.ts$/, '.js')) || input.others.has(target))
      return decline(envFiles[0]!, `${target} exists already`);
  }
  const envs: EnvInput[] = [];
  for (const file of envFiles) {
    const tree = readEnvFile(input.sources.get(file)!);
    if (!tree)
      return decline(file, 'its export is not an object literal of plain keys (a computed key, a method or a spread)');
    envs.push({ name: ENV_FILE.exec(file)![1]!, file, tree });
  }
  const loader = readLoader(input.sources.get(loaderJs)!);
  const layered = plan(envs, loader);

  const script = [...input.others].find(
    ([file, text]) => file.endsWith('.sh') && /config\.js/.test(text) && /config-/.test(text),
  );
  const names = envs.map((e) => e.name);
  const scripted = script ? defaultEnvOf(script[1]) : null;
  const defaultEnv =
    scripted && names.includes(scripted)
      ? scripted
      : (['development', 'dev'].find((n) => names.includes(n)) ?? names[0]!);

  outcome.write.set('conf/base.ts', baseFile(layered, envFiles));
  for (const layer of layered.layers) outcome.write.set(`config/${layer.name}.ts`, layerFile(layer));
  outcome.write.set('config/index.ts', indexFile(layered.layers, defaultEnv));
  outcome.write.set('config/schema.ts', schemaFile(layered, envFiles));
  const loaderTs = loaderJs.replace(/\.js$/, '.ts');
  // a CommonJS loader has CommonJS consumers: require() of the new ES module must still return getConfig
  const required = !/export default\b/.test(input.sources.get(loaderJs)!);
  outcome.write.set(
    loaderTs,
    loaderFile(layered, path.posix.relative(path.posix.dirname(loaderJs), '.'), loaderJs, required),
  );
  for (const file of [...envFiles, loaderJs]) outcome.remove.add(file);
  if (script) outcome.remove.add(script[0]);
  addZod(input.others, outcome);
  outcome.rewritten.set(loaderTs, layered.envVars.length + loader.enums.size);
  for (const layer of layered.layers) outcome.rewritten.set(`config/${layer.name}.ts`, layer.leaves.size);
  outcome.rewritten.set('conf/base.ts', layered.base.size);

  for (const f of [...loader.declined, ...layered.findings]) outcome.diagnostics.push(toDiagnostic(loaderJs, f));
  // 'module.exports': cjs-to-esm's name for require(esm), which the new loader's default export serves
  const kept = loader.exports.filter((name) => !['load', 'reset', 'module.exports'].includes(name));
  for (const name of kept) {
    outcome.diagnostics.push({
      code: 'MOLT073',
      unit: UNIT,
      file: loaderJs,
      line: 0,
      message: `export ${name} of the old loader has no twin in the new one; its importers must change`,
    });
  }
  consumers(input, loaderJs, outcome);
  const variables = loader.declined
    .filter((d) => d.code === 'MOLT075')
    .flatMap((d) => /process\.env\.(\w+)/.exec(d.message)?.[1] ?? []);
  oldPointers(input, names, variables, new Set([...envFiles, loaderJs]), outcome);
  return outcome;
}
