import { splitByMonths, type DateRange, type IsoDate } from '@duban/shared';
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../../db/schema';
import { overdueMatter } from '../matters/matter-status.sql';
import { instantsOf, scopeSql, type CockpitScope } from './cockpit.scope';

export type StatsRow = { unitId: number; key: string; n: number; done: number; onTime: number; daysSum: number; invPlan: number; invDone: number };

// Whole months come from monthly buckets, the loose days at either end from daily ones.
function bucketsIn(range: DateRange) {
  const split = splitByMonths(range);
  return sql<SqlBool>`(${sql.join(
    [
      ...(split.months ? [sql`(grain = 'm' and bucket between ${split.months.from} and ${split.months.to})`] : []),
      ...split.days.map((d) => sql`(grain = 'd' and bucket between ${d.from} and ${d.to})`),
    ],
    sql` or `,
  )})`;
}

type StatsKind = 'state' | 'category' | 'source';

/** A period's totals: the state, category and source distributions per key, and the lead units' totals. */
export type PeriodStats = Record<StatsKind, StatsRow[]> & { units: StatsRow[] };

const sums = [
  sql<number>`sum(n)`.as('n'),
  sql<number>`sum(done_n)`.as('done'),
  sql<number>`sum(on_time_n)`.as('on_time'),
  sql<number>`sum(days_sum)`.as('days_sum'),
  sql<number>`sum(inv_plan)`.as('inv_plan'),
  sql<number>`sum(inv_done)`.as('inv_done'),
];

type SumRow = { kind: string; unit_id: number; key: string; n: number; done: number; on_time: number; days_sum: number; inv_plan: number; inv_done: number };

const statsRow = (r: SumRow): StatsRow => ({
  unitId: r.unit_id,
  key: r.key,
  n: Number(r.n),
  done: Number(r.done),
  onTime: Number(r.on_time),
  daysSum: Number(r.days_sum),
  invPlan: Number(r.inv_plan),
  invDone: Number(r.inv_done),
});

function addInto(map: Map<string, StatsRow>, mapKey: string, r: StatsRow, unitId: number, key: string) {
  const v = map.get(mapKey) ?? { unitId, key, n: 0, done: 0, onTime: 0, daysSum: 0, invPlan: 0, invDone: 0 };
  v.n += r.n;
  v.done += r.done;
  v.onTime += r.onTime;
  v.daysSum += r.daysSum;
  v.invPlan += r.invPlan;
  v.invDone += r.invDone;
  map.set(mapKey, v);
}

/**
 * Totals of matters created in the range, from the trigger-kept tables, in one statement. The whole
 * tenant reads cockpit_totals (per key, and per lead unit; a few thousand rows for a year at any size);
 * a scoped viewer reads cockpit_stats, whose unit and leader columns answer the scope, with the state
 * rows per (unit, key) split here into the distribution and the units' totals.
 */
export async function periodStats(db: Kysely<DB>, tenantId: number, range: DateRange, scope: CockpitScope): Promise<PeriodStats> {
  const out: PeriodStats = { state: [], category: [], source: [], units: [] };
  if (scope.kind === 'tenant') {
    const rows = await db
      .selectFrom('cockpit_totals')
      .where('tenant_id', '=', tenantId)
      // Every kind, named so the primary key's (tenant, kind, grain, bucket) prefix bounds the scan.
      .where('kind', 'in', ['state', 'category', 'source', 'unit'])
      .where(bucketsIn(range))
      .groupBy(['kind', 'unit_id', 'key'])
      .select(['kind', 'unit_id', 'key', ...sums])
      .having(sql`sum(n)`, '<>', 0)
      .execute();
    for (const r of rows) (r.kind === 'unit' ? out.units : out[r.kind as StatsKind])?.push(statsRow(r));
    return out;
  }
  const rows = await db
    .selectFrom('cockpit_stats')
    .where('tenant_id', '=', tenantId)
    .where(bucketsIn(range))
    .where(scopeSql(scope, 'unit_id', 'leader_id'))
    // Only the state totals are needed per unit (the league table); category and source ones per key.
    .groupBy(['kind', sql`case when kind = 'state' then unit_id else 0 end`, 'key'])
    .select(['kind', sql<number>`case when kind = 'state' then unit_id else 0 end`.as('unit_id'), 'key', ...sums])
    .having(sql`sum(n)`, '<>', 0)
    .execute();
  const byKey = new Map<string, StatsRow>();
  const byUnit = new Map<string, StatsRow>();
  for (const raw of rows) {
    const r = statsRow(raw);
    if (raw.kind !== 'state') {
      out[raw.kind as StatsKind]?.push({ ...r, unitId: 0 });
      continue;
    }
    addInto(byKey, r.key, r, 0, r.key);
    addInto(byUnit, String(r.unitId), r, r.unitId, '');
  }
  out.state = [...byKey.values()].filter((r) => r.n !== 0);
  out.units = [...byUnit.values()].filter((r) => r.n !== 0);
  return out;
}

