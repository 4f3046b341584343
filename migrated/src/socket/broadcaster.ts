import { roomKey, userKey, type Broadcaster } from '../domain/broadcaster.js';
import type { ParrotServer } from './server.js';

/**
 * The domain's broadcaster over a Socket.io server. With the redis adapter every
 * call reaches every node, including from a REST-only process, whose server is
 * not attached to any HTTP server and only takes part in the adapter.
 */
export function socketBroadcaster(io: ParrotServer, canSeeSockets: boolean): Broadcaster {
  return {
    toRoom(roomId, event, data, exceptSocketId) {
      const target = io.to(roomKey(roomId));
      const room = exceptSocketId ? target.except(exceptSocketId) : target;
      // Broadcaster.toRoom already ties `data` to `event`; socket.io's generic emit cannot see that through E
      (room.emit as (e: string, d: unknown) => boolean).call(room, event, data);
    },
    joinUser(userId, roomId) {
      io.in(userKey(userId)).socketsJoin(roomKey(roomId));
    },
    leaveUser(userId, roomId) {
      io.in(userKey(userId)).socketsLeave(roomKey(roomId));
    },
    async online(userIds) {
      if (!canSeeSockets || !userIds.length) return null;
      const sockets = await io.in(userIds.map(userKey)).fetchSockets();
      return new Set(sockets.map((s) => s.data.user._id));
    },
  };
}
