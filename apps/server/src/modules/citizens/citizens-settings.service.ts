import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { POW_CHALLENGE_TTL_MS, proofHolds, readCitizenSettings, type CitizenProof, type CitizenSettings, type PowChallenge, type citizenSettingsSchema } from '@duban/shared';
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema';
import { AppError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { recordTrace } from '../trace/trace.service';

/**
 * The citizens' channel's own settings per tenant (citizen_settings): the optional proof of work on the public
 * report and follow, and the browser origins allowed to call its Open311 endpoint (CORS). Read on every public
 * write and every Open311 request: one primary-key read.
 */
export async function citizenSettingsOf(db: Kysely<DB>, tenantId: number): Promise<CitizenSettings> {
  const row = await db.selectFrom('citizen_settings').select('settings').where('tenant_id', '=', tenantId).executeTakeFirst();
  return readCitizenSettings(row?.settings);
}

/** The settings as the 督查办 edits them (grid.manage). */
export async function getCitizenSettings(deps: Deps, actor: Actor): Promise<CitizenSettings> {
  requirePermission(actor, 'grid.manage');
  return citizenSettingsOf(deps.db, actor.tenantId);
}

/** Saves the settings (validated by the route's schema); traced with before and after. */
export async function putCitizenSettings(deps: Deps, actor: Actor, input: z.output<typeof citizenSettingsSchema>): Promise<CitizenSettings> {
  requirePermission(actor, 'grid.manage');
  const before = await citizenSettingsOf(deps.db, actor.tenantId);
  const now = deps.clock.now();
  await inTransaction(deps.db, async (trx) => {
    await trx
      .insertInto('citizen_settings')
      .values({ tenant_id: actor.tenantId, settings: JSON.stringify(input), updated_by: actor.accountId, updated_at: now })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ settings: JSON.stringify(input), updated_by: actor.accountId, updated_at: now }))
      .execute();
    await recordTrace(trx, deps.clock, actor, { action: 'citizen.settings', entityType: 'tenant', entityId: actor.tenantId, before, after: input });
  });
  return input;
}

const sign = (key: string, text: string) => createHmac('sha256', key).update(`citizen-pow:${text}`, 'utf8').digest('base64url').slice(0, 22);

/**
 * A challenge for the public page: `tenant.expires.bits.random.signature` — signed with the server key, so the
 * server keeps nothing until it is answered. `{ required: false }` when the tenant has the proof off.
 */
export async function issueChallenge(deps: Deps, tenantId: number): Promise<PowChallenge | { required: false }> {
  const s = await citizenSettingsOf(deps.db, tenantId);
  if (!s.proofOfWork) return { required: false };
  const expires = deps.clock.now().getTime() + POW_CHALLENGE_TTL_MS;
  const body = `${tenantId}.${expires}.${s.proofBits}.${randomBytes(12).toString('base64url')}`;
  return { challenge: `${body}.${sign(deps.secretKey, body)}`, bits: s.proofBits, expiresAt: new Date(expires).toISOString() };
}

/**
 * Checks a report's or a follow's proof when the tenant asks for one: signed by us for this tenant, not expired,
 * of the difficulty set now (or harder), the nonce holds, and answered only once (its hash is kept until expiry).
 */
export async function verifyProof(deps: Deps, tenantId: number, proof: CitizenProof | undefined): Promise<void> {
  const s = await citizenSettingsOf(deps.db, tenantId);
  if (!s.proofOfWork) return;
  if (!proof) throw new AppError('citizen_proof_required', undefined, [{ field: 'proof', message: '需要完成安全验证' }]);
  const parts = proof.challenge.split('.');
  const [tenant, expires, bits, , sig] = parts;
  const body = parts.slice(0, 4).join('.');
  const expected = sign(deps.secretKey, body);
  const signed = parts.length === 5 && sig !== undefined && sig.length === expected.length && timingSafeEqual(Buffer.from(sig), Buffer.from(expected));
  const now = deps.clock.now();
  if (!signed || Number(tenant) !== tenantId || Number(expires) < now.getTime() || Number(bits) < s.proofBits || !proofHolds(proof.challenge, proof.nonce, Number(bits))) {
    throw new AppError('citizen_proof_invalid', undefined, [{ field: 'proof', message: '安全验证无效或已过期' }]);
  }
  const hash = createHash('sha256').update(proof.challenge).digest('hex');
  const used = await inTransaction(deps.db, async (trx) => {
    await trx.deleteFrom('citizen_pow_used').where('expires_at', '<', now).execute();
    const r = await trx
      .insertInto('citizen_pow_used')
      .values({ challenge_hash: hash, expires_at: new Date(Number(expires)) })
      .onConflict((oc) => oc.column('challenge_hash').doNothing())
      .returning(sql<number>`1`.as('one'))
      .executeTakeFirst();
    return !r;
  });
  if (used) throw new AppError('citizen_proof_used', undefined, [{ field: 'proof', message: '安全验证已用过' }]);
}
