import { maskMobile, traceActionLabel, traceEntrySchema, type TraceEntryView } from '@duban/shared';
import { openPii } from '../../lib/pii';
import type { TraceData, TraceRow } from './trace.table';

export { traceEntrySchema, type TraceEntryView };

/**
 * An entry as the API shows it, with the label of its object (its number, not an id). Mobile numbers in it (a
 * person's current and previous one) are stored sealed (entries from before issue 14 hold them in clear); they are
 * opened with the server key `key` and masked unless the viewer sees full numbers elsewhere too (`fullMobile`).
 * The stored entry and its hash are unchanged.
 */
export function presentTrace(r: TraceRow, opts: { fullMobile: boolean; key: string; entityLabel?: string | null }): TraceEntryView {
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
    before: showMobiles(r.before, opts),
    after: showMobiles(r.after, opts),
    ip: r.ip,
    hash: r.hash,
    entityLabel,
  };
}

// Every `mobile` field, at any depth (a person's view, a list of people in an import).
type Show = { fullMobile: boolean; key: string };
const showMobiles = (data: TraceData, o: Show): TraceData => (data === null ? null : showIn(data, o));
function showIn(o: object, show: Show): Record<string, unknown> {
  const walk = (v: unknown): unknown => (Array.isArray(v) ? v.map(walk) : v !== null && typeof v === 'object' ? showIn(v, show) : v);
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, k === 'mobile' && (typeof x === 'string' || x === null) ? showMobile(x, show) : walk(x)]));
}
function showMobile(value: string | null, { fullMobile, key }: Show): string | null {
  let mobile = value;
  if (value?.startsWith('s4:')) {
    try {
      mobile = openPii(key, value);
    } catch {
      return '（无法解密）';
    }
  }
  return fullMobile ? mobile : maskMobile(mobile);
}
