import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';

/** A tenant by the code in the Open311 URL (/api/open311/erqi/v2/…). */
export function tenantByCode(db: Kysely<DB>, code: string) {
  return db.selectFrom('tenants').select(['id', 'code', 'name']).where('code', '=', code).executeTakeFirst();
}

/**
 * The categories offered as services: active, public, and leaves (a major class with active subclasses is their
 * group, not a service), with their parent's name as the group.
 */
export function serviceCategories(db: Kysely<DB>, tenantId: number, code?: string) {
  let q = db
    .selectFrom('grid_categories as c')
    .leftJoin('grid_categories as parent', 'parent.id', 'c.parent_id')
    .select(['c.id', 'c.code', 'c.name', 'c.kind', 'c.urgency', 'parent.name as group_name'])
    .where('c.tenant_id', '=', tenantId)
    .where('c.active', '=', true)
    .where('c.public', '=', true)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('grid_categories as ch').select('ch.id').whereRef('ch.parent_id', '=', 'c.id').where('ch.active', '=', true))));
  if (code !== undefined) q = q.where('c.code', '=', code);
  return q.orderBy('c.code').execute();
}

/**
 * The problems of a tenant with what an outside system is told about them — their category and the unit that has
 * them (dispatched, or the level's unit holding them) — joined once for Open311 and the 12345 export alike.
 */
export function problemsWithUnits(db: Kysely<DB>, tenantId: number) {
  return db
    .selectFrom('grid_problems as p')
    .innerJoin('grid_categories as gc', 'gc.id', 'p.category_id')
    .leftJoin('units as du', 'du.id', 'p.dispatched_unit_id')
    .leftJoin('units as hu', 'hu.id', 'p.hold_unit_id')
    .where('p.tenant_id', '=', tenantId);
}

/** The last note of a problem's steps of the given actions (null: any public step), for a status or a result. */
export const lastNote = (actions: readonly string[] | null) =>
  actions
    ? sql<string | null>`(select e.note from grid_problem_events e where e.problem_id = p.id and e.action in (${sql.join(actions)}) and e.note is not null order by e.id desc limit 1)`
    : sql<string | null>`(select e.note from grid_problem_events e where e.problem_id = p.id and e.public = true and e.note is not null and e.note <> '' order by e.id desc limit 1)`;

export type RequestFilter = {
  ids?: string[];
  codes?: string[];
  from?: Date;
  to?: Date;
  statuses?: ('open' | 'closed')[];
  limit: number;
  offset: number;
};

/**
 * Problems as Open311 requests: only those of public categories, never a reporter's name or number (they are not
 * selected). The status note is the last note on the public timeline.
 */
export function requestRows(db: Kysely<DB>, tenantId: number, f: RequestFilter) {
  let q = problemsWithUnits(db, tenantId)
    .leftJoin('grid_cells as hc', 'hc.id', 'p.hold_cell_id')
    .leftJoin('open311_requests as o', 'o.problem_id', 'p.id')
    .select([
      'p.id',
      'p.ticket',
      'p.status',
      'p.title',
      'p.description',
      'p.address',
      'p.lat',
      'p.lon',
      'p.urgency',
      'p.colour',
      'p.source',
      'p.reported_at',
      'p.updated_at',
      'p.closed_at',
      'p.due_at',
      'p.stage_deadline',
      'gc.code as service_code',
      'gc.name as service_name',
      'du.name as dispatched_unit',
      'hu.name as hold_unit',
      'hc.name as hold_cell',
      'o.media_url',
      lastNote(null).as('status_note'),
    ])
    .where('gc.public', '=', true);
  if (f.ids) {
    // service_request_id overrides every other filter (the spec).
    q = q.where('p.id', 'in', f.ids.length ? f.ids : ['0']);
  } else {
    if (f.codes?.length) q = q.where('gc.code', 'in', f.codes);
    if (f.from) q = q.where('p.reported_at', '>=', f.from);
    if (f.to) q = q.where('p.reported_at', '<=', f.to);
    const statuses = f.statuses ?? [];
    if (statuses.length === 1) q = q.where('p.closed_at', statuses[0] === 'open' ? 'is' : 'is not', null);
  }
  return q.orderBy('p.reported_at', 'desc').orderBy('p.id', 'desc').limit(f.limit).offset(f.offset).execute();
}
export type RequestRow = Awaited<ReturnType<typeof requestRows>>[number];

/** The public timeline of one problem (the steps shown to citizens), oldest first. */
export function publicSteps(db: Kysely<DB>, problemId: string) {
  return db
    .selectFrom('grid_problem_events')
    .select(['at', 'action', 'to_status', 'note'])
    .where('problem_id', '=', problemId)
    .where('public', '=', true)
    .orderBy('id')
    .execute();
}

/** A problem's id by its ticket (受理编号), within the public categories. */
export function problemIdByTicket(db: Kysely<DB>, tenantId: number, ticket: string) {
  return db
    .selectFrom('grid_problems as p')
    .innerJoin('grid_categories as gc', 'gc.id', 'p.category_id')
    .select('p.id')
    .where('p.tenant_id', '=', tenantId)
    .where('p.ticket', '=', ticket)
    .where('gc.public', '=', true)
    .executeTakeFirst();
}
