import { AppError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import { randomToken, sha256 } from '../../lib/crypto';
import { inTransaction, type Deps } from '../../lib/deps';
import { recordTrace } from '../trace/trace.service';
import { findById } from './account.repository';
import { insertToken, listTokens as listRows, revokeToken as revokeRow } from './token.repository';

/** API tokens for integrations; only their SHA-256 is stored, the secret is shown once. */
export async function listTokens(deps: Deps, actor: Actor) {
  requirePermission(actor, 'token.manage');
  return (await listRows(deps.db, actor.tenantId)).map((t) => ({
    id: t.id,
    name: t.name,
    prefix: t.token_prefix,
    accountId: t.account_id,
    username: t.username,
    createdAt: t.created_at.toISOString(),
    lastUsedAt: t.last_used_at?.toISOString() ?? null,
    expiresAt: t.expires_at?.toISOString() ?? null,
    revokedAt: t.revoked_at?.toISOString() ?? null,
  }));
}

export async function issueToken(deps: Deps, actor: Actor, input: { name: string; accountId: number; expiresInDays?: number | null }) {
  requirePermission(actor, 'token.manage');
  const account = await findById(deps.db, actor.tenantId, input.accountId);
  if (!account) throw new AppError('account_not_found');
  const secret = `dbn_${randomToken(32)}`;
  const now = deps.clock.now();
  const expiresAt = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null;
  const row = await inTransaction(deps.db, async (trx) => {
    const r = await insertToken(trx, {
      tenant_id: actor.tenantId,
      account_id: account.id,
      name: input.name,
      token_hash: sha256(secret),
      token_prefix: secret.slice(0, 8),
      created_by: actor.accountId,
      expires_at: expiresAt,
    });
    await recordTrace(trx, deps.clock, actor, {
      action: 'token.issue',
      entityType: 'api_token',
      entityId: r.id,
      after: { name: input.name, accountId: account.id, prefix: r.token_prefix, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return r;
  });
  return { id: row.id, name: row.name, token: secret };
}

export async function revokeToken(deps: Deps, actor: Actor, id: number) {
  requirePermission(actor, 'token.manage');
  await inTransaction(deps.db, async (trx) => {
    const r = await revokeRow(trx, actor.tenantId, id, deps.clock.now());
    if (!r) throw new AppError('token_not_found');
    await recordTrace(trx, deps.clock, actor, { action: 'token.revoke', entityType: 'api_token', entityId: id, after: { name: r.name } });
  });
}
