import { traceActionLabel, traceEntrySchema, type TraceEntryView } from '@duban/shared';
import type { TraceRow } from './trace.table';

export { traceEntrySchema, type TraceEntryView };

export function presentTrace(r: TraceRow, entityLabel: string | null = null): TraceEntryView {
  return {
    id: r.id,
    seq: r.seq,
    at: r.at.toISOString(),
    actorAccountId: r.actor_account_id,
    actorName: r.actor_name,
    action: r.action,
    actionLabel: traceActionLabel(r.action),
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: r.before,
    after: r.after,
    ip: r.ip,
    hash: r.hash,
    entityLabel,
  };
}
