import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import type { AdminRequestKind } from './account.table';

type Conn = Kysely<DB> | Transaction<DB>;

const columns = [
  'r.id',
  'r.kind',
  'r.target_account_id',
  'r.payload',
  'r.requested_by',
  'r.requested_at',
  'r.status',
  'r.decided_by',
  'r.decided_at',
  'ta.username as target_username',
  'qa.username as requested_by_username',
  'da.username as decided_by_username',
] as const;

function base(db: Conn, tenantId: number) {
  return db
    .selectFrom('admin_requests as r')
    .innerJoin('accounts as ta', 'ta.id', 'r.target_account_id')
    .innerJoin('accounts as qa', 'qa.id', 'r.requested_by')
    .leftJoin('accounts as da', 'da.id', 'r.decided_by')
    .select(columns)
    .where('r.tenant_id', '=', tenantId);
}

/** A tenant's requests, newest first; pending only unless `all`. */
export function listRequests(db: Conn, tenantId: number, all: boolean) {
  let q = base(db, tenantId);
  if (!all) q = q.where('r.status', '=', 'pending');
  return q.orderBy('r.id', 'desc').limit(200).execute();
}

/** One request of the tenant. */
export function findRequest(db: Conn, tenantId: number, id: number) {
  return base(db, tenantId).where('r.id', '=', id).executeTakeFirst();
}

export function insertRequest(db: Conn, row: { tenant_id: number; kind: AdminRequestKind; target_account_id: number; payload: unknown; requested_by: number; requested_at: Date }) {
  return db
    .insertInto('admin_requests')
    .values({ ...row, payload: JSON.stringify(row.payload) })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Decides a pending request; undefined when it was no longer pending. */
export function decideRequest(db: Conn, tenantId: number, id: number, status: 'approved' | 'rejected', by: number, at: Date) {
  return db
    .updateTable('admin_requests')
    .set({ status, decided_by: by, decided_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returning('id')
    .executeTakeFirst();
}
