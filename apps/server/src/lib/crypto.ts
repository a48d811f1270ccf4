import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import canonicalize from 'canonicalize';

/** SM3 (GB/T 32905) digest of a UTF-8 string, hex. */
export function sm3(text: string): string {
  return createHash('sm3').update(text, 'utf8').digest('hex');
}

/** HMAC-SM3 under `key`, hex. */
export function hmacSm3(key: string, text: string): string {
  return createHmac('sm3', key).update(text, 'utf8').digest('hex');
}

/** SHA-256 hex; used for lookup hashes of high-entropy tokens (not passwords). */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A URL-safe random token of `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Constant-time string comparison. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * RFC 8785 canonical JSON: the same value always serialises to the same bytes, whatever key order jsonb returns.
 * A lone surrogate (half a character, which RFC 8785 refuses) becomes U+FFFD, as it does on its way into
 * PostgreSQL's UTF-8, so hashing such a value never throws; well-formed values take the direct path.
 */
export function canonicalJson(value: unknown): string {
  try {
    return canonicalize(value) ?? 'null';
  } catch {
    return canonicalize(wellFormed(value)) ?? 'null';
  }
}

const LONE_SURROGATE = /\p{Cs}/gu;

/** Whether a string holds half a UTF-16 surrogate pair (not text; '\\ud800' in JSON). */
export const hasLoneSurrogate = (text: string): boolean => /\p{Cs}/u.test(text);

const wellFormedText = (text: string): string => text.replace(LONE_SURROGATE, '\ufffd');

function wellFormed(value: unknown): unknown {
  if (typeof value === 'string') return wellFormedText(value);
  if (Array.isArray(value)) return value.map(wellFormed);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [wellFormedText(k), wellFormed(v)]));
}
