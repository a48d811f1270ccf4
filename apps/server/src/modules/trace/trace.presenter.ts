import { maskMobile, traceActionLabel, traceEntrySchema, type TraceEntryView } from '@duban/shared';
import type { TraceData, TraceRow } from './trace.table';

export { traceEntrySchema, type TraceEntryView };

/**
 * An entry as the API shows it, with the label of its object (its number, not an id). Mobile numbers in it (a
 * person's current and previous one) are masked unless the viewer sees full numbers elsewhere too (`fullMobile`);
 * the stored entry and its hash are unchanged.
 */
export function presentTrace(r: TraceRow, opts: { fullMobile: boolean; entityLabel?: string | null }): TraceEntryView {
  const entityLabel = opts.entityLabel ?? null;
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
    before: opts.fullMobile ? r.before : maskMobiles(r.before),
    after: opts.fullMobile ? r.after : maskMobiles(r.after),
    ip: r.ip,
    hash: r.hash,
    entityLabel,
  };
}

// Every `mobile` field, at any depth (a person's view, a list of people in an import).
const maskMobiles = (data: TraceData): TraceData => (data === null ? null : maskObject(data));
const maskIn = (v: unknown): unknown => (Array.isArray(v) ? v.map(maskIn) : v !== null && typeof v === 'object' ? maskObject(v) : v);
function maskObject(o: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, k === 'mobile' && (typeof x === 'string' || x === null) ? maskMobile(x) : maskIn(x)]));
}
