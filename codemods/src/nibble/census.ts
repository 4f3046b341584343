import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { listTree } from '../files.js';
import { findUnit } from '../registry.js';
import type { Safety } from '../unit.js';
import { eslintConfig, NIBBLE_RULES, ruleOf } from './rules.js';

export interface RuleCount {
  rule: string;
  sites: number;
  /** files with at least one site, relative to the tree, sorted */
  files: string[];
  unit: string | null;
  safety: Safety | 'none';
}

export interface Census {
  /** .js files linted (the ones molt migrates: public/ browser code is left out) */
  files: number;
  total: number;
  rows: RuleCount[];
  /** files eslint could not parse, with its message */
  unparsed: { file: string; message: string }[];
}

const sourceTypeConfig = (sourceType: 'commonjs' | 'module'): Linter.Config[] =>
  eslintConfig().map((c) => ({ ...c, languageOptions: { ...c.languageOptions, sourceType } }));

/** lints the tree with the nibble rule set: sites per rule */
export async function census(dir: string): Promise<Census> {
  const root = path.resolve(dir);
  const files = listTree(root).transform;
  const lint = (sourceType: 'commonjs' | 'module', rels: string[]): Promise<ESLint.LintResult[]> =>
    new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: sourceTypeConfig(sourceType) }).lintFiles(
      rels.map((f) => path.join(root, f)),
    );
  const fatal = (r: ESLint.LintResult): boolean => r.messages.some((m) => m.fatal);
  const scripts = await lint('commonjs', files);
  // files cjs-to-esm already turned into modules do not parse as scripts: lint those as modules
  const retry = scripts.filter(fatal).map((r) => path.relative(root, r.filePath));
  const modules = retry.length ? await lint('module', retry) : [];
  const results = [...scripts.filter((r) => !fatal(r)), ...modules];

  const byRule = new Map<string, { sites: number; files: Set<string> }>();
  const unparsed: Census['unparsed'] = [];
  for (const result of results) {
    const rel = path.relative(root, result.filePath).split(path.sep).join('/');
    for (const m of result.messages) {
      if (m.fatal) unparsed.push({ file: rel, message: m.message });
      const rule = ruleOf(m);
      if (!rule) continue;
      const entry = byRule.get(rule) ?? { sites: 0, files: new Set<string>() };
      entry.sites += 1;
      entry.files.add(rel);
      byRule.set(rule, entry);
    }
  }
  const rows = NIBBLE_RULES.map((r): RuleCount => {
    const entry = byRule.get(r.name);
    return {
      rule: r.name,
      sites: entry?.sites ?? 0,
      files: [...(entry?.files ?? [])].sort(),
      unit: r.unit,
      safety: r.unit ? findUnit(r.unit).safety : 'none',
    };
  });
  return { files: files.length, total: rows.reduce((n, r) => n + r.sites, 0), rows, unparsed };
}
