import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';

/**
 * The optional CAPTCHA-free proof of work of the public report (issue 17), per tenant: the server hands out a
 * signed challenge; the page finds a nonce whose SHA-256 of `challenge:nonce` starts with `bits` zero bits (about
 * 2^bits hashes: 16 bits ≈ 65,000, a second or less on an old phone, in a worker so the page stays usable); the
 * server checks it in one hash. It costs a person nothing and a flood of scripted reports a lot.
 */

/** How long a challenge may be answered (ms): long enough to fill in the form on a slow phone. */
export const POW_CHALLENGE_TTL_MS = 30 * 60_000;

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

/** A challenge as the server hands it out. */
export type PowChallenge = { challenge: string; bits: number; expiresAt: string };

/** A proof sent with a report or a follow. */
export const citizenProofSchema = z.object({
  challenge: z.string().min(1).max(200, { error: '验证数据无效，请刷新页面后重试' }),
  nonce: z.number().int().min(0).max(2 ** 40),
});
export type CitizenProof = z.infer<typeof citizenProofSchema>;

const originSchema = z
  .string()
  .trim()
  .regex(/^(\*|https?:\/\/[a-z0-9.-]+(:\d{1,5})?)$/i, { error: '来源应为 * 或 https://域名[:端口]（不带路径）' })
  .transform((v) => v.toLowerCase());

/** A tenant's settings of the citizens' channel (citizen_settings.settings). */
export const citizenSettingsSchema = z.object({
  /** 群众上报防刷验证: the public report and follow require a proof of work. Off by default. */
  proofOfWork: z.boolean().default(false),
  /** Its difficulty in leading zero bits (each bit doubles the work). */
  proofBits: z.number().int().min(8, { error: '难度至少 8' }).max(24, { error: '难度不超过 24（老旧手机要算很久）' }).default(16),
  /** Browser origins allowed to call the tenant's Open311 endpoint (CORS); `*` for any. None by default. */
  open311Origins: z.array(originSchema).max(20, { error: '最多 20 个来源' }).default([]),
});
export type CitizenSettings = z.output<typeof citizenSettingsSchema>;

/** The stored settings completed with defaults; anything unreadable falls back to the defaults. */
export function readCitizenSettings(raw: unknown): CitizenSettings {
  const r = citizenSettingsSchema.safeParse(raw ?? {});
  return r.success ? r.data : citizenSettingsSchema.parse({});
}

/** The CORS origin to answer for a request's Origin, or null when it is not allowed. */
export function allowedOrigin(origins: readonly string[], origin: string | undefined): string | null {
  if (!origin) return null;
  if (origins.includes('*')) return '*';
  return origins.includes(origin.toLowerCase()) ? origin : null;
}
