import { STAGE_NAMES } from './stages.js';

export interface Options {
  selected: Set<string>;
  /** stages left out by --only/--skip */
  left: Set<string>;
  json: boolean;
  jobs: number;
}

export class UsageError extends Error {}

export const USAGE =
  'usage: npm start -- [--only <stage[,stage]>] [--skip <stage[,stage]>] [--json] [--jobs N]\n' +
  `stages: ${STAGE_NAMES.join(', ')}`;

function names(flag: string, value: string | undefined): string[] {
  if (!value || value.startsWith('--')) throw new UsageError(`${flag} needs a comma-separated list of stages`);
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = list.filter((n) => !STAGE_NAMES.includes(n));
  if (unknown.length) throw new UsageError(`unknown stage${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
  return list;
}

export function parseArgs(argv: string[]): Options {
  let only: string[] | null = null;
  const skip: string[] = [];
  let json = false;
  let jobs = 3;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    if (flag === '--only') only = [...(only ?? []), ...names(flag, value())];
    else if (flag === '--skip') skip.push(...names(flag, value()));
    else if (flag === '--json') json = true;
    else if (flag === '--jobs') {
      const raw = value();
      jobs = Number(raw);
      if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs needs a whole number >= 1, not ${raw ?? 'nothing'}`);
    } else throw new UsageError(`unknown argument: ${arg}`);
  }
  const selected = new Set(STAGE_NAMES.filter((n) => (only ? only.includes(n) : true) && !skip.includes(n)));
  const left = new Set(STAGE_NAMES.filter((n) => !selected.has(n)));
  return { selected, left, json, jobs };
}
