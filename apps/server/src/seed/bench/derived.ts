import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';

/**
 * Triggers were off while loading, so what they keep is rebuilt here, set-wise: the cockpit's running
 * totals (migration 4000). The same sums cockpit_apply(m, 1, true) adds per matter, grouped in one
 * statement per table instead of eight upserts per matter (which takes ~10 minutes per million).
 * And the sweep's dirty marks (migration 3001): every new matter is marked, as its insert trigger would,
 * so the first sweep classifies them all.
 */
export async function rebuildDerived(conn: Kysely<DB>, tenantIds: number[], log: (msg: string) => void): Promise<void> {
  const has = await sql<{ cockpit: boolean; dirty: boolean }>`
    select to_regclass('cockpit_stats') is not null as cockpit, to_regclass('matter_dirty') is not null as dirty`.execute(conn);
  const t0 = Date.now();
  if (has.rows[0]?.dirty) {
    await sql`
      insert into matter_dirty (matter_id, mark) select id, nextval('matter_dirty_mark') from matters
      where tenant_id = any(${tenantIds}::int[]) order by id on conflict (matter_id) do nothing`.execute(conn);
  }
  if (has.rows[0]?.cockpit) {
    // Tenant by tenant with room to aggregate in memory: all of a city at once (24 million fact rows) spilled
    // to disk and ran for tens of minutes.
    await sql`set work_mem = '256MB'`.execute(conn);
    for (const id of tenantIds) await cockpitTotals(conn, [id]);
    await sql`reset work_mem`.execute(conn);
  }
  log(`  derived rows (sweep marks, cockpit totals) ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/**
 * Adds the given tenants' matters to cockpit_warned, cockpit_stats and cockpit_weekly, as the per-row triggers
 * would have, and (from migration 4003 on) their tenant-wide regrouping into cockpit_totals and
 * cockpit_weekly_totals. The tenants must have no totals yet.
 */
export async function cockpitTotals(conn: Kysely<DB>, tenantIds: number[]): Promise<void> {
  await sql`
    insert into cockpit_warned (matter_id, week)
    select distinct matter_id, date_trunc('week', (at at time zone 'Asia/Shanghai'))::date from colour_history
    where tenant_id = any(${tenantIds}::int[]) and to_colour in ('yellow', 'blue', 'red')
    on conflict do nothing`.execute(conn);
  const facts = sql`
    select m.tenant_id, m.lead_unit_id as unit_id, coalesce(m.lead_leader_id, 0) as leader_id,
      (m.created_at at time zone 'Asia/Shanghai')::date as d,
      date_trunc('month', (m.created_at at time zone 'Asia/Shanghai'))::date as mo,
      (m.closed_at at time zone 'Asia/Shanghai')::date as cd,
      m.status in ('closed', 'archived') as done,
      m.status in ('closed', 'archived') and m.closed_at is not null and (m.closed_at at time zone 'Asia/Shanghai')::date <= m.deadline as on_time,
      case when m.status in ('closed', 'archived') and m.closed_at is not null
        then greatest((m.closed_at at time zone 'Asia/Shanghai')::date - m.start_date, 0) else 0 end as days,
      m.status || ':' || coalesce(m.colour, 'none') as st, coalesce(m.category_id::text, 'none') as cat, m.source,
      coalesce(m.investment_plan, 0) as plan, coalesce(m.investment_done, 0) as inv, m.id
    from matters m where m.tenant_id = any(${tenantIds}::int[])`;
  await sql`
    insert into cockpit_stats as c (tenant_id, kind, grain, bucket, unit_id, leader_id, key, n, done_n, on_time_n, days_sum, inv_plan, inv_done)
    select f.tenant_id, v.kind, v.grain, v.bucket, f.unit_id, f.leader_id, v.key, count(*), count(*) filter (where f.done),
      count(*) filter (where f.on_time), sum(f.days), sum(f.plan), sum(f.inv)
    from (${facts}) f
    cross join lateral (values ('state', 'd', f.d, f.st), ('state', 'm', f.mo, f.st), ('category', 'd', f.d, f.cat),
      ('category', 'm', f.mo, f.cat), ('source', 'd', f.d, f.source), ('source', 'm', f.mo, f.source)) as v(kind, grain, bucket, key)
    group by 1, 2, 3, 4, 5, 6, 7
    on conflict (tenant_id, kind, grain, bucket, unit_id, leader_id, key) do update set
      n = c.n + excluded.n, done_n = c.done_n + excluded.done_n, on_time_n = c.on_time_n + excluded.on_time_n,
      days_sum = c.days_sum + excluded.days_sum, inv_plan = c.inv_plan + excluded.inv_plan, inv_done = c.inv_done + excluded.inv_done`.execute(conn);
  await sql`
    insert into cockpit_weekly as w (tenant_id, week, unit_id, leader_id, new_n, closed_n, warned_n)
    select tenant_id, week, unit_id, leader_id, sum(new_n), sum(closed_n), sum(warned_n)
    from (
      select f.tenant_id, date_trunc('week', f.d)::date as week, f.unit_id, f.leader_id, 1 as new_n, 0 as closed_n, 0 as warned_n from (${facts}) f
      union all
      select f.tenant_id, date_trunc('week', f.cd)::date, f.unit_id, f.leader_id, 0, 1, 0 from (${facts}) f where f.cd is not null
      union all
      select f.tenant_id, cw.week, f.unit_id, f.leader_id, 0, 0, 1 from (${facts}) f join cockpit_warned cw on cw.matter_id = f.id
    ) e
    group by 1, 2, 3, 4
    on conflict (tenant_id, week, unit_id, leader_id) do update set
      new_n = w.new_n + excluded.new_n, closed_n = w.closed_n + excluded.closed_n, warned_n = w.warned_n + excluded.warned_n`.execute(conn);
  const coarse = await sql<{ ok: boolean }>`select to_regclass('cockpit_totals') is not null as ok`.execute(conn);
  if (!coarse.rows[0]?.ok) return;
  await sql`
    insert into cockpit_totals (tenant_id, kind, grain, bucket, unit_id, key, n, done_n, on_time_n, days_sum, inv_plan, inv_done)
    select tenant_id, kind, grain, bucket, 0, key, sum(n), sum(done_n), sum(on_time_n), sum(days_sum), sum(inv_plan), sum(inv_done)
    from cockpit_stats where tenant_id = any(${tenantIds}::int[]) group by tenant_id, kind, grain, bucket, key
    union all
    select tenant_id, 'unit', grain, bucket, unit_id, '', sum(n), sum(done_n), sum(on_time_n), sum(days_sum), sum(inv_plan), sum(inv_done)
    from cockpit_stats where tenant_id = any(${tenantIds}::int[]) and kind = 'state' group by tenant_id, grain, bucket, unit_id`.execute(conn);
  await sql`
    insert into cockpit_weekly_totals (tenant_id, week, new_n, closed_n, warned_n)
    select tenant_id, week, sum(new_n), sum(closed_n), sum(warned_n) from cockpit_weekly
    where tenant_id = any(${tenantIds}::int[]) group by tenant_id, week`.execute(conn);
}
