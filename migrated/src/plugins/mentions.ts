import type { Plugin } from './index.js';

const MENTION_RE = /(^|[^A-Za-z0-9_.-])@([A-Za-z0-9_.-]{3,32})/g;

export function extractMentions(text: string): string[] {
  return [...new Set([...text.matchAll(MENTION_RE)].map((m) => m[2]!))];
}

/** @username of a room member → that member's id in `mentions`, in the order the text names them. */
export const mentions: Plugin = {
  name: 'mentions',
  async beforeSave({ message, room }, { store }) {
    const names = extractMentions(message.text);
    if (!names.length) {
      message.mentions = [];
      return;
    }
    const byName = new Map((await store.findUsersByName(names)).map((u) => [u.username, u]));
    message.mentions = names
      .map((name) => byName.get(name))
      .filter((u) => u !== undefined && room.members.includes(u._id))
      .map((u) => u!._id);
  },
};
