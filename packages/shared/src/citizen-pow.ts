import { z } from 'zod';

/**
 * The optional proof of work's challenge, proof and the channel's settings (issue 17); the hashing itself is in
 * pow.ts (kept free of zod so the page's worker stays small).
 */

/** How long a challenge may be answered (ms): long enough to fill in the form on a slow phone. */
export const POW_CHALLENGE_TTL_MS = 30 * 60_000;

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
