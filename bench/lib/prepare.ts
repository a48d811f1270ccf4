import type pg from 'pg';
import { login, type Session } from './http';
import type { BenchContext } from './context';

/** The first bench tenant and the date its generated history leads up to. */
export async function benchTenant(pool: pg.Pool): Promise<{ id: number; code: string; today: string; matters: number }> {
  const t = await pool.query<{ id: number; code: string; today: string | null }>(
    `select t.id, t.code, (select after ->> 'today' from trace where tenant_id = t.id and action = 'tenant.seed' order by seq limit 1) as today
     from tenants t where t.code like 'bench%' order by t.id limit 1`,
  );
  const row = t.rows[0];
  if (!row) throw new Error('no bench tenant in this database: run `npm run bench:data -- --size …` first');
  const n = await pool.query<{ n: number }>('select count(*)::int as n from matters where tenant_id = $1', [row.id]);
  return { id: row.id, code: row.code, today: row.today ?? '2026-11-20', matters: n.rows[0]?.n ?? 0 };
}

/**
 * The matters report writes go to: in-progress matters led by 16 units, each written by that unit's
 * liaison (signed in once). Saved in bench_targets for the pgbench script too.
 */
export async function prepareTargets(pool: pg.Pool, base: string | null, tenantId: number): Promise<Pick<BenchContext, 'targets' | 'liaisons'>> {
  const units = await pool.query<{ unit_id: number; username: string }>(
    `select p.unit_id, a.username from accounts a join people p on p.id = a.person_id
     where a.tenant_id = $1 and a.username like '%.liaison' order by a.id limit 16`,
    [tenantId],
  );
  await pool.query('drop table if exists bench_targets');
  await pool.query(
    `create table bench_targets as
     select (row_number() over (order by m.id))::int as k, m.id as matter_id, m.lead_unit_id as unit_id, m.progress::int as progress, u.who
     from matters m join unnest($2::int[]) with ordinality as u(unit_id, who) on u.unit_id = m.lead_unit_id
     where m.tenant_id = $1 and m.status = 'in_progress'`,
    [tenantId, units.rows.map((u) => u.unit_id)],
  );
  await pool.query('create unique index on bench_targets (k)');
  const targets = await pool.query<{ matter_id: number; unit_id: number; progress: number; who: number }>('select matter_id, unit_id, progress, who from bench_targets order by k');
  const liaisons: { session: Session; unitId: number }[] = [];
  if (base) for (const u of units.rows) liaisons.push({ session: await login(base, u.username), unitId: u.unit_id });
  return {
    targets: targets.rows.map((r) => ({ matterId: r.matter_id, unitId: r.unit_id, progress: r.progress, who: r.who - 1 })),
    liaisons,
  };
}

/** Queues `n` undelivered outbox entries (one recipient each) for the dispatcher and its ceiling. */
export async function queueOutbox(pool: pg.Pool, tenantId: number, n: number): Promise<void> {
  await pool.query(
    `with p as (select id from people where tenant_id = $1 order by id limit 200),
     o as (
       insert into outbox (tenant_id, kind, event_key, title, body, link, created_at)
       select $1, 'bench.dispatch', 'bench-dispatch:' || g || ':' || clock_timestamp(), '【基准测试】督办提醒', '请及时汇报进度', '/matters', now()
       from generate_series(1, $2::int) g returning id)
     insert into outbox_recipients (outbox_id, tenant_id, person_id)
     select o.id, $1, (select id from p order by id offset (o.id % 200) limit 1) from o`,
    [tenantId, n],
  );
}

/** A created_at lower bound selecting about `n` of the tenant's newest matters (for the export). */
export async function exportBound(pool: pg.Pool, tenantId: number, n: number): Promise<{ from: string; rows: number }> {
  const r = await pool.query<{ at: Date }>(`select created_at as at from matters where tenant_id = $1 order by created_at desc offset $2 limit 1`, [tenantId, n - 1]);
  const at = r.rows[0]?.at ?? new Date(0);
  const from = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const c = await pool.query<{ n: number }>(`select count(*)::int as n from matters where tenant_id = $1 and created_at >= $2::date`, [tenantId, from]);
  return { from, rows: c.rows[0]?.n ?? 0 };
}
