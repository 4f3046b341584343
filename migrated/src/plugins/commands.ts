import crypto from 'node:crypto';
import type { Plugin } from './index.js';

/** /me and /roll; any other /word stays plain text. */
export const commands: Plugin = {
  name: 'commands',
  beforeSave({ message }) {
    const match = /^\/(\w+)(?:\s+([\s\S]*))?$/.exec(message.text.trim());
    if (!match) return;
    const command = match[1]!.toLowerCase();
    const rest = (match[2] ?? '').trim();
    if (command === 'me' && rest) {
      message.type = 'action';
      message.text = rest;
    } else if (command === 'roll') {
      let sides = /^\d+$/.test(rest) ? Number(rest) : 6;
      if (sides < 2 || sides > 1000) sides = 6;
      message.type = 'command';
      // crypto, not Math.random: people bet on these
      message.text = `rolled ${crypto.randomInt(1, sides + 1)} (1-${sides})`;
    }
  },
};
