import type { Plugin } from './index.js';

export interface PushEntry {
  type: 'message' | 'mention';
  userId: string;
  roomId: string;
  messageId: string;
}

/** Where push entries go: the redis list `parrot:push` the push gateway pops from. */
export interface PushSink {
  push(entries: PushEntry[]): Promise<void>;
}

/** Offline members, and mentioned members, get a push entry. A lost push never fails the message. */
export const push: Plugin = {
  name: 'push',
  async afterSave({ message, room }, { pushSink, broadcaster }) {
    if (!pushSink) return;
    const others = room.members.filter((id) => id !== message.userId);
    try {
      const online = (await broadcaster.online(others)) ?? new Set<string>();
      const entries: PushEntry[] = others
        .filter((id) => message.mentions.includes(id) || !online.has(id))
        .map((userId) => ({
          type: message.mentions.includes(userId) ? 'mention' : 'message',
          userId,
          roomId: message.roomId,
          messageId: message._id,
        }));
      if (entries.length) await pushSink.push(entries);
    } catch {
      // the gateway is best effort by design; the message itself is stored and acked
    }
  },
};
