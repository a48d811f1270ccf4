// `npm run bench [-- --smoke] [-- --db <url>] [-- --seconds N] [-- --only a,b] [-- --record]`
// Measures this box's ceilings first (pgbench reads and a report-shaped write, the set-based sweep
// statement, an outbox claim, a bare Fastify route, the raw exceljs writer), then runs every workload
// against a Duban server started here as a child process on the same PostgreSQL, and prints the table.
// --smoke: a fresh tiny dataset in database bench_smoke, short runs; fails only when the harness or a
// landed endpoint errors, never on time.
// --only grid: the grid bench (bench/grid.ts, issue 16) on --db, or with --smoke on a fresh small database
// bench_smoke_grid; it generates its own data and prints its own table.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openRuntime } from '../apps/server/src/bootstrap';
import { loadConfig } from '../apps/server/src/config';
import { migrateToLatest } from '../apps/server/src/db/migrate';
import { openPostgres } from '../apps/server/src/db/database';
import { generateBenchData } from '../apps/server/src/seed/bench/generate';
import { benchSize } from '../apps/server/src/seed/bench/sizes';
import { dispatchCeiling, exportCeiling, httpCeiling, readCeiling, sqlCeilings, writeCeiling } from './ceilings';
import type { BenchContext, Ceilings, Row, Workload } from './lib/context';
import { login } from './lib/http';
import { describeMachine } from './lib/machine';
import { benchTenant, benchTenants, exportBound, prepareTargets, queueOutbox } from './lib/prepare';
import { fmtCpu, metered, type CpuPerOp } from './lib/cpu';
import os from 'node:os';
import { saveReport } from './lib/report';
import { startServer } from './lib/server';
import { ms } from './lib/stats';
import { xlsxExport } from './workloads/export';
import { cockpit } from './workloads/cockpit';
import { dispatcher } from './workloads/dispatch';
import { embeddedSweep } from './workloads/embedded';
import { ledgerPage, matterPage } from './workloads/pages';
import { reportWrite } from './workloads/reports';
import { reportDuringSweep, sweep } from './workloads/sweep';
import { weeklyReport } from './workloads/weekly';
import { liveFeed } from './workloads/live';
import { mixed } from './workloads/mixed';
import { autovacuumOff, standInForAutovacuum } from './lib/vacuum';
import { assessment } from './workloads/assessment';

const WORKLOADS: Workload[] = [ledgerPage, matterPage, reportWrite, xlsxExport, sweep, reportDuringSweep, dispatcher, embeddedSweep, cockpit, weeklyReport, liveFeed, mixed, assessment];
const root = path.resolve(new URL('.', import.meta.url).pathname, '..');
const { values: args } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    db: { type: 'string' },
    seconds: { type: 'string' },
    only: { type: 'string' },
    record: { type: 'boolean', default: false },
    tenants: { type: 'string' },
  },
});

async function smokeDatabase(admin: string): Promise<string> {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query('drop database if exists bench_smoke with (force)');
  await c.query('create database bench_smoke');
  await c.end();
  const url = new URL(admin);
  url.pathname = '/bench_smoke';
  const rt = await openRuntime(loadConfig({ DATABASE_URL: url.toString(), DATA_DIR: path.join(root, 'bench/.data/bench_smoke'), DEMO: 'off', JOBS: 'off', LOG_LEVEL: 'silent' }), { migrate: 'always' });
  try {
    await generateBenchData(rt, { size: benchSize('tiny') });
  } finally {
    await rt.close();
  }
  return url.toString();
}

/** `--only grid`: bench/grid.ts in a child process (it generates and reuses its own tenant in the database). */
async function gridBench(smoke: boolean): Promise<void> {
  const admin = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  let db = args.db ?? '';
  if (smoke) {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query('drop database if exists bench_smoke_grid with (force)');
    await c.query('create database bench_smoke_grid');
    await c.end();
    const url = new URL(admin);
    url.pathname = '/bench_smoke_grid';
    db = url.toString();
  }
  if (!db) throw new Error('--only grid needs --db postgres://…/bench_grid (an empty database, or one it generated before)');
  const small = smoke ? ['--problems', '20000', '--cells', '2000', '--points', '10000', '--open', '1000', '--runs', '5', '--seconds', '1'] : [];
  const extra = args.seconds && !smoke ? ['--seconds', args.seconds] : [];
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/grid.ts'), '--db', db, ...small, ...extra], { stdio: 'inherit', cwd: root });
    child.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`bench/grid.ts exited ${code}`);
}

