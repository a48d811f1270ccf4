import { sql, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { DB } from '../../db/schema';
import type { AccountTable } from './account.table';

type Conn = Kysely<DB> | Transaction<DB>;

export function findByUsername(db: Conn, username: string) {
  return db.selectFrom('accounts').selectAll().where(sql`lower(username)`, '=', username.toLowerCase()).executeTakeFirst();
}

export function findById(db: Conn, tenantId: number, id: number) {
  return db.selectFrom('accounts').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export function updateAccount(db: Conn, tenantId: number, id: number, patch: Updateable<AccountTable>) {
  return db
    .updateTable('accounts')
    .set({ ...patch, updated_at: new Date(), version: sql`version + 1` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** The latest lock on the username from any source (an address, a device, or the account-wide ceiling). */
export const lockedUntil = sql<Date | null>`(select max(t.locked_until) from login_throttle t where t.username = lower(a.username))`;

/** Accounts of a tenant with their person's name and unit, for the admin list. */
export function listAccounts(db: Conn, tenantId: number, q: string | undefined, limit: number, offset: number) {
  let query = db
    .selectFrom('accounts as a')
    .leftJoin('people as p', 'p.id', 'a.person_id')
    .leftJoin('units as u', 'u.id', 'p.unit_id')
    .where('a.tenant_id', '=', tenantId);
  if (q) query = query.where((eb) => eb.or([eb('a.username', 'ilike', `%${q}%`), eb('a.display_name', 'ilike', `%${q}%`)]));
  return Promise.all([
    query
      .select([
        'a.id',
        'a.username',
        'a.display_name',
        'a.roles',
        'a.status',
        'a.person_id',
        'a.last_login_at',
        'a.must_change_password',
        'a.version',
        'p.name as person_name',
        'u.name as unit_name',
        lockedUntil.as('locked_until'),
      ])
      .orderBy('a.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
}
