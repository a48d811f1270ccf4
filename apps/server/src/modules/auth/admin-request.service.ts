import { ADMIN_ROLES, ROLES, roleConflict, type AdminRequestView, type AdminRole, type Role } from '@duban/shared';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema';
import { AppError } from '../../errors';
import type { Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { recordSecurityEvent } from '../trace/security-events';
import { findById, updateAccount } from './account.repository';
import type { AdminRequestKind } from './account.table';
import { decideRequest, findRequest, insertRequest, listRequests } from './admin-request.repository';
import { revokeAccountSessions } from './session.repository';
import { clearThrottle } from './throttle.repository';
import { clearTotp } from './totp.service';

const payloadSchema = z.object({
  requesterRole: z.enum(ADMIN_ROLES),
  roles: z.array(z.enum(ROLES)).optional(),
  passwordHash: z.string().optional(),
});
type Payload = z.infer<typeof payloadSchema>;

/** The admin role an actor holds (三员分立: at most one), or null. */
export function adminRoleOf(roles: readonly Role[]): AdminRole | null {
  return ADMIN_ROLES.find((r) => roles.includes(r)) ?? null;
}

/** True when the act concerns admin roles: the account holds one, or the new roles add or remove one. */
export function needsSecondAdmin(targetRoles: readonly Role[], newRoles?: readonly Role[]): boolean {
  return adminRoleOf(targetRoles) !== null || (newRoles !== undefined && adminRoleOf(newRoles) !== null);
}

/**
 * Files a request for a second admin role's approval instead of acting (双人复核), and records it as a
 * security event with outcome `pending`. The password hash of a reset is kept in the request, never shown.
 */
export async function fileRequest(
  deps: Deps,
  actor: Actor,
  kind: AdminRequestKind,
  target: { id: number; username: string },
  extra: { roles?: Role[]; passwordHash?: string } = {},
): Promise<AdminRequestView> {
  const requesterRole = adminRoleOf(actor.roles);
  if (!requesterRole || actor.accountId === null) throw new AppError('forbidden');
  const payload: Payload = { requesterRole, ...extra };
  const id = await inTransaction(deps.db, async (trx) => {
    const row = await insertRequest(trx, {
      tenant_id: actor.tenantId,
      kind,
      target_account_id: target.id,
      payload,
      requested_by: actor.accountId ?? 0,
      requested_at: deps.clock.now(),
    });
    await recordSecurityEvent(trx, deps.clock, actor, {
      action: 'admin_request.create',
      entityType: 'account',
      entityId: target.id,
      outcome: 'pending',
      detail: { requestId: row.id, kind, roles: extra.roles ?? null },
    });
    return row.id;
  });
  return requestView(deps, actor.tenantId, id);
}

/** The requests an admin role may see: pending ones (or all, newest first). */
export async function listAdminRequests(deps: Deps, actor: Actor, all: boolean): Promise<AdminRequestView[]> {
  if (!adminRoleOf(actor.roles)) throw new AppError('forbidden');
  return (await listRequests(deps.db, actor.tenantId, all)).map(present);
}

/**
 * Approves a request and applies it, in one transaction. The approver holds an admin role other than the
 * requester's, and is neither the requester nor the account acted on.
 */
export async function approveRequest(deps: Deps, actor: Actor, id: number): Promise<AdminRequestView> {
  const row = await decidable(deps, actor, id);
  const payload = payloadSchema.parse(row.payload);
  const now = deps.clock.now();
  await inTransaction(deps.db, async (trx) => {
    if (!(await decideRequest(trx, actor.tenantId, id, 'approved', actor.accountId ?? 0, now))) throw new AppError('admin_request_not_found');
    await apply(trx, deps, actor, row.kind, row.target_account_id, payload);
    await recordSecurityEvent(trx, deps.clock, actor, {
      action: 'admin_request.approve',
      entityType: 'account',
      entityId: row.target_account_id,
      outcome: 'success',
      detail: { requestId: id, kind: row.kind, requestedBy: row.requested_by_username },
    });
  });
  return requestView(deps, actor.tenantId, id);
}

/** Rejects a request (the same people may decide as for approval). */
export async function rejectRequest(deps: Deps, actor: Actor, id: number): Promise<AdminRequestView> {
  const row = await decidable(deps, actor, id);
  await inTransaction(deps.db, async (trx) => {
    if (!(await decideRequest(trx, actor.tenantId, id, 'rejected', actor.accountId ?? 0, deps.clock.now()))) throw new AppError('admin_request_not_found');
    await recordSecurityEvent(trx, deps.clock, actor, {
      action: 'admin_request.reject',
      entityType: 'account',
      entityId: row.target_account_id,
      outcome: 'success',
      detail: { requestId: id, kind: row.kind, requestedBy: row.requested_by_username },
    });
  });
  return requestView(deps, actor.tenantId, id);
}

async function decidable(deps: Deps, actor: Actor, id: number) {
  const mine = adminRoleOf(actor.roles);
  if (!mine) throw new AppError('forbidden');
  const row = await findRequest(deps.db, actor.tenantId, id);
  if (!row || row.status !== 'pending') throw new AppError('admin_request_not_found');
  const payload = payloadSchema.parse(row.payload);
  if (row.requested_by === actor.accountId || row.target_account_id === actor.accountId || payload.requesterRole === mine) {
    throw new AppError('approval_not_allowed');
  }
  return row;
}

// What each kind does once approved; every path ends the account's sessions.
async function apply(trx: Transaction<DB>, deps: Deps, actor: Actor, kind: AdminRequestKind, targetId: number, payload: Payload): Promise<void> {
  const now = deps.clock.now();
  const target = await findById(trx, actor.tenantId, targetId);
  if (!target) throw new AppError('account_not_found');
  if (kind === 'roles') {
    const roles = payload.roles ?? [];
    const conflict = roleConflict(roles);
    if (conflict) throw new AppError('role_conflict', conflict);
    await updateAccount(trx, actor.tenantId, targetId, { roles });
    await recordSecurityEvent(trx, deps.clock, actor, {
      action: 'account.roles',
      entityType: 'account',
      entityId: targetId,
      outcome: 'success',
      before: { roles: target.roles },
      detail: { roles },
    });
  } else if (kind === 'disable') {
    await updateAccount(trx, actor.tenantId, targetId, { status: 'disabled' });
    await recordSecurityEvent(trx, deps.clock, actor, {
      action: 'account.update',
      entityType: 'account',
      entityId: targetId,
      outcome: 'success',
      before: { status: target.status },
      detail: { status: 'disabled' },
    });
  } else if (kind === 'password_reset') {
    if (!payload.passwordHash) throw new AppError('admin_request_not_found');
    await updateAccount(trx, actor.tenantId, targetId, { password_hash: payload.passwordHash, must_change_password: true, password_changed_at: now });
    await clearThrottle(trx, target.username);
    await recordSecurityEvent(trx, deps.clock, actor, { action: 'account.password_reset', entityType: 'account', entityId: targetId, outcome: 'success' });
  } else {
    await clearTotp(trx, actor.tenantId, targetId);
    await recordSecurityEvent(trx, deps.clock, actor, { action: 'auth.totp_disable', entityType: 'account', entityId: targetId, outcome: 'success', detail: { reset: true } });
  }
  await revokeAccountSessions(trx, targetId, now);
}

async function requestView(deps: Deps, tenantId: number, id: number): Promise<AdminRequestView> {
  const row = await findRequest(deps.db, tenantId, id);
  if (!row) throw new AppError('admin_request_not_found');
  return present(row);
}

type Row = NonNullable<Awaited<ReturnType<typeof findRequest>>>;

function present(r: Row): AdminRequestView {
  const payload = payloadSchema.safeParse(r.payload);
  return {
    id: r.id,
    kind: r.kind,
    targetAccountId: r.target_account_id,
    targetUsername: r.target_username,
    roles: payload.success ? (payload.data.roles ?? null) : null,
    requestedByUsername: r.requested_by_username,
    requestedAt: r.requested_at.toISOString(),
    status: r.status,
    decidedByUsername: r.decided_by_username ?? null,
    decidedAt: r.decided_at?.toISOString() ?? null,
  };
}
