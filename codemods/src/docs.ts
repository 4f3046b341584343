/**
 * npm run docs:diagnostics writes codemods/docs/diagnostics.md from the code
 * catalog (src/diagnostics.ts), so the page and the codes cannot drift apart;
 * a test fails when the page is stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIAGNOSTICS } from './diagnostics.js';

export const DOC_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'diagnostics.md');

const FAMILIES: [RegExp, string][] = [
  [/^MOLT00/, 'files and units'],
  [/^MOLT01/, 'var-to-let-const'],
  [/^MOLT02/, 'functions, arrows, methods and self = this'],
  [/^MOLT03/, 'prototype-to-class'],
  [/^MOLT04|^MOLT14/, 'then-chain-to-await'],
  [/^MOLT05|^MOLT15/, 'cjs-to-esm'],
  [/^MOLT06[5-9]/, 'promisify-all'],
  [/^MOLT06|^MOLT17/, 'bluebird-statics'],
  [/^MOLT16/, 'js-to-ts'],
  [/^MOLT07|^MOLT18/, 'config-layers'],
];

function family(code: string): string {
  return FAMILIES.find(([re]) => re.test(code))?.[1] ?? 'other';
}

function severity(code: string): string {
  const n = Number(code.slice(4));
  // config-layers writes new files in place of old ones: what it could not port is missing from them
  if (n < 100 && family(code) === 'config-layers') return 'correctness: the old code did this and the written code does not; port it by hand';
  if (n < 100) return 'correctness: the site was left as it was, so meaning is kept';
  if (n < 200) return 'cleanup: the site was rewritten or kept, and a human should look at it';
  return 'style';
}

export function renderDoc(): string {
  const codes = Object.keys(DIAGNOSTICS).sort();
  const lines = [
    '# molt diagnostics',
    '',
    'Every site molt does not rewrite, or rewrites with a caveat, gets one of these codes in the per-file',
    'report (`molt-report.json`) and in `--json` output. `MOLT0xx`: correctness (declined so that meaning is',
    'kept, or a file left alone); `MOLT1xx`: cleanup left for a human; `MOLT2xx`: style.',
    '',
    'This page is generated from `codemods/src/diagnostics.ts` by `npm run docs:diagnostics`.',
    '',
    '| code | unit | kind |',
    '|---|---|---|',
    ...codes.map((c) => `| [${c}](#${c.toLowerCase()}) | ${family(c)} | ${severity(c).split(':')[0]} |`),
    '',
  ];
  for (const code of codes) {
    lines.push(`## ${code}`, '', `**${family(code)}** — ${severity(code)}.`, '', DIAGNOSTICS[code] ?? '', '');
  }
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  fs.mkdirSync(path.dirname(DOC_FILE), { recursive: true });
  fs.writeFileSync(DOC_FILE, renderDoc());
  console.log(`molt: wrote ${path.relative(process.cwd(), DOC_FILE)} (${Object.keys(DIAGNOSTICS).length} codes)`);
}
