/**
 * The robustness corpus: real ES5 packages, as published years ago, that molt
 * must get through without crashing, without breaking the syntax and without
 * changing its own output on a second run (codemods/test/corpus.test.ts).
 *
 *   npx tsx codemods/corpus/fetch.ts      # or: node --import tsx codemods/corpus/fetch.ts
 *
 * Each package is `npm pack`ed (from npm's cache when it is there) into
 * packages/.tarballs/ and unpacked into packages/<name>@<version>/. Both steps are
 * skipped for what is already present, so a second call does nothing and a
 * machine that has the tarballs needs no registry. packages/ is git-ignored.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CorpusPackage {
  name: string;
  version: string;
  /** why it is in the corpus */
  why: string;
}

/** Plain ES5 CommonJS/UMD code from 2014–2016, of different styles and sizes. */
export const CORPUS: CorpusPackage[] = [
  { name: 'async', version: '1.5.2', why: 'one big callback-style file, nested closures in loops' },
  { name: 'underscore', version: '1.8.3', why: 'UMD module, heavy use of `arguments` and `this`' },
  { name: 'q', version: '1.4.1', why: 'promise library, prototype classes, many vars declared in blocks' },
  { name: 'bluebird', version: '2.11.0', why: 'many small CommonJS modules plus a browser bundle' },
  { name: 'express', version: '4.13.4', why: 'the framework legacy parrot runs on, prototype mixins' },
  { name: 'request', version: '2.67.0', why: 'prototype-based HTTP client split over lib/' },
  { name: 'lodash', version: '3.10.1', why: '400 one-function modules and a 400 KB monolith (skipped by size)' },
  { name: 'commander', version: '2.9.0', why: 'a single-file CLI parser with constructor functions' },
  {
    name: 'node-uuid',
    version: '1.4.7',
    why: 'tiny UMD module; its test uses an octal literal that no module parser accepts',
  },
];

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const PACKAGES_DIR = path.join(HERE, 'packages');
const TARBALLS = path.join(PACKAGES_DIR, '.tarballs');
/** written last: a folder without it is an interrupted unpack and is redone */
const MARKER = '.molt-corpus.json';

export const packageDir = (p: CorpusPackage): string => path.join(PACKAGES_DIR, `${p.name}@${p.version}`);
const tarball = (p: CorpusPackage): string => path.join(TARBALLS, `${p.name}-${p.version}.tgz`);

/** true when every corpus package is unpacked */
export function corpusPresent(): boolean {
  return CORPUS.every((p) => fs.existsSync(path.join(packageDir(p), MARKER)));
}

export interface FetchReport {
  packed: string[];
  unpacked: string[];
  present: string[];
}

/**
 * Packs and unpacks whatever is missing. Throws an Error that says what failed
 * and what is needed (the npm registry, or the tarball in packages/.tarballs/).
 */
export async function fetchCorpus(log: (line: string) => void = () => {}): Promise<FetchReport> {
  const report: FetchReport = { packed: [], unpacked: [], present: [] };
  fs.mkdirSync(TARBALLS, { recursive: true });
  const missing = CORPUS.filter((p) => !fs.existsSync(path.join(packageDir(p), MARKER)));
  report.present = CORPUS.filter((p) => !missing.includes(p)).map((p) => `${p.name}@${p.version}`);

  const toPack = missing.filter((p) => !fs.existsSync(tarball(p)));
  if (toPack.length) {
    const specs = toPack.map((p) => `${p.name}@${p.version}`);
    log(`corpus: npm pack ${specs.join(' ')}`);
    try {
      // one npm call for all of them; --prefer-offline takes npm's cache without asking the registry
      await run(
        'npm',
        ['pack', ...specs, '--pack-destination', TARBALLS, '--prefer-offline', '--loglevel=error', '--ignore-scripts'],
        {
          cwd: TARBALLS,
          timeout: 180_000,
          maxBuffer: 16 * 1024 * 1024,
        },
      );
    } catch (err) {
      const e = err as Error & { stderr?: string };
      const said = (e.stderr ?? '').split('\n').filter((l) => /^npm (error|ERR!)/.test(l) && !/log of this run/.test(l));
      const detail = (said.length ? said.slice(0, 4).join(' | ') : e.message.split('\n')[0]) ?? '';
      throw new Error(
        `corpus: could not fetch ${specs.join(', ')} with \`npm pack\` (it needs the npm registry, or the tarballs already in ${path.relative(process.cwd(), TARBALLS)}): ${detail}`,
      );
    }
    for (const p of toPack) {
      if (!fs.existsSync(tarball(p))) throw new Error(`corpus: npm pack ran but ${tarball(p)} is not there`);
      report.packed.push(`${p.name}@${p.version}`);
    }
  }

  for (const p of missing) {
    const dest = packageDir(p);
    const tmp = fs.mkdtempSync(path.join(PACKAGES_DIR, `.unpack-${p.name}-`));
    try {
      // npm tarballs hold one top folder (usually package/): strip it
      await run(
        'tar',
        ['-xzf', tarball(p), '-C', tmp, '--strip-components=1', '--no-same-owner', '--no-same-permissions'],
        {
          maxBuffer: 16 * 1024 * 1024,
        },
      );
      fs.writeFileSync(
        path.join(tmp, MARKER),
        JSON.stringify({ name: p.name, version: p.version, why: p.why }, null, 2) + '\n',
      );
      fs.rmSync(dest, { recursive: true, force: true });
      fs.renameSync(tmp, dest);
    } catch (err) {
      fs.rmSync(tmp, { recursive: true, force: true });
      const e = err as Error & { stderr?: string };
      throw new Error(
        `corpus: could not unpack ${tarball(p)}: ${(e.stderr || e.message).trim().split('\n').slice(-2).join(' | ')}`,
      );
    }
    report.unpacked.push(`${p.name}@${p.version}`);
    log(`corpus: unpacked ${p.name}@${p.version}`);
  }
  return report;
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  try {
    const r = await fetchCorpus((line) => console.log(line));
    console.log(
      `corpus: ${CORPUS.length} packages in ${path.relative(process.cwd(), PACKAGES_DIR) || '.'}: ` +
        `${r.packed.length} packed, ${r.unpacked.length} unpacked, ${r.present.length} already there`,
    );
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
  }
}
