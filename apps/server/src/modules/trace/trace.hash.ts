import { canonicalJson, sm3 } from '../../lib/crypto';
import type { TraceData } from './trace.table';

/** The fields a trace row's hash covers: everything but its own id and hash. */
export type HashedFields = {
  tenantId: number;
  seq: number;
  at: Date;
  actorAccountId: number | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string;
  before: TraceData;
  after: TraceData;
  ip: string | null;
  requestId: string | null;
};

/**
 * SM3 over the previous row's hash and the canonical JSON of this row's fields, so an edit
 * to any row, or a row taken out of the middle, breaks the chain at that row.
 */
export function traceHash(prevHash: string, f: HashedFields): string {
  const body = canonicalJson({
    tenantId: f.tenantId,
    seq: f.seq,
    at: f.at.toISOString(),
    actorAccountId: f.actorAccountId,
    actorName: f.actorName,
    action: f.action,
    entityType: f.entityType,
    entityId: f.entityId,
    before: f.before,
    after: f.after,
    ip: f.ip,
    requestId: f.requestId,
  });
  return sm3(`${prevHash}\n${body}`);
}
