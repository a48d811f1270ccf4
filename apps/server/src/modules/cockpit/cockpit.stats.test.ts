import { addDays, ledgerQuerySchema, mondayOf, shanghaiDate, type CockpitView } from '@duban/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import type { Actor } from '../../lib/actor';
import { insertRandomMatters, mutateRandomly, seeded, type MatterSeed } from './cockpit.fixtures';
import { ledgerPage, ledgerWhere, totalFromCockpit } from '../matters/ledger.query';
import { cockpitFigures } from './cockpit.service';

// The trigger-kept totals must give exactly what a direct recount over the matters gives,
// after inserts, lifecycle changes, colour changes, moves between units and deletes.

let rt: TestRuntime;
let t: Awaited<ReturnType<typeof seedTenant>>;
let seed: MatterSeed;
const OVERDUE = ['assigned', 'in_progress', 'completion_requested'];

type Row = {
  id: number;
  status: string;
  colour: string | null;
  lead_unit_id: number;
  lead_leader_id: number | null;
  category_id: number | null;
  source: string;
  created_at: Date;
  closed_at: Date | null;
  deadline: string;
  start_date: string;
};

async function recount(actor: Actor, from: string, to: string, today: string) {
  const rows: Row[] = await rt.db
    .selectFrom('matters')
    .select(['id', 'status', 'colour', 'lead_unit_id', 'lead_leader_id', 'category_id', 'source', 'created_at', 'closed_at', 'deadline', 'start_date'])
    .where('tenant_id', '=', t.tenantId)
    .execute();
  const inScope = (m: Row) =>
    actor.scope.kind === 'tenant' || actor.scope.unitIds.includes(m.lead_unit_id) || (actor.roles.includes('leader') && m.lead_leader_id === actor.personId);
  const scoped = rows.filter(inScope);
  const inPeriod = scoped.filter((m) => {
    const d = shanghaiDate(m.created_at);
    return d >= from && d <= to;
  });
  const done = inPeriod.filter((m) => m.status === 'closed' || m.status === 'archived');
  const onTime = done.filter((m) => m.closed_at && shanghaiDate(m.closed_at) <= m.deadline);
  const count = <K extends string>(xs: Row[], key: (m: Row) => K) => {
    const out: Record<string, number> = {};
    for (const m of xs) out[key(m)] = (out[key(m)] ?? 0) + 1;
    return out;
  };
  const history = await rt.db.selectFrom('colour_history').select(['matter_id', 'to_colour', 'at']).where('tenant_id', '=', t.tenantId).execute();
  const ids = new Set(scoped.map((m) => m.id));
  const warnedWeeks = new Map<string, Set<number>>();
  for (const h of history) {
    if (!ids.has(h.matter_id) || !h.to_colour || h.to_colour === 'green') continue;
    const w = mondayOf(shanghaiDate(h.at));
    warnedWeeks.set(w, (warnedWeeks.get(w) ?? new Set()).add(h.matter_id));
  }
  return {
    all: inPeriod.length,
    done: done.length,
    onTime: onTime.length,
    overdue: inPeriod.filter((m) => OVERDUE.includes(m.status) && m.deadline < today).length,
    byColour: count(inPeriod, (m) => m.colour ?? 'none'),
    byStatus: count(inPeriod, (m) => m.status),
    byUnit: count(inPeriod, (m) => String(m.lead_unit_id)),
    byCategory: count(inPeriod, (m) => String(m.category_id ?? 'none')),
    bySource: count(inPeriod, (m) => m.source),
    newByWeek: count(scoped, (m) => mondayOf(shanghaiDate(m.created_at))),
    closedByWeek: count(
      scoped.filter((m) => m.closed_at),
      (m) => mondayOf(shanghaiDate(m.closed_at ?? new Date(0))),
    ),
    warnedByWeek: Object.fromEntries([...warnedWeeks].map(([w, s]) => [w, s.size])),
    avgDays: done.length ? done.reduce((a, m) => a + Math.max(0, (Date.parse(shanghaiDate(m.closed_at ?? new Date(0))) - Date.parse(m.start_date)) / 86_400_000), 0) / done.length : null,
  };
}

