import { z } from 'zod';
import { traceActionLabel } from '@duban/shared';
import type { TraceRow } from './trace.table';

export const traceEntrySchema = z.object({
  id: z.number().int(),
  seq: z.number().int(),
  at: z.string(),
  actorAccountId: z.number().int().nullable(),
  actorName: z.string(),
  action: z.string(),
  actionLabel: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  ip: z.string().nullable(),
  hash: z.string(),
});
export type TraceEntryView = z.infer<typeof traceEntrySchema>;

export function presentTrace(r: TraceRow): TraceEntryView {
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
  };
}
