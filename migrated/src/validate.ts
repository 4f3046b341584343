import { AppError } from './errors.js';
import { isId } from './ids.js';

/**
 * Input checks shared by REST and socket handlers. The messages are the ones
 * legacy gave, so the differential replay sees the same answers.
 */
const USERNAME_RE = /^[A-Za-z0-9_.-]{3,32}$/;

const invalid = (message: string): AppError => new AppError('VALIDATION_ERROR', message);

export type Payload = Record<string, unknown>;

function isPlainObject(value: unknown): value is Payload {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requireObject(value: unknown, what = 'payload'): Payload {
  if (!isPlainObject(value)) throw invalid(`${what} must be an object`);
  return value;
}

export function requireString(value: unknown, field: string, min?: number, max?: number): string {
  if (typeof value !== 'string') throw invalid(`${field} must be a string`);
  if (min !== undefined && value.length < min) throw invalid(`${field} must be at least ${min} characters`);
  if (max !== undefined && value.length > max) throw invalid(`${field} must be at most ${max} characters`);
  return value;
}

export function requireId(value: unknown, field: string): string {
  if (!isId(value)) throw invalid(`${field} must be an id`);
  return value;
}

export function optionalId(value: unknown, field: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  return requireId(value, field);
}

export function username(value: unknown): string {
  const name = requireString(value, 'username');
  if (!USERNAME_RE.test(name)) throw invalid('username must be 3-32 characters of letters, digits, _ . -');
  return name;
}

export function password(value: unknown): string {
  return requireString(value, 'password', 6, 128);
}

export function roomName(value: unknown, max: number): string {
  const name = requireString(value, 'name').trim();
  if (name.length === 0) throw invalid('name must not be empty');
  if (name.length > max) throw invalid(`name must be at most ${max} characters`);
  return name;
}

export function messageText(value: unknown, max: number): string {
  const text = requireString(value, 'text');
  if (text.trim().length === 0) throw invalid('text must not be empty');
  if (text.length > max) throw new AppError('TEXT_TOO_LONG', `text must be at most ${max} characters`);
  return text;
}

export function clientId(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return requireString(value, 'clientId', 1, 64);
}

export function limit(value: unknown, def: number, max: number): number {
  if (value === undefined || value === null || value === '') return def;
  const n = Number(value);
  if (!/^\d+$/.test(String(value)) || n < 1 || n > max) throw invalid(`limit must be an integer from 1 to ${max}`);
  return n;
}

export function idList(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(`${field} must be an array of ids`);
  if (value.length > 500) throw invalid(`${field} must have at most 500 entries`);
  return value.map((v) => requireId(v, `${field}[]`));
}
