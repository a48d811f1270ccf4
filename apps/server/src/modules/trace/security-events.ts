import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import type { Actor } from '../../lib/actor';
import type { Clock } from '../../lib/clock';
import { inTransaction, type Deps } from '../../lib/deps';
import { recordTrace } from './trace.service';

/** Whether the act a security event records went through. */
export type SecurityOutcome = 'success' | 'failure' | 'pending' | 'denied';

/**
 * The trace actions that are security events (等保 安全审计): the auditor filters on them with
 * `GET /api/trace?category=security`. Each is written through the trace (append-only, hash-chained, never
 * purged) with `after.outcome` and the source address in the entry's `ip`.
 */
export const SECURITY_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.locked',
  'auth.logout',
  'auth.totp_enable',
  'auth.totp_disable',
  'auth.recovery_codes',
  'account.password_change',
  'account.password_reset',
  'account.unlock',
  'account.roles',
  'account.update',
  'account.create',
  'admin_request.create',
  'admin_request.approve',
  'admin_request.reject',
  'token.issue',
  'token.revoke',
  'settings.warning',
  'notify.settings',
  'export.matters',
  'trace.query',
  'trace.anchor_reset',
] as const;
export type SecurityAction = (typeof SECURITY_ACTIONS)[number];

/** Records one security event in the caller's transaction (see SECURITY_ACTIONS). */
export async function recordSecurityEvent(
  trx: Transaction<DB>,
  clock: Clock,
  actor: Actor,
  e: { action: SecurityAction; entityType: string; entityId: string | number; outcome: SecurityOutcome; detail?: Record<string, unknown>; before?: Record<string, unknown> },
): Promise<void> {
  await recordTrace(trx, clock, actor, {
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    before: e.before ?? null,
    after: { outcome: e.outcome, ...e.detail },
  });
}

/** Records one security event in a transaction of its own (for acts that write nothing else: a query, an export). */
export async function recordSecurityEventNow(deps: Deps, actor: Actor, e: Parameters<typeof recordSecurityEvent>[3]): Promise<void> {
  await inTransaction(deps.db, (trx) => recordSecurityEvent(trx, deps.clock, actor, e));
}
