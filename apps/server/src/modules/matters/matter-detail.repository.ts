import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { childCountOfM, coUnitNamesOfM } from './ledger.query';

// The pieces of a matter page, each one indexed query by matter id; run in parallel.

export function headOf(db: Kysely<DB>, matterId: number) {
  return db
    .selectFrom('matters as m')
    .innerJoin('units as lu', 'lu.id', 'm.lead_unit_id')
    .leftJoin('people as ll', 'll.id', 'm.lead_leader_id')
    .leftJoin('categories as c', 'c.id', 'm.category_id')
    .leftJoin('matters as p', 'p.id', 'm.parent_id')
    .innerJoin('tenants as t', 't.id', 'm.tenant_id')
    .selectAll('m')
    .select(['lu.name as lead_unit_name', 'll.name as lead_leader_name', 'c.name as category_name', 'c.thresholds as category_thresholds', 't.settings as tenant_settings'])
    .select(['p.number as parent_number', 'p.title as parent_title', 'p.deadline as parent_deadline'])
    .select([coUnitNamesOfM.as('co_unit_names'), childCountOfM.as('child_count')])
    .where('m.id', '=', matterId)
    .executeTakeFirstOrThrow();
}

export function unitsOf(db: Kysely<DB>, matterId: number) {
  return db.selectFrom('matter_units as mu').innerJoin('units as u', 'u.id', 'mu.unit_id').selectAll('mu').select('u.name as unit_name').where('mu.matter_id', '=', matterId).orderBy('mu.id').execute();
}

export function handlersOf(db: Kysely<DB>, matterId: number) {
  return db.selectFrom('matter_handlers as h').innerJoin('people as p', 'p.id', 'h.person_id').select(['h.unit_id', 'h.person_id', 'p.name']).where('h.matter_id', '=', matterId).orderBy('h.assigned_at').execute();
}

export function milestonesOf(db: Kysely<DB>, matterId: number) {
  return db.selectFrom('milestones').selectAll().where('matter_id', '=', matterId).orderBy('due_date').orderBy('id').execute();
}

export function reportsOf(db: Kysely<DB>, matterId: number) {
  return db
    .selectFrom('progress_reports as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .selectAll('r')
    .select('u.name as unit_name')
    .where('r.matter_id', '=', matterId)
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(500)
    .execute();
}

export function attachmentsOf(db: Kysely<DB>, matterId: number) {
  return db.selectFrom('attachments').selectAll().where('matter_id', '=', matterId).orderBy('id').execute();
}

export function extensionsOf(db: Kysely<DB>, matterId: number) {
  return db
    .selectFrom('extension_requests as e')
    .leftJoin('units as u', 'u.id', 'e.unit_id')
    .leftJoin('accounts as ra', 'ra.id', 'e.requested_by')
    .leftJoin('accounts as da', 'da.id', 'e.decided_by')
    .selectAll('e')
    .select(['u.name as unit_name', 'ra.display_name as requested_name', 'da.display_name as decided_name'])
    .where('e.matter_id', '=', matterId)
    .orderBy('e.id', 'desc')
    .execute();
}

export function completionsOf(db: Kysely<DB>, matterId: number) {
  return db
    .selectFrom('completion_requests as c')
    .leftJoin('units as u', 'u.id', 'c.unit_id')
    .leftJoin('accounts as ra', 'ra.id', 'c.requested_by')
    .leftJoin('accounts as da', 'da.id', 'c.decided_by')
    .selectAll('c')
    .select(['u.name as unit_name', 'ra.display_name as requested_name', 'da.display_name as decided_name'])
    .where('c.matter_id', '=', matterId)
    .orderBy('c.id', 'desc')
    .execute();
}

export function urgesOf(db: Kysely<DB>, matterId: number) {
  return db
    .selectFrom('urges as g')
    .leftJoin('accounts as a', 'a.id', 'g.urged_by')
    .selectAll('g')
    .select('a.display_name as urged_name')
    .where('g.matter_id', '=', matterId)
    .orderBy('g.id', 'desc')
    .execute();
}

export function noticesOf(db: Kysely<DB>, matterId: number) {
  return db
    .selectFrom('notices as n')
    .leftJoin('accounts as a', 'a.id', 'n.issued_by')
    .selectAll('n')
    .select('a.display_name as issued_name')
    .select((eb) =>
      eb
        .selectFrom('notice_recipients as r')
        .innerJoin('people as p', 'p.id', 'r.person_id')
        .leftJoin('units as u', 'u.id', 'p.unit_id')
        .select(
          sql<{ personId: number; name: string; unitName: string | null; roleLabel: string | null; acknowledgedAt: string | null }[]>`coalesce(json_agg(json_build_object('personId', r.person_id, 'name', p.name, 'unitName', u.name, 'roleLabel', r.role_label, 'acknowledgedAt', r.acknowledged_at) order by p.id), '[]')`.as(
            'list',
          ),
        )
        .whereRef('r.notice_id', '=', 'n.id')
        .as('recipients'),
    )
    .where('n.matter_id', '=', matterId)
    .orderBy('n.id', 'desc')
    .execute();
}

export function inspectionsOf(db: Kysely<DB>, matterId: number) {
  return db
    .selectFrom('inspections as i')
    .selectAll('i')
    .select((eb) =>
      eb
        .selectFrom('inspection_inspectors as ii')
        .innerJoin('people as p', 'p.id', 'ii.person_id')
        .select(sql<string[]>`coalesce(array_agg(p.name order by p.id), '{}')`.as('names'))
        .whereRef('ii.inspection_id', '=', 'i.id')
        .as('inspector_names'),
    )
    .where('i.matter_id', '=', matterId)
    .orderBy('i.inspected_at', 'desc')
    .execute();
}
