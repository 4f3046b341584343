import type { MessageDoc, RoomDoc, UserDoc } from '../store/port.js';

/** The wire shapes of harness/PROTOCOL.md. */
export interface UserView {
  id: string;
  username: string;
  createdAt: string;
}

export interface RoomView {
  id: string;
  name: string;
  type: 'group' | 'direct';
  members: string[];
  createdBy: string;
  createdAt: string;
}

export interface MessageView {
  id: string;
  roomId: string;
  userId: string;
  username: string;
  text: string;
  type: 'text' | 'action' | 'command';
  clientId: string | null;
  mentions: string[];
  createdAt: string;
  recalled: boolean;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export const userView = (u: UserDoc): UserView => ({ id: u._id, username: u.username, createdAt: iso(u.createdAt) });

export const roomView = (r: RoomDoc): RoomView => ({
  id: r._id,
  name: r.name,
  type: r.type,
  members: r.members,
  createdBy: r.createdBy,
  createdAt: iso(r.createdAt),
});

export const messageView = (m: MessageDoc): MessageView => ({
  id: m._id,
  roomId: m.roomId,
  userId: m.userId,
  username: m.username,
  text: m.recalled ? '' : m.text,
  type: m.type,
  clientId: m.clientId ?? null,
  mentions: m.mentions ?? [],
  createdAt: iso(m.createdAt),
  recalled: !!m.recalled,
});
