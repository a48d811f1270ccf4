import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { intArray } from '../../db/sql-values';

export async function listInbox(db: Kysely<DB>, tenantId: number, personId: number, f: { unread?: boolean; limit: number; offset: number }) {
  let q = db.selectFrom('inbox_messages').where('tenant_id', '=', tenantId).where('person_id', '=', personId);
  if (f.unread) q = q.where('read_at', 'is', null);
  const [items, total] = await Promise.all([
    q.selectAll().orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/**
 * Unread counts of several people at once. With `cap`, a count stops at `cap`: each person's unread
 * messages are read only that far (a leader who never opens the inbox can have thousands).
 */
export async function unreadCounts(db: Kysely<DB>, tenantId: number, personIds: readonly number[], cap?: number): Promise<Map<number, number>> {
  if (!personIds.length) return new Map();
  if (cap !== undefined) {
    const { rows } = await sql<{ person_id: number; n: number }>`
      select p.id as person_id, (select count(*)::integer from (
          select 1 from inbox_messages i where i.tenant_id = ${tenantId} and i.person_id = p.id and i.read_at is null limit ${cap}) x) as n
      from unnest(${intArray(personIds)}) as p(id)`.execute(db);
    return new Map(rows.filter((r) => r.n > 0).map((r) => [r.person_id, r.n]));
  }
  const rows = await db
    .selectFrom('inbox_messages')
    .select(['person_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('tenant_id', '=', tenantId)
    .where('person_id', 'in', [...personIds])
    .where('read_at', 'is', null)
    .groupBy('person_id')
    .execute();
  return new Map(rows.map((r) => [r.person_id, Number(r.n)]));
}

export function markRead(db: Kysely<DB>, tenantId: number, personId: number, id: number | null, at: Date) {
  let q = db.updateTable('inbox_messages').set({ read_at: at }).where('tenant_id', '=', tenantId).where('person_id', '=', personId).where('read_at', 'is', null);
  if (id !== null) q = q.where('id', '=', id);
  return q.executeTakeFirst();
}

export function findInboxMessage(db: Kysely<DB>, tenantId: number, personId: number, id: number) {
  return db.selectFrom('inbox_messages').select(['id', 'read_at']).where('tenant_id', '=', tenantId).where('person_id', '=', personId).where('id', '=', id).executeTakeFirst();
}

/** Active accounts of these people (a person may hold several). */
export function accountsOfPeople(db: Kysely<DB>, tenantId: number, personIds: readonly number[]) {
  if (!personIds.length) return Promise.resolve([]);
  return db
    .selectFrom('accounts')
    .select(['id', 'person_id'])
    .where('tenant_id', '=', tenantId)
    .where('person_id', 'in', [...personIds])
    .where(sql<boolean>`status = 'active'`)
    .execute();
}
