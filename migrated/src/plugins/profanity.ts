import type { Plugin } from './index.js';

const escape = (word: string): string => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const patterns = new WeakMap<readonly string[], RegExp | null>();

export function maskProfanity(text: string, words: readonly string[]): string {
  if (!patterns.has(words)) patterns.set(words, words.length ? new RegExp(`\\b(${words.map(escape).join('|')})\\b`, 'gi') : null);
  const re = patterns.get(words);
  return re ? text.replace(re, (w) => '*'.repeat(w.length)) : text;
}

/** Masks the configured words with asterisks, whole words, any case. */
export const profanity: Plugin = {
  name: 'profanity',
  beforeSave({ message }, { config }) {
    message.text = maskProfanity(message.text, config.profanity.words);
  },
};
