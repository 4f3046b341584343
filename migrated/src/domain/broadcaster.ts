import type { MessageView } from './views.js';

/** Server → client events (the wire names never change). */
export interface ServerToClientEvents {
  message: (message: MessageView) => void;
  typing: (data: { roomId: string; userId: string; username: string }) => void;
  read: (data: { roomId: string; userId: string; messageId: string }) => void;
  recalled: (data: { roomId: string; messageId: string }) => void;
  presence: (data: { userId: string; online: boolean }) => void;
}

export type RoomEvent = keyof ServerToClientEvents;

/**
 * How the domain reaches sockets, wherever they are: the Socket.io server (with
 * the redis adapter across nodes) in socket processes, the redis emitter in a
 * REST-only process.
 */
export interface Broadcaster {
  toRoom<E extends RoomEvent>(roomId: string, event: E, data: Parameters<ServerToClientEvents[E]>[0], exceptSocketId?: string): void;
  /** subscribe / unsubscribe every socket of a user, on every node */
  joinUser(userId: string, roomId: string): void;
  leaveUser(userId: string, roomId: string): void;
  /** which of these users have a socket anywhere; null when it cannot be known (no socket server here) */
  online(userIds: string[]): Promise<Set<string> | null>;
}

export const roomKey = (roomId: string): string => `room:${roomId}`;
export const userKey = (userId: string): string => `user:${userId}`;
