import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';

/**
 * Triggers were off while loading, so what they keep is rebuilt here, set-wise where the schema
 * allows: the cockpit's running totals (migration 4000: cockpit_warned, then cockpit_apply per matter,
 * exactly as that migration backfills existing matters). The sweep's fact epochs need nothing: new
 * rows start stale (colour_epoch 0), so the first sweep classifies them all.
 */
export async function rebuildDerived(conn: Kysely<DB>, tenantIds: number[], log: (msg: string) => void): Promise<void> {
  const has = await sql<{ ok: boolean }>`select to_regproc('cockpit_apply') is not null as ok`.execute(conn);
  if (!has.rows[0]?.ok) return;
  const t0 = Date.now();
  await sql`
    insert into cockpit_warned (matter_id, week)
    select distinct matter_id, date_trunc('week', (at at time zone 'Asia/Shanghai'))::date from colour_history
    where tenant_id = any(${tenantIds}::int[]) and to_colour in ('yellow', 'blue', 'red')
    on conflict do nothing`.execute(conn);
  await sql`select count(cockpit_apply(m, 1, true)) from matters m where m.tenant_id = any(${tenantIds}::int[])`.execute(conn);
  log(`  cockpit totals ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
