import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { Rank } from '@duban/shared';
import type { DB } from '../../db/schema';
import type { DataScope } from '../../lib/actor';
import type { PersonTable } from './person.table';

type Conn = Kysely<DB> | Transaction<DB>;

/** `mobileHash`: the search hash of `q` when it is a mobile number (numbers are found by hash, not by text). */
export type PeopleFilter = { unitId?: number; q?: string; mobileHash?: string | null; rank?: Rank; active?: boolean };

function base(db: Conn, tenantId: number, scope: DataScope, f: PeopleFilter) {
  let q = db
    .selectFrom('people as p')
    .innerJoin('units as u', 'u.id', 'p.unit_id')
    .leftJoin('units as d', 'd.id', 'p.division_id')
    .where('p.tenant_id', '=', tenantId);
  if (scope.kind === 'units') q = q.where('p.unit_id', 'in', scope.unitIds.length ? scope.unitIds : [-1]);
  const { unitId, q: text } = f;
  if (unitId) q = q.where((eb) => eb.or([eb('p.unit_id', '=', unitId), eb('p.division_id', '=', unitId)]));
  const hash = f.mobileHash;
  if (text) q = q.where((eb) => eb.or([eb('p.name', 'like', `%${text}%`), eb('p.title', 'like', `%${text}%`), ...(hash ? [eb('p.mobile_hash', '=', hash)] : [])]));
  if (f.rank) q = q.where('p.rank', '=', f.rank);
  if (f.active !== undefined) q = q.where('p.active', '=', f.active);
  return q;
}

/** A page of people in the actor's scope, with unit and division names. */
export async function listPeople(db: Conn, tenantId: number, scope: DataScope, f: PeopleFilter, limit: number, offset: number) {
  const [items, total] = await Promise.all([
    base(db, tenantId, scope, f)
      .selectAll('p')
      .select(['u.name as unit_name', 'd.name as division_name'])
      .select((eb) =>
        eb
          .selectFrom('leader_units as lu')
          .select(sql<number[]>`coalesce(array_agg(lu.unit_id order by lu.unit_id), '{}')`.as('ids'))
          .whereRef('lu.person_id', '=', 'p.id')
          .as('leader_of_unit_ids'),
      )
      .orderBy('u.sort')
      .orderBy('p.unit_id')
      .orderBy('p.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    base(db, tenantId, scope, f).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export function findPerson(db: Conn, tenantId: number, id: number) {
  return db.selectFrom('people').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** Another person of the tenant registered with this number (by its search hash), if any. */
export function mobileHolder(db: Conn, tenantId: number, hash: string, exceptId: number | null) {
  let q = db.selectFrom('people').select(['id', 'name']).where('tenant_id', '=', tenantId).where('mobile_hash', '=', hash);
  if (exceptId !== null) q = q.where('id', '<>', exceptId);
  return q.limit(1).executeTakeFirst();
}

export function insertPerson(db: Conn, row: Insertable<PersonTable>) {
  return db.insertInto('people').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updatePerson(db: Conn, tenantId: number, id: number, version: number, patch: Updateable<PersonTable>) {
  return db
    .updateTable('people')
    .set({ ...patch, updated_at: new Date(), version: sql`version + 1` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export async function leaderUnitIds(db: Conn, personId: number): Promise<number[]> {
  const rows = await db.selectFrom('leader_units').select('unit_id').where('person_id', '=', personId).orderBy('unit_id').execute();
  return rows.map((r) => r.unit_id);
}

/** Replaces the set of units a leader is in charge of (分管). */
export async function setLeaderUnits(db: Conn, tenantId: number, personId: number, unitIds: number[]) {
  await db.deleteFrom('leader_units').where('person_id', '=', personId).execute();
  if (unitIds.length) {
    await db
      .insertInto('leader_units')
      .values([...new Set(unitIds)].map((unit_id) => ({ tenant_id: tenantId, person_id: personId, unit_id })))
      .execute();
  }
}

/** Which of `ids` are units of the tenant. */
export async function existingUnitIds(db: Conn, tenantId: number, ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom('units').select('id').where('tenant_id', '=', tenantId).where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}
