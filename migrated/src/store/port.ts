/**
 * The storage port: what the domain needs from a store, and nothing of how.
 * Adapters: embedded (@seald-io/nedb, the default), MongoDB and Redis (shared by several processes).
 * Times are epoch milliseconds; ids are strings from ids.ts.
 */
export interface UserDoc {
  _id: string;
  username: string;
  passwordHash: string;
  createdAt: number;
}

/** what the chat needs of the acting user: a socket keeps only this for its whole life, not the stored document */
export type UserRef = Pick<UserDoc, '_id' | 'username'>;

export interface RoomDoc {
  _id: string;
  name: string;
  type: 'group' | 'direct';
  members: string[];
  createdBy: string;
  createdAt: number;
  /** sorted "a:b" of the two users of a direct room */
  directKey?: string;
}

export interface MessageDoc {
  _id: string;
  roomId: string;
  userId: string;
  username: string;
  text: string;
  type: 'text' | 'action' | 'command';
  clientId: string | null;
  mentions: string[];
  recalled: boolean;
  createdAt: number;
  /** "userId:clientId", unique: a retried send is stored once */
  dedupeKey?: string;
}

export interface ReceiptDoc {
  key: string;
  userId: string;
  roomId: string;
  lastReadId: string;
  updatedAt: number;
}

/** Thrown by insert* when a unique key (username, directKey, dedupeKey) is taken. */
export class DuplicateKeyError extends Error {
  constructor(readonly field: string) {
    super(`duplicate ${field}`);
    this.name = 'DuplicateKeyError';
  }
}

/**
 * `work`, or what `onDuplicate` answers when it fails with a DuplicateKeyError (any other error goes on):
 * the seed's `.catch(isDuplicateKey, ...)` for the races a unique key settles.
 */
export async function onDuplicateKey<T>(work: Promise<T>, onDuplicate: (err: DuplicateKeyError) => Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof DuplicateKeyError) return onDuplicate(err);
    throw err;
  }
}

export interface Store {
  readonly kind: 'nedb' | 'mongo' | 'redis';
  insertUser(user: UserDoc): Promise<void>;
  findUser(id: string): Promise<UserDoc | null>;
  findUserByName(username: string): Promise<UserDoc | null>;
  findUsers(ids: string[]): Promise<UserDoc[]>;
  findUsersByName(usernames: string[]): Promise<UserDoc[]>;

  insertRoom(room: RoomDoc): Promise<void>;
  findRoom(id: string): Promise<RoomDoc | null>;
  findDirectRoom(directKey: string): Promise<RoomDoc | null>;
  /** the rooms `userId` is a member of, oldest first */
  roomsOf(userId: string): Promise<RoomDoc[]>;
  addMember(roomId: string, userId: string): Promise<void>;
  removeMember(roomId: string, userId: string): Promise<void>;

  insertMessage(message: MessageDoc): Promise<void>;
  findMessage(id: string): Promise<MessageDoc | null>;
  findMessageByDedupeKey(key: string): Promise<MessageDoc | null>;
  /** newest first, ids below `before` when given, at most `limit` */
  messagesBefore(roomId: string, before: string | null, limit: number): Promise<MessageDoc[]>;
  markRecalled(id: string, at: number): Promise<void>;
  /** messages in the room by others, not recalled, with ids above `afterId` */
  countUnread(roomId: string, afterId: string | null, exceptUserId: string): Promise<number>;

  findReceipt(key: string): Promise<ReceiptDoc | null>;
  /** sets lastReadId when it moves forward; resolves whether it moved */
  advanceReceipt(receipt: ReceiptDoc): Promise<boolean>;

  /** reachable and answering (readiness) */
  ping(): Promise<void>;
  close(): Promise<void>;
}