const nonZero = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).filter(([, n]) => n !== 0));

function compare(view: CockpitView, expected: Awaited<ReturnType<typeof recount>>) {
  expect(view.totals.all.n).toBe(expected.all);
  expect(view.totals.done.n).toBe(expected.done);
  expect(view.totals.onTime.n).toBe(expected.onTime);
  expect(view.totals.overdue.n).toBe(expected.overdue);
  expect(nonZero(Object.fromEntries(view.byColour.map((c) => [c.colour, c.n])))).toEqual(expected.byColour);
  expect(nonZero(Object.fromEntries(view.byStatus.map((c) => [c.status, c.n])))).toEqual(expected.byStatus);
  expect(Object.fromEntries(view.units.map((u) => [String(u.unitId), u.all.n]))).toEqual(expected.byUnit);
  expect(Object.fromEntries(view.byCategory.map((c) => [String(c.categoryId ?? 'none'), c.n]))).toEqual(expected.byCategory);
  expect(Object.fromEntries(view.bySource.map((c) => [c.source, c.n]))).toEqual(expected.bySource);
  for (const w of view.trend) {
    expect([w.week, w.new.n, w.closed.n, w.warned.n]).toEqual([w.week, expected.newByWeek[w.week] ?? 0, expected.closedByWeek[w.week] ?? 0, expected.warnedByWeek[w.week] ?? 0]);
  }
  if (expected.avgDays === null) expect(view.totals.avgDays).toBeNull();
  else expect(view.totals.avgDays).toBeCloseTo(expected.avgDays, 0);
}

