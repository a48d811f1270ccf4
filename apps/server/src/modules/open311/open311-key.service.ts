import { AppError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import { randomToken, sha256 } from '../../lib/crypto';
import { inTransaction, type Deps } from '../../lib/deps';
import { rateRules } from '../abuse/rate-limit';
import { recordSecurityEvent } from '../trace/security-events';
import { findActiveKey, insertKey, listKeys as listRows, markKeyUsed, revokeKey as revokeRow } from './open311-key.repository';

/** A key as the security admin's list shows it (never the key itself). */
export type Open311KeyView = {
  id: number;
  name: string;
  prefix: string;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  requests: number;
};

/** The tenant's Open311 keys (安全管理员, token.manage), as API tokens are listed. */
export async function listOpen311Keys(deps: Deps, actor: Actor): Promise<Open311KeyView[]> {
  requirePermission(actor, 'token.manage');
  return (await listRows(deps.db, actor.tenantId)).map((k) => ({
    id: k.id,
    name: k.name,
    prefix: k.key_prefix,
    createdBy: k.created_by_name,
    createdAt: new Date(k.created_at).toISOString(),
    expiresAt: k.expires_at?.toISOString() ?? null,
    lastUsedAt: k.last_used_at?.toISOString() ?? null,
    revokedAt: k.revoked_at?.toISOString() ?? null,
    requests: Number(k.requests ?? 0),
  }));
}

/**
 * Issues a key for one integration (a city system, a third-party app): shown in this answer only, kept as its
 * SHA-256, traced as a security event. The key can only submit Open311 requests for this tenant — it is no
 * sign-in and opens no other API.
 */
export async function issueOpen311Key(deps: Deps, actor: Actor, input: { name: string; expiresInDays?: number | null }) {
  requirePermission(actor, 'token.manage');
  const key = `o311_${randomToken(24)}`;
  const now = deps.clock.now();
  const expiresAt = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null;
  const row = await inTransaction(deps.db, async (trx) => {
    const r = await insertKey(trx, { tenant_id: actor.tenantId, name: input.name, key_hash: sha256(key), key_prefix: key.slice(0, 9), created_by: actor.accountId, created_at: now, expires_at: expiresAt });
    await recordSecurityEvent(trx, deps.clock, actor, {
      action: 'token.issue',
      entityType: 'open311_key',
      entityId: r.id,
      outcome: 'success',
      detail: { name: input.name, prefix: r.key_prefix, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return r;
  });
  return { id: row.id, name: row.name, key };
}

/** Revokes a key at once: its next request answers 403. */
export async function revokeOpen311Key(deps: Deps, actor: Actor, id: number): Promise<void> {
  requirePermission(actor, 'token.manage');
  await inTransaction(deps.db, async (trx) => {
    const r = await revokeRow(trx, actor.tenantId, id, deps.clock.now(), actor.accountId);
    if (!r) throw new AppError('open311_key_not_found');
    await recordSecurityEvent(trx, deps.clock, actor, { action: 'token.revoke', entityType: 'open311_key', entityId: id, outcome: 'success', detail: { name: r.name } });
  });
}

/**
 * The integration behind an `api_key`, or 403 (missing, unknown, expired, revoked); each accepted key is counted
 * against RATE_LIMIT_OPEN311 per minute (429 with Retry-After past it) and its last use is stamped.
 */
export async function authenticateKey(deps: Deps, tenantId: number, apiKey: string | undefined): Promise<{ id: number; name: string }> {
  if (!apiKey) throw new AppError('open311_key_invalid', 'api_key 未提供：提交服务请求须带上安全管理员签发的接口密钥');
  const now = deps.clock.now();
  const key = await findActiveKey(deps.db, tenantId, sha256(apiKey), now);
  if (!key) throw new AppError('open311_key_invalid');
  await deps.limiter.consume(rateRules(deps.config).open311, `key:${key.id}`);
  await markKeyUsed(deps.db, key.id, now);
  return key;
}