/** New, closed and warned matters per week (Monday) over the given weeks (the tenant's own weekly totals when unscoped). */
export async function weeklyCounts(db: Kysely<DB>, tenantId: number, firstWeek: IsoDate, lastWeek: IsoDate, scope: CockpitScope) {
  const rows =
    scope.kind === 'tenant'
      ? await db
          .selectFrom('cockpit_weekly_totals')
          .where('tenant_id', '=', tenantId)
          .where('week', '>=', firstWeek)
          .where('week', '<=', lastWeek)
          .select(['week', 'new_n', 'closed_n', 'warned_n'])
          .execute()
      : await db
          .selectFrom('cockpit_weekly')
          .where('tenant_id', '=', tenantId)
          .where('week', '>=', firstWeek)
          .where('week', '<=', lastWeek)
          .where(scopeSql(scope, 'unit_id', 'leader_id'))
          .groupBy('week')
          .select((eb) => ['week', eb.fn.sum<number>('new_n').as('new_n'), eb.fn.sum<number>('closed_n').as('closed_n'), eb.fn.sum<number>('warned_n').as('warned_n')])
          .execute();
  return new Map(rows.map((r) => [r.week, { new: Number(r.new_n), closed: Number(r.closed_n), warned: Number(r.warned_n) }]));
}

// Open matters past the deadline and created in the range (served by matters_open_deadline_status_idx alone).
function overdueBase(db: Kysely<DB>, tenantId: number, today: IsoDate, range: DateRange, scope: CockpitScope) {
  const { start, end } = instantsOf(range);
  return db
    .selectFrom('matters as m')
    .where('m.tenant_id', '=', tenantId)
    .where(overdueMatter(today))
    .where('m.created_at', '>=', start)
    .where('m.created_at', '<', end)
    .where(scopeSql(scope, 'm.lead_unit_id', 'm.lead_leader_id'));
}

/** Overdue matters per lead unit. */
export async function overdueByUnit(db: Kysely<DB>, tenantId: number, today: IsoDate, range: DateRange, scope: CockpitScope): Promise<Map<number, number>> {
  const rows = await overdueBase(db, tenantId, today, range, scope)
    .groupBy('m.lead_unit_id')
    .select((eb) => ['m.lead_unit_id', eb.fn.countAll<number>().as('n')])
    .execute();
  return new Map(rows.map((r) => [r.lead_unit_id, Number(r.n)]));
}

/** The most overdue matters, oldest deadline first, with unit and lead leader. */
export function overdueMatters(db: Kysely<DB>, tenantId: number, today: IsoDate, range: DateRange, scope: CockpitScope, limit: number) {
  return overdueBase(db, tenantId, today, range, scope)
    .innerJoin('units as u', 'u.id', 'm.lead_unit_id')
    .leftJoin('people as p', 'p.id', 'm.lead_leader_id')
    .select(['m.id', 'm.number', 'm.title', 'm.deadline', 'm.progress', 'u.name as unit_name', 'p.name as leader_name'])
    .orderBy('m.deadline')
    .orderBy('m.id')
    .limit(limit)
    .execute();
}

/** The biggest major projects (重大项目) by planned investment. */
export function majorProjects(db: Kysely<DB>, tenantId: number, range: DateRange, scope: CockpitScope, limit: number) {
  const { start, end } = instantsOf(range);
  return db
    .selectFrom('matters as m')
    .innerJoin('units as u', 'u.id', 'm.lead_unit_id')
    .where('m.tenant_id', '=', tenantId)
    .where('m.source', '=', 'major_project')
    .where('m.created_at', '>=', start)
    .where('m.created_at', '<', end)
    .where(scopeSql(scope, 'm.lead_unit_id', 'm.lead_leader_id'))
    .select(['m.id', 'm.number', 'm.title', 'm.progress', 'm.colour', 'm.investment_plan', 'm.investment_done', 'u.name as unit_name'])
    .orderBy(sql`m.investment_plan desc nulls last`)
    .orderBy('m.id')
    .limit(limit)
    .execute();
}

/** Names of units and categories, for labels. */
export async function names(db: Kysely<DB>, tenantId: number) {
  const [units, categories] = await Promise.all([
    db.selectFrom('units').where('tenant_id', '=', tenantId).select(['id', 'name', 'short_name', 'sort']).execute(),
    db.selectFrom('categories').where('tenant_id', '=', tenantId).select(['id', 'name', 'sort']).execute(),
  ]);
  return { units: new Map(units.map((u) => [u.id, u])), categories: new Map(categories.map((c) => [c.id, c])) };
}
