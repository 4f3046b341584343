/** The error catalogue: every failure a client sees is one of these codes. */
export const ERROR_STATUS = {
  VALIDATION_ERROR: 400,
  INVALID_JSON: 400,
  TEXT_TOO_LONG: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHORIZED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  NOT_MEMBER: 403,
  NOT_AUTHOR: 403,
  RECALL_EXPIRED: 403,
  USER_NOT_FOUND: 404,
  ROOM_NOT_FOUND: 404,
  MESSAGE_NOT_FOUND: 404,
  NOT_FOUND: 404,
  USERNAME_TAKEN: 409,
  RATE_LIMITED: 429,
  NO_SERVER_AVAILABLE: 503,
  INTERNAL_ERROR: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }

  toJSON(): ErrorPayload {
    return { code: this.code, message: this.message };
  }
}

/** What a client is told: the code and message of an AppError, nothing of anything else. */
export function toPayload(err: unknown): ErrorPayload {
  if (err instanceof AppError) return err.toJSON();
  return { code: 'INTERNAL_ERROR', message: 'internal error' };
}

export function statusOf(err: unknown): number {
  return err instanceof AppError ? err.status : 500;
}
