import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { DB } from '../../db/schema';
import type { MatterTable } from './matter.table';

type Conn = Kysely<DB> | Transaction<DB>;

export function insertMatter(db: Conn, row: Insertable<MatterTable>) {
  return db.insertInto('matters').values(row).returningAll().executeTakeFirstOrThrow();
}

/** A matter of the tenant (no scope check; services check scope first). */
export function findMatter(db: Conn, tenantId: number, id: number) {
  return db.selectFrom('matters').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** Locks the matter row for the rest of the transaction (actions on one matter run one at a time). */
export function lockMatter(db: Transaction<DB>, tenantId: number, id: number) {
  return db.selectFrom('matters').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Updates when `version` still matches; undefined when someone else saved first. Bumps the version. */
export function updateMatterVersioned(db: Conn, tenantId: number, id: number, version: number, patch: Updateable<MatterTable>, now: Date) {
  return db
    .updateTable('matters')
    .set({ ...patch, updated_at: now, version: sql`version + 1` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

/** Updates a matter already locked by this transaction; bumps the version so open editors notice. */
export function updateMatter(db: Conn, tenantId: number, id: number, patch: Updateable<MatterTable>, now: Date) {
  return db
    .updateTable('matters')
    .set({ ...patch, updated_at: now, version: sql`version + 1` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function matterUnits(db: Conn, matterId: number) {
  return db.selectFrom('matter_units').selectAll().where('matter_id', '=', matterId).orderBy('id').execute();
}

export async function insertUnits(db: Conn, tenantId: number, matterId: number, units: { unitId: number; role: 'lead' | 'co' }[], assignedAt: Date | null) {
  if (!units.length) return;
  await db
    .insertInto('matter_units')
    .values(units.map((u) => ({ tenant_id: tenantId, matter_id: matterId, unit_id: u.unitId, role: u.role, status: 'pending' as const, progress: 0, assigned_at: assignedAt })))
    .execute();
}

export async function insertHandlers(db: Conn, tenantId: number, matterId: number, handlers: { personId: number; unitId: number }[], by: number | null, at: Date) {
  if (!handlers.length) return;
  await db
    .insertInto('matter_handlers')
    .values(handlers.map((h) => ({ tenant_id: tenantId, matter_id: matterId, unit_id: h.unitId, person_id: h.personId, assigned_by: by, assigned_at: at })))
    .onConflict((oc) => oc.columns(['matter_id', 'person_id']).doNothing())
    .execute();
}

export async function replaceMilestones(db: Conn, tenantId: number, matterId: number, milestones: { date: string; plannedProgress: number; description: string }[], progress: number, now: Date) {
  await db.deleteFrom('milestones').where('matter_id', '=', matterId).execute();
  if (!milestones.length) return;
  await db
    .insertInto('milestones')
    .values(
      milestones.map((m) => ({
        tenant_id: tenantId,
        matter_id: matterId,
        due_date: m.date,
        planned_progress: m.plannedProgress,
        description: m.description,
        reached_at: progress >= m.plannedProgress ? now : null,
      })),
    )
    .execute();
}

/** Person ids of the liaisons of these units (the unit head where a unit has no liaison). */
export async function liaisonsOf(db: Conn, tenantId: number, unitIds: number[]): Promise<number[]> {
  if (!unitIds.length) return [];
  const rows = await db
    .selectFrom('people')
    .select(['id', 'unit_id', 'is_liaison', 'is_unit_head'])
    .where('tenant_id', '=', tenantId)
    .where('unit_id', 'in', unitIds)
    .where('active', '=', true)
    .where((eb) => eb.or([eb('is_liaison', '=', true), eb('is_unit_head', '=', true)]))
    .execute();
  const out: number[] = [];
  for (const u of unitIds) {
    const mine = rows.filter((r) => r.unit_id === u);
    const liaisons = mine.filter((r) => r.is_liaison);
    out.push(...(liaisons.length ? liaisons : mine).map((r) => r.id));
  }
  return out;
}

/** Person ids of the handlers of a matter, optionally only those in some units. */
export async function handlersOf(db: Conn, matterId: number, unitIds?: number[]): Promise<number[]> {
  let q = db.selectFrom('matter_handlers').select('person_id').where('matter_id', '=', matterId);
  if (unitIds) q = q.where('unit_id', 'in', unitIds.length ? unitIds : [-1]);
  return (await q.execute()).map((r) => r.person_id);
}

/** Person ids of the supervision office (accounts holding the supervisor role) of a tenant. */
export async function officePeople(db: Conn, tenantId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('accounts')
    .select('person_id')
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'active')
    .where('person_id', 'is not', null)
    .where(sql<boolean>`'supervisor' = any(roles)`)
    .execute();
  return rows.flatMap((r) => (r.person_id === null ? [] : [r.person_id]));
}
