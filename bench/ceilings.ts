import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import ExcelJS from 'exceljs';
import type pg from 'pg';
import { load } from './lib/http';
import { pgbench } from './lib/pgbench';
import { closedLoop } from './lib/stats';
import { LEDGER_SQL, MATTER_SQL } from './lib/sql';
import type { BenchContext, Ceilings } from './lib/context';
import { metered, type CpuPerOp } from './lib/cpu';

/** pgbench -S on its own tables in a side database: the box's read ceiling. */
export async function readCeiling(adminUrl: string, smoke: boolean, seconds: number, pool: pg.Pool): Promise<{ tps: number; cpu: CpuPerOp }> {
  const url = new URL(adminUrl);
  url.pathname = '/bench_pgbench';
  const exists = await pool.query(`select 1 from pg_database where datname = 'bench_pgbench'`);
  if (!exists.rowCount) {
    await pool.query('create database bench_pgbench');
    await new Promise<void>((resolve, reject) => {
      const p = spawn('pgbench', ['-i', '-q', '-s', smoke ? '1' : '10', url.toString()], { stdio: 'ignore' });
      p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pgbench -i exited ${code}`))));
    });
  }
  const r = await metered({ pgUrl: url.toString() }, () => pgbench(url.toString(), { args: ['-S'], clients: 16, seconds }), (v) => v.tps * seconds);
  return { tps: r.value.tps, cpu: r.cpu };
}

/** A pgbench script shaped like a progress report: report row, matter and unit update, trace row under the head lock, outbox rows. */
export const WRITE_SCRIPT = `
\\set k random(1, :ntargets)
BEGIN;
SELECT tenant_id AS tid, matter_id, unit_id, progress FROM bench_targets WHERE k = :k \\gset
INSERT INTO progress_reports (tenant_id, matter_id, unit_id, reporter_name, progress, text) VALUES (:tid, :matter_id, :unit_id, 'pgbench', :progress, 'pgbench：现场施工有序推进');
UPDATE matters SET progress = :progress, last_report_at = now(), last_progress_at = now(), updated_at = now(), version = version + 1 WHERE id = :matter_id;
UPDATE matter_units SET progress = :progress, last_report_at = now() WHERE matter_id = :matter_id AND unit_id = :unit_id;
SELECT seq, hash FROM bench_trace_head WHERE tenant_id = :tid FOR UPDATE \\gset
INSERT INTO bench_trace (tenant_id, seq, at, actor_name, action, entity_type, entity_id, after, prev_hash, hash) VALUES (:tid, :seq + 1, now(), 'pgbench', 'matter.report', 'matter', :matter_id, jsonb_build_object('progress', :progress), ':hash', md5(:seq::text) || md5(:k::text));
UPDATE bench_trace_head SET seq = :seq + 1, hash = md5(:seq::text) || md5(:k::text) WHERE tenant_id = :tid;
INSERT INTO outbox (tenant_id, kind, event_key, matter_id, title, body, created_at) VALUES (:tid, 'bench.ceiling', 'bench-ceiling:' || :matter_id || ':' || clock_timestamp(), :matter_id, '进度汇报', 'pgbench', now()) RETURNING id AS oid \\gset
INSERT INTO outbox_recipients (outbox_id, tenant_id, person_id) SELECT :oid, :tid, person_id FROM matter_handlers WHERE matter_id = :matter_id;
END;
`;

/**
 * The write ceiling at 16 clients. Trace rows go to a scratch copy of the trace table (same columns
 * and indexes, same per-tenant head lock), because fake rows in the real chain would break its hashes;
 * the report and outbox rows it adds are deleted afterwards.
 */
export async function writeCeiling(ctx: Pick<BenchContext, 'pgUrl' | 'pool' | 'tenant' | 'targets' | 'seconds'>): Promise<{ tps: number; latencyMs: number; cpu: CpuPerOp }> {
  const { pool, tenant } = ctx;
  await pool.query('drop table if exists bench_trace, bench_trace_head');
  await pool.query('create table bench_trace (like trace including all)');
  await pool.query('create table bench_trace_head (like trace_head including all)');
  // One chain head per tenant the targets are in: with several tenants, writes of different tenants do not wait for each other (as ours).
  const tenantIds = [...new Set([tenant.id, ...ctx.targets.map((t) => t.tenantId)])];
  await pool.query(`insert into bench_trace_head (tenant_id, seq, hash) select t, 0, repeat('0', 64) from unnest($1::int[]) t`, [tenantIds]);
  const started = new Date();
  try {
    const r = await metered(
      { pgUrl: ctx.pgUrl },
      () => pgbench(ctx.pgUrl, { script: WRITE_SCRIPT, clients: 16, seconds: ctx.seconds, vars: { ntargets: ctx.targets.length } }),
      (v) => v.tps * ctx.seconds,
    );
    return { ...r.value, cpu: r.cpu };
  } finally {
    await pool.query(`delete from progress_reports where tenant_id = any($1::int[]) and created_at >= $2 and reporter_name = 'pgbench'`, [tenantIds, started]);
    await pool.query(`delete from outbox where tenant_id = any($1::int[]) and kind = 'bench.ceiling'`, [tenantIds]);
    await pool.query('drop table if exists bench_trace, bench_trace_head');
  }
}

/** FOR UPDATE SKIP LOCKED claims of 100 pending outbox rows (rolled back, so the pool stays): messages per second. */
export async function dispatchCeiling(ctx: Pick<BenchContext, 'pgUrl' | 'seconds'>): Promise<{ perSecond: number; cpu: CpuPerOp }> {
  const script = `BEGIN;
WITH c AS (SELECT id FROM outbox WHERE fanned_out_at IS NULL ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED)
UPDATE outbox o SET fanned_out_at = now() FROM c WHERE o.id = c.id;
ROLLBACK;`;
  const r = await metered({ pgUrl: ctx.pgUrl }, () => pgbench(ctx.pgUrl, { script, clients: 4, seconds: ctx.seconds }), (v) => v.tps * 100 * ctx.seconds);
  return { perSecond: r.value.tps * 100, cpu: r.cpu };
}

/** A bare Fastify route in its own process under the same autocannon load: the HTTP ceiling. */
export async function httpCeiling(seconds: number): Promise<Ceilings['http']> {
  const file = path.join(new URL('.', import.meta.url).pathname, 'lib/bare-server.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('exit', (c) => reject(new Error(`bare server exited ${c}`)));
  });
  try {
    const { value: r, cpu } = await metered(
      { serverPid: child.pid },
      () => load(`http://127.0.0.1:${port}`, { connections: 16, seconds, next: () => ({ method: 'GET', path: '/ping', headers: {} }) }),
      (v) => v.total,
    );
    return { perSecond: r.perSecond, lat: r.lat, cpu };
  } finally {
    child.kill('SIGTERM');
  }
}

/** The raw exceljs streaming writer over the same matters the export returns, read in keyset pages. */
export async function exportCeiling(pool: pg.Pool, pgUrl: string, tenantId: number, createdFrom: string): Promise<{ ms: number; rows: number; cpu: CpuPerOp }> {
  const r = await metered({ pgUrl }, () => exportOnce(pool, tenantId, createdFrom), (v) => v.rows / 1000);
  return { ...r.value, cpu: r.cpu };
}

async function exportOnce(pool: pg.Pool, tenantId: number, createdFrom: string): Promise<{ ms: number; rows: number }> {
  const file = path.join(os.tmpdir(), `duban-bench-${process.pid}.xlsx`);
  const t0 = performance.now();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('台账');
  ws.addRow(['编号', '标题', '来源', '牵头单位', '状态', '预警', '进度', '开始', '时限', '最近汇报']).commit();
  let after = 0;
  let rows = 0;
  for (;;) {
    const page = await pool.query(
      `select m.id, m.number, m.title, m.source, u.name as unit, m.status, m.colour, m.progress, m.start_date, m.deadline, m.last_report_at
       from matters m join units u on u.id = m.lead_unit_id where m.tenant_id = $1 and m.created_at >= $2 and m.id > $3 order by m.id limit 5000`,
      [tenantId, createdFrom, after],
    );
    for (const r of page.rows) ws.addRow([r.number, r.title, r.source, r.unit, r.status, r.colour, Number(r.progress), r.start_date, r.deadline, r.last_report_at]).commit();
    rows += page.rows.length;
    if (page.rows.length < 5000) break;
    after = page.rows[page.rows.length - 1].id;
  }
  await wb.commit();
  const ms = performance.now() - t0;
  fs.rmSync(file, { force: true });
  return { ms, rows };
}

/** The ledger page and the matter page straight from SQL with the same concurrency as the HTTP runs. */
export async function sqlCeilings(
  ctx: Pick<BenchContext, 'pool' | 'pgUrl' | 'tenant' | 'targets' | 'seconds'> & { tenants?: number[] },
): Promise<Pick<Ceilings, 'ledgerSql' | 'matterSql'> & { cpu: Record<string, CpuPerOp> }> {
  const colours = ['red', 'yellow', 'blue', 'green'];
  const tenants = ctx.tenants?.length ? ctx.tenants : [ctx.tenant.id];
  const ledger = await metered(
    { pgUrl: ctx.pgUrl },
    () =>
      closedLoop(4, ctx.seconds, async (_c, i) => {
        const tenant = tenants[i % tenants.length] ?? ctx.tenant.id;
        for (const q of LEDGER_SQL) await ctx.pool.query(q, [tenant, colours[Math.floor(i / tenants.length) % 4]]);
      }),
    (v) => v.lat.n,
  );
  const matter = await metered(
    { pgUrl: ctx.pgUrl },
    () =>
      closedLoop(4, ctx.seconds, async (_c, i) => {
        const id = ctx.targets[i % ctx.targets.length]?.matterId ?? 0;
        for (const q of MATTER_SQL) await ctx.pool.query(q, [id]);
      }),
    (v) => v.lat.n,
  );
  return { ledgerSql: ledger.value.lat, matterSql: matter.value.lat, cpu: { ledgerSql: ledger.cpu, matterSql: matter.cpu } };
}
