import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * The optional CAPTCHA-free proof of work of the public report (issue 17), per tenant: the server hands out a
 * signed challenge; the page finds a nonce whose SHA-256 of `challenge:nonce` starts with `bits` zero bits (about
 * 2^bits hashes: 16 bits ≈ 65,000, a second or less on an old phone, in a worker so the page stays usable); the
 * server checks it in one hash. It costs a person nothing and a flood of scripted reports a lot.
 */

/** The number of leading zero bits of a digest. */
export function leadingZeroBits(digest: Uint8Array): number {
  let n = 0;
  for (const byte of digest) {
    if (byte === 0) {
      n += 8;
      continue;
    }
    return n + Math.clz32(byte) - 24;
  }
  return n;
}

/** Whether `nonce` answers `challenge` at `bits`. */
export function proofHolds(challenge: string, nonce: number, bits: number): boolean {
  return leadingZeroBits(sha256(utf8ToBytes(`${challenge}:${nonce}`))) >= bits;
}

/** Tries nonces from `from` for at most `tries`; the first that holds, or null (call again from `from + tries`). */
export function searchProof(challenge: string, bits: number, from: number, tries: number): number | null {
  for (let nonce = from; nonce < from + tries; nonce++) if (proofHolds(challenge, nonce, bits)) return nonce;
  return null;
}