describe('cockpit totals equal a direct recount', () => {
  beforeAll(async () => {
    rt = await createTestRuntime({ at: '2026-11-20T02:00:00Z' });
    t = await seedTenant(rt);
    seed = {
      tenantId: t.tenantId,
      unitIds: [t.units.office, t.units.housing, t.units.edu, t.units.street],
      leaderIds: [t.people.leader, t.people.deputy, null],
      categoryIds: [...Object.values(t.categories), null],
      firstDay: '2025-12-01',
      days: 400,
    };
  });
  afterAll(() => rt.close());

  it('after random inserts, changes and deletes, for every period and scope', async () => {
    const rand = seeded(2026);
    const ids = await insertRandomMatters(rt.db, seed, 1500, rand);
    for (let i = 0; i < 600; i++) await mutateRandomly(rt.db, seed, ids, rand);
    const today = shanghaiDate(rt.clock.now());
    const periods = [
      { period: 'year' as const },
      { period: 'quarter' as const },
      { period: 'month' as const },
      { period: 'week' as const },
      { period: 'custom' as const, from: '2026-02-14', to: '2026-09-03' },
      { period: 'custom' as const, from: '2025-12-30', to: '2026-01-02' },
      { period: 'custom' as const, from: '2025-11-01', to: '2027-03-01' },
    ];
    for (const username of ['t1dcb', 't1shuji', 't1deputy', 't1head']) {
      const actor = await t.actor(username);
      for (const q of periods) {
        const view = await cockpitFigures(rt, actor, q);
        compare(view, await recount(actor, view.from, view.to, today));
      }
    }
  }, 300_000);

  it('counts a leader only in their scope and sums to the tenant across the street and the rest', async () => {
    const office = await cockpitFigures(rt, await t.actor('t1dcb'), { period: 'year' });
    const deputy = await cockpitFigures(rt, await t.actor('t1deputy'), { period: 'year' });
    const head = await cockpitFigures(rt, await t.actor('t1head'), { period: 'year' });
    expect(deputy.totals.all.n).toBeLessThan(office.totals.all.n);
    expect(deputy.units.every((u) => u.unitId === t.units.housing || u.all.n > 0)).toBe(true);
    expect(head.units.map((u) => u.unitId)).toEqual([t.units.street]);
    expect(head.totals.all.link).toContain('leadScope=true');
    expect(office.totals.all.link).not.toContain('leadScope');
    expect(office.scope.kind).toBe('tenant');
    expect(office.trend.some((w) => w.warned.n > 0) && office.trend.some((w) => w.closed.n > 0)).toBe(true);
    expect(addDays(office.from, 0)).toBe('2026-01-01');
  });

  it('keeps the tenant-wide totals equal to the per-unit-and-leader ones regrouped, counter by counter', async () => {
    const regrouped = await sql`
      select kind, grain, bucket::text, 0 as unit_id, key, sum(n)::int as n, sum(done_n)::int as done_n, sum(on_time_n)::int as on_time_n,
             sum(days_sum)::bigint::text as days_sum, sum(inv_plan)::text as inv_plan, sum(inv_done)::text as inv_done
      from cockpit_stats where tenant_id = ${t.tenantId} group by kind, grain, bucket, key
      union all
      select 'unit', grain, bucket::text, unit_id, '', sum(n)::int, sum(done_n)::int, sum(on_time_n)::int,
             sum(days_sum)::bigint::text, sum(inv_plan)::text, sum(inv_done)::text
      from cockpit_stats where tenant_id = ${t.tenantId} and kind = 'state' group by grain, bucket, unit_id`.execute(rt.db);
    const kept = await sql`
      select kind, grain, bucket::text, unit_id, key, n, done_n, on_time_n, days_sum::text, inv_plan::text, inv_done::text
      from cockpit_totals where tenant_id = ${t.tenantId}`.execute(rt.db);
    const norm = (rows: unknown[]) =>
      (rows as Record<string, unknown>[])
        .filter((r) => Number(r.n) !== 0 || Number(r.done_n) !== 0 || Number(r.days_sum) !== 0 || Number(r.inv_plan) !== 0)
        .map((r) => JSON.stringify([r.kind, r.grain, r.bucket, Number(r.unit_id), r.key, Number(r.n), Number(r.done_n), Number(r.on_time_n), Number(r.days_sum), Number(r.inv_plan), Number(r.inv_done)]))
        .sort();
    expect(kept.rows.length).toBeGreaterThan(100);
    expect(norm(kept.rows)).toEqual(norm(regrouped.rows));
    const weeks = await sql`
      select w.week::text, w.new_n, w.closed_n, w.warned_n, t.new_n as t_new, t.closed_n as t_closed, t.warned_n as t_warned
      from (select week, sum(new_n)::int as new_n, sum(closed_n)::int as closed_n, sum(warned_n)::int as warned_n
            from cockpit_weekly where tenant_id = ${t.tenantId} group by week) w
      full join cockpit_weekly_totals t on t.tenant_id = ${t.tenantId} and t.week = w.week
      where t.tenant_id is null or w.week is null or t.new_n <> w.new_n or t.closed_n <> w.closed_n or t.warned_n <> w.warned_n`.execute(rt.db);
    expect(weeks.rows).toEqual([]);
  });

  it('gives the ledger the same total from the tenant-wide totals as counting the matters, for status and colour views', async () => {
    const office = await t.actor('t1dcb');
    const queries = [{}, { status: 'in_progress' }, { colour: 'red' }, { colour: 'none' }, { status: 'assigned,in_progress,completion_requested', colour: 'yellow,blue' }, { status: 'closed', colour: 'green,none' }, { status: 'cancelled', sort: 'number', page: '2' }];
    for (const raw of queries) {
      const q = ledgerQuerySchema.parse(raw);
      const fromTotals = await totalFromCockpit(rt.db, office, q);
      const counted = await ledgerWhere(rt.db, office, q, rt.clock.now()).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
      expect([raw, fromTotals]).toEqual([raw, counted.n]);
      // And where people meet it: the ledger page's total.
      expect([raw, (await ledgerPage(rt.db, office, q, rt.clock.now())).total]).toEqual([raw, counted.n]);
    }
    expect(await totalFromCockpit(rt.db, office, ledgerQuerySchema.parse({ colour: 'red', leadUnitId: String(t.units.edu) }))).toBeNull();
    expect(await totalFromCockpit(rt.db, await t.actor('t1head'), ledgerQuerySchema.parse({ colour: 'red' }))).toBeNull();
  });
});
