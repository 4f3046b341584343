import type { RoomView, UserView } from '../src/domain/views.js';

/** What the page knows while someone is signed in; logging out starts it afresh. */
export interface ClientState {
  me: UserView | null;
  /** in the server's order */
  rooms: RoomView[];
  roomsLoaded: boolean;
  /** a direct room is labelled with the other member's name, once known */
  labels: Map<string, string>;
  unread: Record<string, number>;
  currentRoomId: string | null;
  hasMore: boolean;
  loadingOlder: boolean;
  /** bumped whenever the open room's history is (re)loaded: late answers for an earlier load are dropped */
  historySeq: number;
  lastTypingSent: number;
  typers: Map<string, { username: string; timer: number }>;
  /** roomId → the newest message id a read receipt went out for */
  lastRead: Map<string, string>;
  /** userId → username */
  users: Map<string, string>;
  userRequests: Map<string, Promise<UserView>>;
  /** missing: not known yet */
  online: Map<string, boolean>;
}

function freshState(): ClientState {
  return {
    me: null,
    rooms: [],
    roomsLoaded: false,
    labels: new Map(),
    unread: {},
    currentRoomId: null,
    hasMore: false,
    loadingOlder: false,
    historySeq: 0,
    lastTypingSent: 0,
    typers: new Map(),
    lastRead: new Map(),
    users: new Map(),
    userRequests: new Map(),
    online: new Map(),
  };
}

export const state: ClientState = freshState();

export function resetState(): void {
  Object.assign(state, freshState());
}

export const roomById = (roomId: string | null): RoomView | undefined => state.rooms.find((r) => r.id === roomId);
