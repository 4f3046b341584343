import type { Plugin } from './index.js';

const escape = (word: string): string => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const patterns = new WeakMap<readonly string[], RegExp | null>();

/** Built once per word list (the config's list lives as long as the process); null when there are no words. */
function patternFor(words: readonly string[]): RegExp | null {
  if (!patterns.has(words)) patterns.set(words, words.length ? new RegExp(`\\b(${words.map(escape).join('|')})\\b`, 'gi') : null);
  return patterns.get(words) ?? null;
}

export function maskProfanity(text: string, words: readonly string[]): string {
  const re = patternFor(words);
  return re ? text.replace(re, (w) => '*'.repeat(w.length)) : text;
}

/** Masks the configured words with asterisks, whole words, any case. */
export const profanity: Plugin = {
  name: 'profanity',
  beforeSave({ message }, { config }) {
    message.text = maskProfanity(message.text, config.profanity.words);
  },
};
