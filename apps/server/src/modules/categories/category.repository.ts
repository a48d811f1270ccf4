import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { DB } from '../../db/schema';
import type { CategoryTable } from '../matters/matter.table';

type Conn = Kysely<DB> | Transaction<DB>;

/** The tenant's categories in display order, with how many matters use each. */
export function listCategories(db: Conn, tenantId: number) {
  return db
    .selectFrom('categories as c')
    .selectAll('c')
    .select((eb) => eb.selectFrom('matters as m').select(sql<number>`count(*)::int`.as('n')).whereRef('m.category_id', '=', 'c.id').where('m.tenant_id', '=', tenantId).as('matter_count'))
    .where('c.tenant_id', '=', tenantId)
    .orderBy('c.sort')
    .orderBy('c.id')
    .execute();
}

export function findCategory(db: Conn, tenantId: number, id: number) {
  return db.selectFrom('categories').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export function insertCategory(db: Conn, row: Insertable<CategoryTable>) {
  return db.insertInto('categories').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateCategory(db: Conn, tenantId: number, id: number, patch: Updateable<CategoryTable>) {
  return db.updateTable('categories').set(patch).where('tenant_id', '=', tenantId).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteCategory(db: Conn, tenantId: number, id: number) {
  await db.deleteFrom('categories').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}
