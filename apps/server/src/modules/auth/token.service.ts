import { ADMIN_ROLES, type Role } from '@duban/shared';
import { AppError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import { randomToken, sha256 } from '../../lib/crypto';
import { inTransaction, type Deps } from '../../lib/deps';
import { recordSecurityEvent } from '../trace/security-events';
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

/**
 * True when a token may act for the account: issued by the account itself, or for an integration account (no
 * person, no admin role). Checked at issue and again at every use, so a later role or person change stops it.
 */
export function tokenMayActFor(account: { id: number; person_id: number | null; roles: readonly Role[] }, issuedBy: number | null): boolean {
  return issuedBy === account.id || (account.person_id === null && !account.roles.some((r) => (ADMIN_ROLES as readonly Role[]).includes(r)));
}

/**
 * Issues a token acting for oneself (the default), or — 安全管理员 only — for an integration account (三员分立:
 * never for a person's account or an admin, so nobody acts as someone else through a token).
 */
export async function issueToken(deps: Deps, actor: Actor, input: { name: string; accountId?: number | null; expiresInDays?: number | null }) {
  requirePermission(actor, 'token.manage');
  const account = await findById(deps.db, actor.tenantId, input.accountId ?? actor.accountId ?? 0);
  if (!account) throw new AppError('account_not_found');
  if (!tokenMayActFor(account, actor.accountId)) {
    await inTransaction(deps.db, (trx) =>
      recordSecurityEvent(trx, deps.clock, actor, { action: 'token.issue', entityType: 'account', entityId: account.id, outcome: 'denied', detail: { name: input.name } }),
    );
    throw new AppError('token_not_allowed');
  }
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
    await recordSecurityEvent(trx, deps.clock, actor, {
      action: 'token.issue',
      entityType: 'api_token',
      entityId: r.id,
      outcome: 'success',
      detail: { name: input.name, accountId: account.id, prefix: r.token_prefix, expiresAt: expiresAt?.toISOString() ?? null },
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
    await recordSecurityEvent(trx, deps.clock, actor, { action: 'token.revoke', entityType: 'api_token', entityId: id, outcome: 'success', detail: { name: r.name } });
  });
}
