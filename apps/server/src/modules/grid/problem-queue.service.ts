import { GRID_ACTIVE_STATUSES, gridClockColour, pickLimit, STAGE_OF_STATUS, workingMinutesBetween, limitMinutes, type GridStatus, type GridUrgency, type ProblemQueueQuery } from '@duban/shared';
import { sql, type Kysely } from 'kysely';
import { executePrepared } from '../../db/prepared';
import type { DB } from '../../db/schema';
import { requirePermission, type Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { limitRows } from './grid-limits.service';
import { gridWorkClock } from './grid-settings';
import { gridProblemScope } from './grid-scope';

/** A row of a queue (待办队列): the problem, where it is, and its clock in working time. */
export type QueueItem = {
  id: string;
  ticket: string;
  title: string;
  status: GridStatus;
  urgency: GridUrgency;
  source: string;
  categoryName: string;
  holdLevel: string;
  holdName: string | null;
  unitName: string | null;
  cellName: string | null;
  cellParent: string | null;
  reportedAt: string;
  stageDeadline: string | null;
  holdDeadline: string | null;
  /** Working minutes left on the running stage (negative: overdue), null without a stage clock. */
  minutesLeft: number | null;
  colour: 'red' | 'yellow' | 'green' | null;
  matterId: number | null;
};

const myStaffCells = (actor: Actor, duties: string[]) =>
  sql<number>`(select s.cell_id from grid_staff s where s.tenant_id = ${actor.tenantId} and s.valid_to is null and s.duty in (${sql.join(duties)}) and (s.account_id = ${actor.accountId ?? -1} or s.person_id = ${actor.personId ?? -1}))`;

/** The queue page: the actor's problems (grid scope in SQL) after the filters, most urgent clock first. */
export async function problemQueue(deps: Deps, actor: Actor, q: ProblemQueueQuery): Promise<{ items: QueueItem[]; total: number }> {
  requirePermission(actor, 'grid.read');
  const db = deps.db;
  let query = db
    .selectFrom('grid_problems as p')
    .innerJoin('grid_categories as gc', 'gc.id', 'p.category_id')
    .where('p.tenant_id', '=', actor.tenantId);
  const scope = gridProblemScope(actor);
  if (scope) query = query.where(scope);
  if (q.level) query = query.where('p.hold_level', '=', q.level);
  if (q.status) query = query.where('p.status', '=', q.status);
  if (q.open === 'true') query = query.where('p.closed_at', 'is', null);
  if (q.open === 'false') query = query.where('p.closed_at', 'is not', null);
  if (q.unitId) query = query.where((eb) => eb.or([eb('p.dispatched_unit_id', '=', q.unitId ?? -1), eb('p.hold_unit_id', '=', q.unitId ?? -1)]));
  if (q.cellId) query = query.where((eb) => eb.or([eb('p.cell_id', '=', q.cellId ?? -1), eb('p.hold_cell_id', '=', q.cellId ?? -1)]));
  if (q.categoryId) query = query.where((eb) => eb.or([eb('p.category_id', '=', q.categoryId ?? -1), eb('gc.parent_id', '=', q.categoryId ?? -1)]));
  if (q.q) query = query.where((eb) => eb.or([eb('p.ticket', 'like', `%${q.q}%`), eb('p.title', 'like', `%${q.q}%`)]));
  if (q.mine === 'reported') query = query.where('p.reporter_account_id', '=', actor.accountId ?? -1);
  if (q.mine === 'handling') {
    query = query
      .where('p.status', 'in', ['dispatched', 'handling'])
      .where((eb) => eb.or([eb('p.dispatched_unit_id', '=', actor.unitId ?? -1), eb('p.handler_account_id', '=', actor.accountId ?? -1)]));
  }
  if (q.mine === 'verify') {
    query = query.where('p.status', '=', 'handled').where((eb) => eb.or([eb('p.handled_by', 'is', null), eb('p.handled_by', '!=', actor.accountId ?? -1)]));
    if (!actor.roles.includes('inspector') && scope) query = query.where(sql<boolean>`p.cell_id in ${myStaffCells(actor, ['leader', 'member', 'supervisor'])}`);
  }
  if (q.mine === 'level') {
    query = query
      .where('p.status', 'in', [...GRID_ACTIVE_STATUSES])
      .where((eb) => eb.or([eb('p.hold_unit_id', '=', actor.unitId ?? -1), sql<boolean>`p.hold_cell_id in ${myStaffCells(actor, ['leader', 'member'])}`]));
  }
  // Prepared on PostgreSQL (db/prepared.ts): the scope's recursive cells and grid_problems' many indexes made planning
  // cost more than running (1–7 ms against 0.3–2 ms for a community's page at Zhengzhou's scale). An actor's scope
  // compiles to the same text on every call (ids are parameters), so the plan is reused once PostgreSQL settles on it.
  const [countRows, rows] = await Promise.all([
    executePrepared(db, query.select((eb) => eb.fn.countAll<string>().as('n')).compile()).then((r) => r.rows),
    executePrepared(
      db,
      query
        .leftJoin('grid_cells as c', 'c.id', 'p.cell_id')
        .leftJoin('grid_cells as pc', 'pc.id', 'c.parent_id')
        .leftJoin('grid_cells as hc', 'hc.id', 'p.hold_cell_id')
        .leftJoin('units as u', 'u.id', 'p.dispatched_unit_id')
        .select([
          'p.id',
          'p.ticket',
          'p.title',
          'p.status',
          'p.urgency',
          'p.source',
          'gc.name as category_name',
          'gc.parent_id as category_parent_id',
          'p.category_id',
          'p.limit_version_id',
          'p.hold_level',
          'hc.name as hold_name',
          'u.name as unit_name',
          'c.name as cell_name',
          sql<string | null>`nullif(concat_ws(' › ', (select g.name from grid_cells g where g.id = pc.parent_id), pc.name), '')`.as('cell_parent'),
          'p.reported_at',
          'p.stage_deadline',
          'p.hold_deadline',
          'p.matter_id',
        ])
        .orderBy(sql`p.closed_at is null`, 'desc')
        .orderBy(sql`p.stage_deadline asc nulls last`)
        .orderBy('p.id', 'desc')
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .compile(),
    ).then((r) => r.rows),
  ]);
  const countRow = countRows[0];
  const clock = await gridWorkClock(db, actor.tenantId);
  const now = deps.clock.now();
  const items: QueueItem[] = [];
  for (const r of rows) {
    const status = r.status as GridStatus;
    const left = r.stage_deadline ? workingMinutesBetween(clock, now, new Date(r.stage_deadline)) : null;
    const stage = STAGE_OF_STATUS[status];
    const limit = stage ? pickLimit(await limitRows(db as Kysely<DB>, r.limit_version_id), stage, r.category_id, r.category_parent_id, r.urgency) : null;
    items.push({
      id: String(r.id),
      ticket: r.ticket,
      title: r.title,
      status,
      urgency: r.urgency,
      source: r.source,
      categoryName: r.category_name,
      holdLevel: r.hold_level,
      holdName: r.hold_name,
      unitName: r.unit_name,
      cellName: r.cell_name,
      cellParent: r.cell_parent,
      reportedAt: new Date(r.reported_at).toISOString(),
      stageDeadline: r.stage_deadline ? new Date(r.stage_deadline).toISOString() : null,
      holdDeadline: r.hold_deadline ? new Date(r.hold_deadline).toISOString() : null,
      minutesLeft: left === null ? null : Math.round(left),
      colour: gridClockColour(left, limit ? limitMinutes(clock, limit) : null),
      matterId: r.matter_id,
    });
  }
  return { items, total: Number(countRow?.n ?? 0) };
}
