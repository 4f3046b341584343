import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { SignJWT, jwtVerify } from 'jose';
import { AppError } from '../errors.js';

const scrypt = promisify(crypto.scrypt) as (password: string, salt: string, keylen: number) => Promise<Buffer>;
const KEYLEN = 32;

/** scrypt with a random salt: "scrypt$<salt>$<hash>" */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16).toString('hex');
  const key = await scrypt(password, salt, KEYLEN);
  return `scrypt$${salt}$${key.toString('hex')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const key = await scrypt(password, salt, KEYLEN);
  const expected = Buffer.from(hash, 'hex');
  return expected.length === key.length && crypto.timingSafeEqual(expected, key);
}

const MAX_TOKEN_LENGTH = 2048;

/** Rejected before any crypto: a token must be a non-empty string of sane length. */
function isTokenShaped(token: unknown): token is string {
  return typeof token === 'string' && token.length > 0 && token.length <= MAX_TOKEN_LENGTH;
}

/** jose's failure as the API names it: expired, or anything else (bad signature, garbage, no subject). */
function rejected(err: unknown): AppError {
  const expired = (err as { code?: string }).code === 'ERR_JWT_EXPIRED';
  return new AppError('UNAUTHORIZED', expired ? 'token expired' : 'unknown token');
}

/** Signed, expiring tokens (HS256): no session lookup on every request. */
export class Tokens {
  private readonly key: Uint8Array;
  constructor(
    secret: string,
    private readonly ttlSeconds: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  issue(userId: string): Promise<string> {
    return new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(userId).setIssuedAt().setExpirationTime(`${this.ttlSeconds}s`).sign(this.key);
  }

  /** the user id in a valid token; UNAUTHORIZED otherwise */
  async verify(token: unknown): Promise<string> {
    if (!isTokenShaped(token)) throw new AppError('UNAUTHORIZED', 'missing or malformed token');
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'] });
      if (typeof payload.sub !== 'string') throw new Error('no subject');
      return payload.sub;
    } catch (err) {
      throw rejected(err);
    }
  }
}
