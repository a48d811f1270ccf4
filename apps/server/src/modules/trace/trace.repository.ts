import { sql, type Kysely, type Transaction } from 'kysely';
import { executePrepared } from '../../db/prepared';
import type { DB } from '../../db/schema';
import type { TraceTable } from './trace.table';
import type { Insertable } from 'kysely';

type Conn = Kysely<DB> | Transaction<DB>;

export const GENESIS_HASH = '0'.repeat(64);

/**
 * Locks the tenant's chain head for the rest of the transaction, creating it when absent. One round
 * trip when the head exists (every time but a tenant's first entry): the lock is what serialises a
 * tenant's writes, so nothing that can wait is done while holding it.
 */
export async function lockHead(trx: Transaction<DB>, tenantId: number): Promise<{ seq: number; hash: string }> {
  // Prepared on PostgreSQL, as the append: every write of every tenant runs both.
  const select = async () => (await executePrepared(trx, trx.selectFrom('trace_head').select(['seq', 'hash']).where('tenant_id', '=', tenantId).forUpdate().compile())).rows[0];
  const head = await select();
  if (head) return head;
  await trx.insertInto('trace_head').values({ tenant_id: tenantId, seq: 0, hash: GENESIS_HASH }).onConflict((oc) => oc.column('tenant_id').doNothing()).execute();
  const created = await select();
  if (!created) throw new Error(`trace head of tenant ${tenantId} missing`);
  return created;
}

/** Appends one row and moves the head onto it, in one statement. */
export async function appendRow(trx: Transaction<DB>, row: Insertable<TraceTable>): Promise<void> {
  const q = trx
    .with('appended', (db) => db.insertInto('trace').values(row))
    .updateTable('trace_head')
    .set({ seq: row.seq, hash: row.hash })
    .where('tenant_id', '=', row.tenant_id);
  await executePrepared(trx, q.compile());
}

/** Rows of a tenant's chain after `afterSeq`, in order; for verification in batches. */
export function chainBatch(db: Conn, tenantId: number, afterSeq: number, limit: number) {
  return db
    .selectFrom('trace')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

/** The chain heads of all tenants (or one). */
export function heads(db: Conn, tenantId?: number) {
  let q = db.selectFrom('trace_head').select(['tenant_id', 'seq', 'hash']);
  if (tenantId !== undefined) q = q.where('tenant_id', '=', tenantId);
  return q.orderBy('tenant_id').execute();
}

/** Row counts and highest seq per tenant, as actually stored. */
export function chainStats(db: Conn, tenantId: number) {
  return db
    .selectFrom('trace')
    .select([sql<number>`count(*)`.as('rows'), sql<number>`coalesce(max(seq), 0)`.as('maxSeq')])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
}

export function rowAtSeq(db: Conn, tenantId: number, seq: number) {
  return db.selectFrom('trace').select(['id', 'seq', 'hash', 'at', 'action']).where('tenant_id', '=', tenantId).where('seq', '=', seq).executeTakeFirst();
}

export type TraceFilter = {
  entityType?: string;
  entityId?: string;
  actorAccountId?: number;
  action?: string;
  from?: Date;
  to?: Date;
  beforeSeq?: number;
  /** Only the given actions (the security events, see security-events.ts). */
  actions?: readonly string[];
  /** Security events with this outcome (after.outcome). */
  outcome?: string;
  /** Entries from this client address. */
  ip?: string;
  /**
   * With entityType 'matter': the matter's whole history — its own entries, the sub-matters decomposed
   * from it, and its 督查通知单 and 现场督查 (which are traced under their own objects).
   */
  withRelated?: boolean;
};

/** A page of a tenant's trace, newest first, keyset-paged by seq. */
export function listTrace(db: Conn, tenantId: number, f: TraceFilter, limit: number) {
  let q = db.selectFrom('trace').selectAll().where('tenant_id', '=', tenantId);
  if (f.withRelated && f.entityType === 'matter' && f.entityId) {
    const id = f.entityId;
    const matterId = Number(id);
    q = q.where((eb) =>
      eb.or([
        eb.and([eb('entity_type', '=', 'matter'), eb('entity_id', '=', id)]),
        eb.and([eb('entity_type', '=', 'matter'), eb('action', '=', 'matter.decompose'), eb(sql<string>`after->>'parentId'`, '=', id)]),
        eb.and([
          eb('entity_type', '=', 'notice'),
          eb('entity_id', 'in', eb.selectFrom('notices').select(sql<string>`id::text`.as('id')).where('tenant_id', '=', tenantId).where('matter_id', '=', matterId)),
        ]),
        eb.and([
          eb('entity_type', '=', 'inspection'),
          eb('entity_id', 'in', eb.selectFrom('inspections').select(sql<string>`id::text`.as('id')).where('tenant_id', '=', tenantId).where('matter_id', '=', matterId)),
        ]),
      ]),
    );
  } else {
    if (f.entityType) q = q.where('entity_type', '=', f.entityType);
    if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  }
  if (f.actorAccountId) q = q.where('actor_account_id', '=', f.actorAccountId);
  if (f.action) q = q.where('action', 'like', `${f.action}%`);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  if (f.beforeSeq) q = q.where('seq', '<', f.beforeSeq);
  if (f.actions) q = q.where('action', 'in', f.actions);
  if (f.outcome) q = q.where(sql<string>`after->>'outcome'`, '=', f.outcome);
  if (f.ip) q = q.where('ip', '=', f.ip);
  return q.orderBy('seq', 'desc').limit(limit).execute();
}
