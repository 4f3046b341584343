import readline from 'node:readline';
import type { Census } from './census.js';
import { grid, TABLE_HEADER, tableRow } from './table.js';

const INVERSE = '\x1b[7m';
const RESET = '\x1b[0m';

/**
 * The table as a menu on a TTY: ↑/↓ (or k/j) move between rules a molt unit fixes, a row number
 * picks that row, Enter confirms, q / Esc / Ctrl-C quits. Resolves to the rule, or null.
 */
export function pickRule(c: Census, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stdout): Promise<string | null> {
  const pickable = c.rows.map((r, i) => (r.unit && r.sites > 0 ? i : -1)).filter((i) => i >= 0);
  if (!pickable.length) return Promise.resolve(null);
  let cursor = pickable[0] ?? 0;
  let typed = '';
  let note = '';
  let drawn = 0;

  const lines = grid(['#', ...TABLE_HEADER], c.rows.map((r, i) => [String(i + 1), ...tableRow(r)]));
  const draw = (): void => {
    if (drawn) output.write(`\x1b[${drawn}A\x1b[0J`);
    const screen = [
      ...lines.slice(0, 2).map((l) => `  ${l}`),
      ...lines.slice(2).map((l, i) => (i === cursor ? `${INVERSE}› ${l}${RESET}` : `  ${l}`)),
      '',
      `↑/↓ move, a number picks a row, Enter applies, q quits${typed ? `   row: ${typed}` : ''}`,
      note,
    ];
    output.write(`${screen.join('\n')}\n`);
    drawn = screen.length;
  };

  return new Promise((resolve) => {
    readline.emitKeypressEvents(input);
    const raw = input.isTTY;
    if (raw) input.setRawMode(true);
    input.resume();
    const finish = (rule: string | null): void => {
      input.off('keypress', onKey);
      if (raw) input.setRawMode(false);
      input.pause();
      resolve(rule);
    };
    const move = (by: number): void => {
      const at = pickable.indexOf(cursor);
      cursor = pickable[Math.min(pickable.length - 1, Math.max(0, at + by))] ?? cursor;
    };
    const onKey = (str: string | undefined, key: readline.Key | undefined): void => {
      note = '';
      const name = key?.name;
      if ((key?.ctrl && name === 'c') || name === 'escape' || name === 'q') return finish(null);
      if (name === 'up' || name === 'k') move(-1);
      else if (name === 'down' || name === 'j') move(1);
      else if (name === 'backspace') typed = typed.slice(0, -1);
      else if (str && /^[0-9]$/.test(str)) {
        typed += str;
        const row = Number(typed) - 1;
        if (pickable.includes(row)) cursor = row;
        else note = c.rows[row] ? `${c.rows[row]?.rule}: nothing a molt unit can fix` : `no row ${typed}`;
        if (!c.rows[Number(`${typed}0`) - 1]) typed = ''; // no longer row number starts with these digits
      } else if (name === 'return' || name === 'enter') return finish(c.rows[cursor]?.rule ?? null);
      draw();
    };
    input.on('keypress', onKey);
    draw();
  });
}
