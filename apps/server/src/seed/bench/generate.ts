import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { systemActor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { sealPlainMobiles } from '../../lib/pii-at-rest';
import { hashPassword } from '../../modules/auth/password';
import { recordTrace } from '../../modules/trace/trace.service';
import { verifyTrace } from '../../modules/trace/trace.verify';
import { DEMO_PASSWORD } from '../demo-accounts';
import { generateActivity } from './activity';
import { generateAssessment } from './assessment';
import { rebuildDerived } from './derived';
import { BULK_TABLES, dropSecondaryIndexes, recreateIndexes } from './indexes';
import { generateMatters, type BenchClock } from './matters';
import { generateOrg } from './org';
import type { BenchSize } from './sizes';

export type BenchDataOptions = {
  size: BenchSize;
  /** The Asia/Shanghai date the generated history leads up to (default 2026-11-20, so runs are identical). */
  today?: string;
  log?: (msg: string) => void;
};

export type BenchDataSummary = {
  size: string;
  tenantIds: number[];
  today: string;
  seconds: number;
  phases: Record<string, number>;
  rows: Record<string, number>;
  trace: string;
};

const run = (conn: Kysely<DB>, text: string) => sql.raw(text).execute(conn);

/**
 * Fills the database with deterministic bench tenants of the given size, with set-based SQL only
 * (INSERT … SELECT over generate_series; no row-by-row inserts). Foreign-key triggers are off for the
 * session (session_replication_role = replica) and the secondary indexes are rebuilt at the end.
 *
 * Trace: the generated history writes no per-row trace; each tenant gets one `tenant.seed` entry
 * (through recordTrace, so the chain starts properly), and `duban audit verify` reports intact.
 */
export async function generateBenchData(deps: Deps, opts: BenchDataOptions): Promise<BenchDataSummary> {
  const log = opts.log ?? (() => undefined);
  const today = opts.today ?? '2026-11-20';
  const clock: BenchClock = { today, now: `${today} 10:00:00+08` };
  const existing = await deps.db.selectFrom('tenants').select('code').where('code', 'like', 'bench%').executeTakeFirst();
  if (existing) throw new Error(`bench tenants exist already (${existing.code}); generate into a fresh database`);
  const phases: Record<string, number> = {};
  const t0 = Date.now();
  let mark = t0;
  const phase = (name: string) => {
    const now = Date.now();
    phases[name] = Math.round((now - mark) / 100) / 10;
    mark = now;
    log(`${name}: ${phases[name]} s`);
  };
  const hash = await hashPassword(DEMO_PASSWORD);
  const tenantIds = await deps.db.connection().execute(async (conn) => {
    // JIT would compile the generator's long expressions for seconds per statement; bulk loads skip it.
    await run(conn, 'set jit = off');
    await run(conn, 'set synchronous_commit = off');
    await run(conn, "set maintenance_work_mem = '256MB'");
    await run(conn, 'set session_replication_role = replica');
    const dropped = await dropSecondaryIndexes(conn);
    let ids: number[];
    try {
      ids = await generateOrg(conn, opts.size, hash);
      phase('organisation');
      for (const [n, id] of ids.entries()) {
        await generateMatters(conn, id, clock);
        await generateActivity(conn, id, clock, opts.size.maxReports);
        if (ids.length <= 20 || (n + 1) % 50 === 0 || n + 1 === ids.length) log(`  tenant ${n + 1}/${ids.length} done (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
      }
      phase('matters and activity');
      await run(
        conn,
        `insert into number_sequences (tenant_id, kind, year, last)
         select tenant_id, 'matter', year, max(seq) from matters where tenant_id in (select tenant_id from bench_tenants) group by tenant_id, year
         union all
         select tenant_id, 'notice', year, max(seq) from notices where tenant_id in (select tenant_id from bench_tenants) group by tenant_id, year`,
      );
    } finally {
      await recreateIndexes(conn, dropped, log);
      phase('indexes');
      await run(conn, 'set session_replication_role = origin');
      await run(conn, 'drop table if exists bench_tenants, bench_units, bench_leaders, bench_categories');
    }
    return ids;
  });
  const finished = await finishBenchData(deps, { tenantIds, size: opts.size, today, log, phase });
  return { size: opts.size.name, tenantIds, today, seconds: Math.round((Date.now() - t0) / 100) / 10, phases, ...finished };
}

/**
 * The steps after the bulk load, on their own so an interrupted generation can be finished
 * (`npm run bench:data -- --size … --finish`): the derived rows (sweep marks; cockpit totals rebuilt
 * from scratch for these tenants), the mobile numbers sealed, vacuum analyze, one `tenant.seed` trace entry per tenant that has
 * none yet, and the trace verification.
 */
export async function finishBenchData(
  deps: Deps,
  opts: { tenantIds: number[]; size: BenchSize; today: string; log?: (msg: string) => void; phase?: (name: string) => void },
): Promise<Pick<BenchDataSummary, 'rows' | 'trace'>> {
  const { tenantIds, size, today } = opts;
  const log = opts.log ?? (() => undefined);
  const phase = opts.phase ?? log;
  await deps.db.connection().execute(async (conn) => {
    await run(conn, 'set jit = off');
    const has = await sql<{ cockpit: boolean }>`select to_regclass('cockpit_stats') is not null as cockpit`.execute(conn);
    if (has.rows[0]?.cockpit) {
      await sql`delete from cockpit_stats where tenant_id = any(${tenantIds}::int[])`.execute(conn);
      await sql`delete from cockpit_weekly where tenant_id = any(${tenantIds}::int[])`.execute(conn);
      const coarse = await sql<{ ok: boolean }>`select to_regclass('cockpit_totals') is not null as ok`.execute(conn);
      if (coarse.rows[0]?.ok) {
        await sql`delete from cockpit_totals where tenant_id = any(${tenantIds}::int[])`.execute(conn);
        await sql`delete from cockpit_weekly_totals where tenant_id = any(${tenantIds}::int[])`.execute(conn);
      }
    }
    await rebuildDerived(conn, tenantIds, log);
    await generateAssessment(conn, tenantIds, `${today} 10:00:00+08`);
    phase('derived totals');
    // The generator writes numbers in clear (set-based SQL cannot encrypt): sealed here, as a start would.
    await sealPlainMobiles(conn, deps.secretKey);
    phase('mobile numbers sealed');
    const derived = has.rows[0]?.cockpit ? ['cockpit_stats', 'cockpit_weekly', 'cockpit_warned', 'cockpit_totals', 'cockpit_weekly_totals'] : [];
    for (const t of [...BULK_TABLES, 'people', 'accounts', 'units', ...derived]) await sql`vacuum (analyze) ${sql.id(t)}`.execute(conn);
    phase('vacuum analyze');
  });

  const rows: Record<string, number> = {};
  for (const t of BULK_TABLES) {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.id(t)} where tenant_id = any(${tenantIds}::int[])`
      .execute(deps.db)
      .catch(async () => sql<{ n: number }>`select count(*)::int as n from ${sql.id(t)}`.execute(deps.db));
    rows[t] = r.rows[0]?.n ?? 0;
  }
  const seeded = new Set(
    (await deps.db.selectFrom('trace').select('tenant_id').where('action', '=', 'tenant.seed').where('tenant_id', 'in', tenantIds.length ? tenantIds : [-1]).execute()).map((r) => r.tenant_id),
  );
  for (const id of tenantIds.filter((t) => !seeded.has(t))) {
    await inTransaction(deps.db, (trx) =>
      recordTrace(trx, deps.clock, systemActor(id, '基准数据生成'), {
        action: 'tenant.seed',
        entityType: 'tenant',
        entityId: id,
        after: { bench: size.name, today, openMatters: Math.floor(size.openMatters / size.tenants), closedMatters: Math.floor(size.closedMatters / size.tenants) },
      }),
    );
  }
  await deps.anchor.flush();
  const verified = await verifyTrace(deps.db, deps.anchor, deps.clock.now());
  phase('trace and verify');
  return { rows, trace: `${verified.status} (${verified.rows} entries in ${verified.tenants.length} tenants)` };
}
