import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { DB } from '../../db/schema';
import type { UnitTable } from './unit.table';

type Conn = Kysely<DB> | Transaction<DB>;

export function listUnits(db: Conn, tenantId: number) {
  return db.selectFrom('units').selectAll().where('tenant_id', '=', tenantId).orderBy('parent_id', 'asc').orderBy('sort').orderBy('id').execute();
}

export function findUnit(db: Conn, tenantId: number, id: number) {
  return db.selectFrom('units').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export function insertUnit(db: Conn, row: Insertable<UnitTable>) {
  return db.insertInto('units').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Updates when `version` still matches; undefined when someone else saved first. */
export function updateUnit(db: Conn, tenantId: number, id: number, version: number, patch: Updateable<UnitTable>) {
  return db
    .updateTable('units')
    .set({ ...patch, updated_at: new Date(), version: sql`version + 1` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteUnit(db: Conn, tenantId: number, id: number) {
  await db.deleteFrom('units').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** How many child units and people hang on a unit. */
export async function unitDependents(db: Conn, tenantId: number, id: number) {
  const [children, people] = await Promise.all([
    db.selectFrom('units').select(sql<number>`count(*)`.as('n')).where('tenant_id', '=', tenantId).where('parent_id', '=', id).executeTakeFirstOrThrow(),
    db
      .selectFrom('people')
      .select(sql<number>`count(*)`.as('n'))
      .where('tenant_id', '=', tenantId)
      .where((eb) => eb.or([eb('unit_id', '=', id), eb('division_id', '=', id)]))
      .executeTakeFirstOrThrow(),
  ]);
  return { children: Number(children.n), people: Number(people.n) };
}

/** The ids of a unit and all its ancestors, nearest first. */
export async function ancestry(db: Conn, tenantId: number, id: number): Promise<number[]> {
  const rows = await sql<{ id: number }>`
    with recursive up(id, parent_id, depth) as (
      select id, parent_id, 0 from units where tenant_id = ${tenantId} and id = ${id}
      union all
      select u.id, u.parent_id, up.depth + 1 from units u join up on u.id = up.parent_id where u.tenant_id = ${tenantId} and up.depth < 50
    ) select id from up order by depth`.execute(db);
  return rows.rows.map((r) => r.id);
}
