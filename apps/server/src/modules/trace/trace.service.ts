import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import type { Actor } from '../../lib/actor';
import type { Clock } from '../../lib/clock';
import { appendRow, lockHead } from './trace.repository';
import { traceHash } from './trace.hash';
import { traceKeyOf, traceMac } from './trace.seal';
import type { TraceData } from './trace.table';

export type TraceEntry = {
  action: string; // 'unit.create', 'matter.report', 'auth.login' …
  entityType: string;
  entityId: string | number;
  before?: TraceData;
  after?: TraceData;
};

/**
 * Appends one entry to the tenant's trace inside the caller's transaction, so the change and
 * its record commit or roll back together. Call it last in the transaction: it holds the
 * tenant's chain head locked until commit. `trx` must come from the runtime's handle, which carries the server key.
 */
export async function recordTrace(trx: Transaction<DB>, clock: Clock, actor: Actor, entry: TraceEntry): Promise<void> {
  await appendTrace(trx, clock, actor, await lockHead(trx, actor.tenantId), entry);
}

/**
 * recordTrace after the caller has locked the tenant's head itself (`select seq, hash from trace_head … for update`,
 * folded into the caller's last write to save a round trip; lockHead when that found no head). Call it last.
 */
export async function appendTrace(trx: Transaction<DB>, clock: Clock, actor: Actor, head: { seq: number; hash: string }, entry: TraceEntry): Promise<void> {
  const fields = {
    tenantId: actor.tenantId,
    seq: head.seq + 1,
    // Millisecond precision survives timestamptz's microseconds exactly, so the hash re-computes.
    at: new Date(Math.max(clock.now().getTime(), 0)),
    actorAccountId: actor.accountId,
    actorName: actor.name,
    action: entry.action,
    entityType: entry.entityType,
    entityId: String(entry.entityId),
    before: jsonSafe(entry.before ?? null),
    after: jsonSafe(entry.after ?? null),
    ip: actor.ip,
    requestId: actor.requestId,
  };
  const hash = traceHash(head.hash, fields);
  // The MAC under the server key is what a row inserted by any other database client cannot have.
  const mac = traceMac(traceKeyOf(trx), hash);
  await appendRow(trx, {
    tenant_id: fields.tenantId,
    seq: fields.seq,
    at: fields.at,
    actor_account_id: fields.actorAccountId,
    actor_name: fields.actorName,
    action: fields.action,
    entity_type: fields.entityType,
    entity_id: fields.entityId,
    before: fields.before === null ? null : JSON.stringify(fields.before),
    after: fields.after === null ? null : JSON.stringify(fields.after),
    ip: fields.ip,
    request_id: fields.requestId,
    prev_hash: head.hash,
    hash,
    mac,
  });
}

// What jsonb will hand back: Dates as ISO strings, undefined keys dropped.
function jsonSafe(data: TraceData): TraceData {
  if (data === null) return null;
  const copy: TraceData = JSON.parse(JSON.stringify(data));
  return copy;
}
