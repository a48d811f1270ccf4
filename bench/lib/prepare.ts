import type pg from 'pg';
import { login } from './http';
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

/** The bench tenants the HTTP workloads pick from at random per request (all of them, in id order), at most `max`. */
export async function benchTenants(pool: pg.Pool, max: number): Promise<{ id: number; code: string }[]> {
  const t = await pool.query<{ id: number; code: string }>(`select id, code from tenants where code like 'bench%' order by id limit $1`, [max]);
  return t.rows;
}

/**
 * The matters report writes go to: in-progress matters led by 16 units of each tenant (fewer per tenant
 * when there are many tenants, at least 4), each written by that unit's liaison (signed in once). Saved
 * in bench_targets (with the tenant) for the pgbench script too.
 */
export async function prepareTargets(pool: pg.Pool, base: string | null, tenantIds: number[]): Promise<Pick<BenchContext, 'targets' | 'liaisons'>> {
  const perTenant = Math.max(4, Math.floor(16 / tenantIds.length));
  const units = await pool.query<{ unit_id: number; username: string; tenant_id: number }>(
    `select unit_id, username, tenant_id from (
       select p.unit_id, a.username, a.tenant_id, row_number() over (partition by a.tenant_id order by a.id) as n
       from accounts a join people p on p.id = a.person_id
       where a.tenant_id = any($1::int[]) and a.username like '%.liaison') x
     where n <= $2 order by tenant_id, unit_id`,
    [tenantIds, perTenant],
  );
  await pool.query('drop table if exists bench_targets');
  await pool.query(
    `create table bench_targets as
     select (row_number() over (order by m.id))::int as k, m.tenant_id, m.id as matter_id, m.lead_unit_id as unit_id, m.progress::int as progress, u.who
     from matters m join unnest($2::int[]) with ordinality as u(unit_id, who) on u.unit_id = m.lead_unit_id
     where m.tenant_id = any($1::int[]) and m.status = 'in_progress'`,
    [tenantIds, units.rows.map((u) => u.unit_id)],
  );
  await pool.query('create unique index on bench_targets (k)');
  const targets = await pool.query<{ tenant_id: number; matter_id: number; unit_id: number; progress: number; who: number }>(
    'select tenant_id, matter_id, unit_id, progress, who from bench_targets order by k',
  );
  const liaisons: BenchContext['liaisons'] = [];
  if (base) for (const u of units.rows) liaisons.push({ session: await login(base, u.username), unitId: u.unit_id, tenantId: u.tenant_id, username: u.username });
  return {
    targets: targets.rows.map((r) => ({ tenantId: r.tenant_id, matterId: r.matter_id, unitId: r.unit_id, progress: r.progress, who: r.who - 1 })),
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
