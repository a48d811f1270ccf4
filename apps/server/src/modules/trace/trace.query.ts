import type { TraceNames } from '@duban/shared';
import { AppError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { recordSecurityEventNow, SECURITY_ACTIONS } from './security-events';
import { seesFullMobile } from '../org/person.presenter';
import { canReadTrace } from './trace.access';
import { entityLabel, traceNames } from './trace.names';
import { presentTrace, type TraceEntryView } from './trace.presenter';
import { listTrace, type TraceFilter } from './trace.repository';
import { verifyTrace, type VerifyResult } from './trace.verify';

/**
 * Reads the trace. With an entity, anyone who may see that record sees its history;
 * without one (the whole tenant's trace), only the audit admin.
 */
export async function readTrace(
  deps: Deps,
  actor: Actor,
  query: Omit<TraceFilter, 'actions'> & { limit: number; category?: 'security' },
): Promise<{ items: TraceEntryView[]; nextBeforeSeq: number | null; names: TraceNames }> {
  const { category, ...f } = query;
  if (f.entityType && f.entityId) {
    if (!(await canReadTrace(deps.db, actor, f.entityType, f.entityId))) throw new AppError('forbidden', '没有权限查看该记录的痕迹');
  } else {
    requirePermission(actor, 'trace.read.all');
    // The auditor's own queries of the whole trace are security events too (who looked at what, from where).
    await recordSecurityEventNow(deps, actor, {
      action: 'trace.query',
      entityType: 'trace',
      entityId: actor.tenantId,
      outcome: 'success',
      detail: { filter: { ...f, category: category ?? null, from: f.from?.toISOString() ?? null, to: f.to?.toISOString() ?? null } },
    });
  }
  const rows = await listTrace(deps.db, actor.tenantId, { ...f, actions: category === 'security' ? SECURITY_ACTIONS : undefined }, f.limit + 1);
  const page = rows.slice(0, f.limit);
  const names = await traceNames(deps.db, actor.tenantId, page);
  const fullMobile = seesFullMobile(actor);
  const items = page.map((r) => presentTrace(r, { fullMobile, key: deps.secretKey, entityLabel: entityLabel(r, names) }));
  return { items, nextBeforeSeq: rows.length > f.limit ? (items[items.length - 1]?.seq ?? null) : null, names };
}

/** 审计管理员 checks the tenant's chain and its external anchor. */
export async function verifyOwnTenant(deps: Deps, actor: Actor): Promise<VerifyResult> {
  requirePermission(actor, 'trace.verify');
  await deps.anchor.flush();
  return verifyTrace(deps.db, deps.anchor, deps.clock.now(), actor.tenantId);
}
