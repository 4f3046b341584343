import crypto from 'node:crypto';

/**
 * Ids that sort in creation order as plain strings (message paging relies on it):
 * 9 chars of base36 milliseconds, 3 of a per-process sequence, 4 random. The same
 * format as legacy, so ids stored by either read the same.
 */
let lastTs = 0;
let seq = 0;

export function nextId(): string {
  let now = Date.now();
  if (now <= lastTs) {
    now = lastTs;
    seq += 1;
    if (seq >= 36 ** 3) {
      now = lastTs + 1;
      seq = 0;
    }
  } else {
    seq = 0;
  }
  lastTs = now;
  return now.toString(36).padStart(9, '0') + seq.toString(36).padStart(3, '0') + crypto.randomBytes(2).toString('hex');
}

export function isId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-z]{16}$/.test(value);
}