async function main(): Promise<void> {
  const started = performance.now();
  if (args.only?.split(',').includes('grid')) return gridBench(args.smoke ?? false);
  const smoke = args.smoke ?? false;
  const seconds = Number(args.seconds ?? (smoke ? 1 : 10));
  const admin = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const pgUrl = smoke ? await smokeDatabase(admin) : (args.db ?? process.env.DATABASE_URL ?? '');
  if (!pgUrl) throw new Error('give the bench database: --db postgres://…/bench_city (made by npm run bench:data)');
  const dbName = new URL(pgUrl).pathname.slice(1);
  const dataDir = path.join(root, 'bench/.data', dbName);
  const log = (s: string) => process.stdout.write(`${s}\n`);

  const config = loadConfig({ DATABASE_URL: pgUrl, DATA_DIR: dataDir, DEMO: 'off', JOBS: 'off', LOG_LEVEL: 'silent', DB_POOL_SIZE: '10' });
  const migrator = openPostgres(pgUrl, 1);
  const applied = await migrateToLatest(migrator.db);
  await migrator.close();
  if (applied.length) log(`migrated: ${applied.join(', ')}`);
  const rt = await openRuntime(config, { migrate: 'never' });
  const pool = new pg.Pool({ connectionString: pgUrl, max: 8 });
  const machine = await describeMachine(pgUrl);
  const tenant = await benchTenant(pool);
  // The HTTP workloads act in a tenant chosen at random per request among these (--tenants N, default all, at most 16).
  const tenantList = await benchTenants(pool, Number(args.tenants ?? 16));
  const tenantIds = tenantList.map((x) => x.id);
  const totals = await pool.query<{ open: number; all: number; tenants: number }>(
    `select count(*) filter (where status in ('assigned', 'in_progress', 'completion_requested'))::int as open, count(*)::int as all,
       count(distinct tenant_id)::int as tenants from matters`,
  );
  const t = totals.rows[0];
  const noAutovacuum = (await autovacuumOff(pool)) ? '; autovacuum is off on this server, so before each workload the bench vacuums and analyzes the tables autovacuum would have (its default thresholds)' : '';
  const dataset = `${dbName}: ${t?.all.toLocaleString('en')} matters (${t?.open.toLocaleString('en')} open) in ${t?.tenants} tenants; ${tenantList.length > 1 ? `HTTP workloads act in a tenant chosen at random per request among ${tenantList.length} (${tenantList[0]?.code}…${tenantList[tenantList.length - 1]?.code}), jobs in` : 'workloads act in'} ${tenant.code} (${tenant.matters.toLocaleString('en')} matters), generated up to ${tenant.today}${noAutovacuum}`;
  log(dataset);

  const ceilings: Ceilings = {};
  const only = args.only ? new Set(args.only.split(',')) : null;
  const wants = (...ids: string[]) => !only || ids.some((id) => only.has(id));
  const pre = await prepareTargets(pool, null, tenantIds);
  const cpu: Record<string, CpuPerOp> = {};
  ceilings.cpu = cpu;
  log('ceilings …');
  const reads = await readCeiling(admin, smoke, seconds, pool);
  ceilings.readsTps = reads.tps;
  cpu.reads = reads.cpu;
  if (wants('report', 'report-under-sweep', 'mixed')) {
    const w = await writeCeiling({ pgUrl, pool, tenant, targets: pre.targets, seconds });
    ceilings.writeTps = w.tps;
    ceilings.writeLat = w.latencyMs;
    cpu.write = w.cpu;
  }
  if (wants('dispatch')) {
    await queueOutbox(pool, tenant.id, smoke ? 500 : 20_000);
    const d = await dispatchCeiling({ pgUrl, seconds });
    ceilings.dispatchPerSecond = d.perSecond;
    cpu.dispatch = d.cpu;
  }
  ceilings.http = await httpCeiling(seconds);
  if (ceilings.http?.cpu) cpu.http = ceilings.http.cpu;
  const exp = wants('export') ? await exportBound(pool, tenant.id, smoke ? 300 : 100_000) : { from: '2000-01-01', rows: 0 };
  if (wants('export')) {
    const e = await exportCeiling(pool, pgUrl, tenant.id, exp.from);
    ceilings.exportMs = e.ms;
    cpu.export = e.cpu;
  }
  const sqlc = await sqlCeilings({ pool, pgUrl, tenant, tenants: tenantIds, targets: pre.targets, seconds });
  ceilings.ledgerSql = sqlc.ledgerSql;
  ceilings.matterSql = sqlc.matterSql;
  Object.assign(cpu, sqlc.cpu);
  const fmtC = (c: CpuPerOp | undefined) => (c ? `PG ${c.pgMs.toFixed(2)} ms/op` : '–');
  log(`  reads ${reads.tps.toFixed(0)} tx/s (${fmtC(cpu.reads)}); write ${ceilings.writeTps?.toFixed(0) ?? '–'} tx/s (${fmtC(cpu.write)}); ledger SQL p95 ${sqlc.ledgerSql?.p95.toFixed(1)} ms (${fmtC(cpu.ledgerSql)}); matter SQL p95 ${sqlc.matterSql?.p95.toFixed(1)} ms (${fmtC(cpu.matterSql)})`);

  log('server …');
  const port = 31000 + Math.floor(Math.random() * 900);
  const server = await startServer({ databaseUrl: pgUrl, dataDir, port });
  const rows: Row[] = [];
  let peak: number;
  try {
    const tenants = [];
    for (const x of tenantList) tenants.push({ ...x, office: await login(server.url, `${x.code}.duchaban`) });
    const office = tenants.find((x) => x.id === tenant.id)?.office ?? (await login(server.url, `${tenant.code}.duchaban`));
    const { targets, liaisons } = await prepareTargets(pool, server.url, tenantIds);
    const ctx: BenchContext = {
      smoke,
      seconds,
      pgUrl,
      pool,
      rt,
      server,
      tenant,
      tenants,
      today: tenant.today,
      office,
      liaisons,
      targets,
      ceilings,
      exportRows: exp.rows,
      exportFrom: exp.from,
      metered: (fn, ops) => metered({ pgUrl, serverPid: server.pid }, fn, ops),
    };
    for (const wl of WORKLOADS) {
      if (only && !only.has(wl.id)) continue;
      log(`${wl.id} …`);
      const vacuumed = await standInForAutovacuum(pool);
      if (vacuumed.length) log(`  (autovacuum is off here; vacuumed as it would have: ${vacuumed.join(', ')})`);
      try {
        for (const r of await wl.run(ctx)) {
          rows.push(r);
          log(`  ${r.result.padEnd(10)} ${r.workload}: ${r.ours} (ceiling ${r.ceiling}, ${r.ratio}; target ${r.target})${r.note ? ` — ${r.note}` : ''}`);
          if (r.cpu || r.cpuCeiling) log(`             CPU per op: ${r.cpu ?? '–'} (ceiling ${r.cpuCeiling ?? '–'})${r.cpuNote ? `; ${r.cpuNote}` : ''}`);
        }
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        rows.push({ workload: wl.id, ours: '–', ceiling: '–', ratio: '–', target: '–', result: 'error', note: msg.slice(0, 300) });
        log(`  error ${wl.id}: ${msg}`);
      }
    }
  } finally {
    peak = server.peakMb();
    await server.stop();
    await pool.query(`delete from outbox where tenant_id = $1 and kind in ('bench.dispatch', 'bench.sweep')`, [tenant.id]).catch(() => undefined);
    await pool.end();
    await rt.close();
  }
  const report = {
    machine,
    dataset,
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    ceilings: Object.fromEntries(
      Object.entries({
        'pgbench -S': ceilings.readsTps && `${ceilings.readsTps.toFixed(0)} tx/s (${fmtCpu(cpu.reads, 'pg', 'tx')})`,
        'report-shaped write (16 clients)': ceilings.writeTps && `${ceilings.writeTps.toFixed(0)} tx/s, ${ms(ceilings.writeLat ?? Number.NaN)} ms mean (${fmtCpu(cpu.write, 'pg', 'tx')})`,
        'outbox claim (SKIP LOCKED, 100)': ceilings.dispatchPerSecond && `${ceilings.dispatchPerSecond.toFixed(0)} msg/s (${fmtCpu(cpu.dispatch, 'pg', 'msg')})`,
        'bare Fastify (16 connections)': ceilings.http && `${ceilings.http.perSecond.toFixed(0)} req/s, p99 ${ms(ceilings.http.lat.p99)} ms (server ${(cpu.http?.serverMs ?? Number.NaN).toFixed(3)} ms/req)`,
        'exceljs stream': ceilings.exportMs && `${exp.rows} rows in ${(ceilings.exportMs / 1000).toFixed(1)} s (${fmtCpu(cpu.export, 'node', '1k rows')})`,
        'ledger page SQL (4 clients)': ceilings.ledgerSql && `p95 ${ms(ceilings.ledgerSql.p95)} ms (${fmtCpu(cpu.ledgerSql, 'pg')})`,
        'matter page SQL (4 clients)': ceilings.matterSql && `p95 ${ms(ceilings.matterSql.p95)} ms (${fmtCpu(cpu.matterSql, 'pg')})`,
        'sweep statement': ceilings.sweepFullMs && `full ${(ceilings.sweepFullMs / 1000).toFixed(2)} s, steady ${((ceilings.sweepSteadyMs ?? Number.NaN) / 1000).toFixed(2)} s`,
      }).filter((e): e is [string, string] => typeof e[1] === 'string'),
    ),
    serverPeakMb: peak,
    rows,
    seconds: (performance.now() - started) / 1000,
    loadAtEnd: os.loadavg().map((l) => l.toFixed(1)).join(' '),
  };
  log(`\n${saveReport(root, report, args.record ?? false)}`);
  if (smoke && rows.some((r) => r.result === 'error')) process.exit(1);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
