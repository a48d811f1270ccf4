// `npx tsx bench/grid.ts --db postgres://…/bench_grid [--problems 4000000] [--points 100000] [--runs 40] [--open 50000]
//   [--seconds 10] [--only assign,stats,http,report,queue,escalation]`  (also `npm run bench -- --only grid --db …`)
// Grid at Zhengzhou scale (issue 16), generated once into the database (bench/grid-data.ts) and reused by later runs
// of the same size. Measures, in one run, beside a raw baseline on the same machine at the same moment, with the CPU
// per operation (bench/lib/cpu.ts) and the load average:
// 1. assigning points to cells with the application index (CellIndex) vs the bounding-box join alone in SQL;
// 2. the statistics page (gridStats by street over a year; the overview) vs the raw statement over the rollup, and vs
//    the naive GROUP BY over all problems (what a page without the rollup would run);
// 3. over HTTP (a Duban server started here; run the bench under `flock /tmp/bench.lock`): a 网格长's problem report
//    (POST /api/grid/problems, 16 clients) vs pgbench's transaction of the same shape, and a community's queue page
//    (GET /api/grid/problems, its grid scope) vs the page's two statements straight from SQL;
// 4. the escalation job (escalateDueProblems) over --open problems all past their level's limit vs one set-based SQL
//    statement moving them the same way (rolled back), run just before it on the same rows.
import { CellIndex } from '@duban/shared';
import os from 'node:os';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { openRuntime } from '../apps/server/src/bootstrap';
import { loadConfig } from '../apps/server/src/config';
import type { DB } from '../apps/server/src/db/schema';
import { systemActor, type Actor } from '../apps/server/src/lib/actor';
import { escalateDueProblems } from '../apps/server/src/modules/grid/grid-escalation.service';
import { gridOverview, gridStats } from '../apps/server/src/modules/grid/grid-stats.service';
import { gridProblemScope } from '../apps/server/src/modules/grid/grid-scope';
import { ensureGridData, GRID_TENANT, latticeQuads, LEADERS } from './grid-data';
import { fmtCpu, metered, type CpuPerOp } from './lib/cpu';
import { headersOf, load, login, type Session } from './lib/http';
import { describeMachine } from './lib/machine';
import { pgbench } from './lib/pgbench';
import { startServer } from './lib/server';
import { closedLoop, latency, fmtLatency, ms, type Latency } from './lib/stats';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string' },
    problems: { type: 'string', default: '4000000' },
    cells: { type: 'string', default: '13869' },
    points: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '40' },
    open: { type: 'string', default: '50000' },
    seconds: { type: 'string', default: '10' },
    only: { type: 'string' },
  },
  allowPositionals: true,
});
if (!args.db) throw new Error('--db postgres://… (an empty database, or one this bench generated before)');
const PROBLEMS = Number(args.problems);
const CELLS = Number(args.cells);
const POINTS = Number(args.points);
const RUNS = Number(args.runs);
const SECONDS = Number(args.seconds);
const only = args.only ? new Set(args.only.split(',')) : null;
const wants = (id: string) => !only || only.has(id);
const root = path.resolve(new URL('.', import.meta.url).pathname, '..');
const pgUrl = args.db;
const dataDir = path.join(root, 'bench/.data/grid');

const out: string[] = [];
const say = (s: string) => {
  console.log(s);
  out.push(s);
};
const load1 = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
const cpuOf = (c: CpuPerOp, who: 'server' | 'node', unit = 'op') => fmtCpu(c, who, unit);
const pgCpu = (c: CpuPerOp, unit = 'op') => fmtCpu(c, 'pg', unit);

const machine = await describeMachine(pgUrl);
console.log(`${machine.date.slice(0, 16)} UTC, ${machine.cores} cores (${machine.cpu}), load ${machine.load}; ${machine.node}, ${machine.postgres}`);
const rt = await openRuntime(loadConfig({ DATABASE_URL: pgUrl, DATA_DIR: dataDir, DEMO: 'off', JOBS: 'off', LOG_LEVEL: 'silent' }), { migrate: 'always' });
const db = rt.db;
const pool = new pg.Pool({ connectionString: pgUrl, max: 8 });
const data = await ensureGridData(db, { cells: CELLS, problems: PROBLEMS, log: (s) => console.log(s) });
const T = data.tenantId;
for (const l of data.lines) out.push(l);
if (data.reused) say(`| reused tenant ${GRID_TENANT}: ${CELLS.toLocaleString('en')} level-3 cells, ${PROBLEMS.toLocaleString('en')} generated problems | | | |`);
say('');
say('| what | result | raw baseline, same run | ratio | target | CPU per op (ours; baseline) | load |');
say('| --- | --- | --- | --- | --- | --- | --- |');

// ---- 1. assignment
if (wants('assign')) {
  const quads = latticeQuads(CELLS);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const index = new CellIndex(quads.map((g, i) => ({ id: i + 1, code: String(i + 1).padStart(15, '0'), level: 3, geometry: g })));
  const build = performance.now() - t0;
  const built = process.cpuUsage(c0);
  const cpuBuild = (built.user + built.system) / 1000;
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pts = Array.from({ length: POINTS }, () => [113.3 + rnd() * 0.7, 34.4 + rnd() * 0.5] as const);
  // Three passes over the same points: the first includes compiling the lookup (a server's index is warm).
  let assign = Infinity;
  let first = 0;
  let cpuAssign = { user: 0, system: 0 };
  let placed = 0;
  for (let pass = 0; pass < 3; pass++) {
    const c1 = process.cpuUsage();
    const t1 = performance.now();
    placed = 0;
    for (const [lon, lat] of pts) if (index.assign(lon, lat).cellId !== null) placed++;
    const took = performance.now() - t1;
    const cpu = process.cpuUsage(c1);
    if (pass === 0) first = took;
    if (took < assign) [assign, cpuAssign] = [took, cpu];
  }
  // Raw baseline: the same points joined to the cells' bounding boxes in PostgreSQL (no polygon test at all).
  await sql`drop table if exists bench_cells, bench_points`.execute(db);
  await sql`create unlogged table bench_cells (id int, min_lon float8, min_lat float8, max_lon float8, max_lat float8)`.execute(db);
  for (let i = 0; i < quads.length; i += 2000) {
    const part = quads.slice(i, i + 2000).map((g, k) => {
      const ring = g.coordinates[0] as number[][];
      const xs = ring.map((p) => p[0] ?? 0);
      const ys = ring.map((p) => p[1] ?? 0);
      return sql`(${i + k + 1}::int, ${Math.min(...xs)}::float8, ${Math.min(...ys)}::float8, ${Math.max(...xs)}::float8, ${Math.max(...ys)}::float8)`;
    });
    await sql`insert into bench_cells values ${sql.join(part)}`.execute(db);
  }
  await sql`create index on bench_cells (min_lon, max_lon)`.execute(db);
  await sql`create unlogged table bench_points as select g as id, 113.3 + random() * 0.7 as lon, 34.4 + random() * 0.5 as lat from generate_series(1, ${POINTS}) g`.execute(db);
  await sql`analyze bench_cells`.execute(db);
  await sql`analyze bench_points`.execute(db);
  const { value: raw, cpu: rawCpu } = await metered({ pgUrl }, async () => {
    const t2 = performance.now();
    await sql`select count(*) from bench_points p join bench_cells c on p.lon between c.min_lon and c.max_lon and p.lat between c.min_lat and c.max_lat`.execute(db);
    return performance.now() - t2;
  }, () => POINTS / 1000);
  await sql`drop table if exists bench_cells, bench_points`.execute(db);
  const perK = ((cpuAssign.user + cpuAssign.system) / 1000 / POINTS) * 1000;
  say(
    `| assign ${POINTS.toLocaleString('en')} points to ${CELLS.toLocaleString('en')} cells (CellIndex, in process; index built in ${ms(build)} ms, ${ms(cpuBuild)} ms CPU) | ${ms(assign)} ms, fastest of 3 passes (first ${ms(first)} ms; ${placed.toLocaleString('en')} placed) | bbox join alone in SQL: ${ms(raw)} ms | ${(assign / raw).toFixed(2)}× | ≤ 500 ms: ${assign <= 500 ? 'met' : 'not met'} | Node ${perK.toFixed(1)} ms CPU per 1,000 points; ${pgCpu(rawCpu, '1k points')} | ${load1()} |`,
  );
}

// ---- 2. statistics
const office: Actor = { ...systemActor(T, '基准'), roles: ['supervisor'] };
const deps = { db, clock: rt.clock } as unknown as Parameters<typeof gridStats>[0];
async function timed(fn: () => Promise<unknown>, runs = RUNS): Promise<{ lat: Latency; cpu: CpuPerOp }> {
  const { value, cpu } = await metered(
    { pgUrl },
    async () => {
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        const s = performance.now();
        await fn();
        samples.push(performance.now() - s);
      }
      return latency(samples);
    },
    () => runs,
  );
  return { lat: value, cpu };
}
// Autovacuum is off on the bench server: vacuum what earlier runs (escalation, reports, their clean-up) left dead,
// as autovacuum would have, so the open rows' indexes do not lead through tens of thousands of dead versions.
const standInForAutovacuum = async () => {
  for (const t of ['grid_problems', 'grid_level_holds', 'grid_problem_events', 'outbox', 'outbox_recipients']) await sql`vacuum analyze ${sql.raw(t)}`.execute(db);
};
if (wants('stats')) {
  await standInForAutovacuum();
  const q = { from: '2026-01', to: '2026-11' };
  await gridStats(deps, office, { ...q, dim: 'street' }); // warm: cell names, plans
  const street = await timed(() => gridStats(deps, office, { ...q, dim: 'street' }));
  const raw = await timed(() =>
    sql`select key, sum(closed), sum(on_time), sum(low_level), sum(rated), sum(satisfied) from grid_stats_monthly where tenant_id = ${T} and dim = 'node' and level = 1 and month between '2026-01-01' and '2026-11-01' group by key`.execute(db),
  );
  const overview = await timed(() => gridOverview(deps, office, q));
  const naive = await timed(
    () =>
      sql`select left(c.code, 9), count(*), count(*) filter (where p.closed_on_time), count(*) filter (where p.resolved_level in ('cell', 'community'))
      from grid_problems p join grid_cells c on c.id = p.cell_id
      where p.tenant_id = ${T} and p.closed_at >= '2026-01-01' and p.closed_at < '2026-12-01' and p.status in ('closed', 'visited') group by 1`.execute(db),
    Math.min(3, RUNS),
  );
  say(
    `| statistics by street, Jan–Nov (gridStats, in process, ${RUNS} runs) | ${fmtLatency(street.lat)} | raw rollup statement: ${fmtLatency(raw.lat)} | ${(street.lat.p95 / raw.lat.p95).toFixed(1)}× at p95 | p95 ≤ 150 ms: ${street.lat.p95 <= 150 ? 'met' : 'not met'} | ${cpuOf(street.cpu, 'node', 'page')}; ${pgCpu(raw.cpu, 'statement')} | ${load1()} |`,
  );
  say(`| overview (cockpit 网格 tab / big screen: streets, departments, trend, 红黑榜) | ${fmtLatency(overview.lat)} | | | | ${cpuOf(overview.cpu, 'node', 'page')} | ${load1()} |`);
  say(
    `| the same street figures by GROUP BY over all problems (no rollup), ${naive.lat.n} runs | ${fmtLatency(naive.lat)} | | ${(naive.lat.p95 / street.lat.p95).toFixed(0)}× the page | | ${pgCpu(naive.cpu, 'statement')} | ${load1()} |`,
  );
}

/**
 * Deletes the bench's own problems (reports, pgbench rows, escalation rows) with their stays, steps and reporters.
 * Foreign-key triggers are off for it: grid_problems.merged_into_id has no index, so the checks a plain delete runs
 * would scan all 4,000,000 problems once per deleted row.
 */
async function deleteProblems(where: ReturnType<typeof sql<boolean>>): Promise<void> {
  await db.connection().execute(async (conn) => {
    await sql`set session_replication_role = replica`.execute(conn);
    try {
      const ids = sql`(select id from grid_problems p where p.tenant_id = ${T} and ${where})`;
      for (const t of ['grid_level_holds', 'grid_problem_events', 'grid_problem_reporters']) await sql`delete from ${sql.raw(t)} where problem_id in ${ids}`.execute(conn);
      await sql`delete from grid_problems p where p.tenant_id = ${T} and ${where}`.execute(conn);
    } finally {
      await sql`set session_replication_role = default`.execute(conn);
    }
  });
}
// ---- 3. over HTTP: the problem report and the queue page
const cleanReports = async () => {
  await deleteProblems(sql<boolean>`(p.ticket like 'WG%' or p.ticket like 'PGB%')`);
  await sql`delete from outbox where tenant_id = ${T} and kind in ('grid.reported', 'bench.grid')`.execute(db);
  await sql`delete from idempotency_keys where key like 'gridbench-%' or key like 'pgb-%'`.execute(db);
};
// `--only report` or `--only queue`: one of the two (`http`: both).
if (wants('http') || wants('report') || wants('queue')) {
  await cleanReports();
  await standInForAutovacuum();
  // Where each 網格长 reports: the middle of their own cell.
  await pool.query('drop table if exists bench_grid_targets');
  await pool.query(
    `create table bench_grid_targets as
     select (row_number() over (order by a.id))::int as k, a.tenant_id, a.id as account_id, a.username, a.display_name, s.cell_id,
       (select avg((v->>0)::float8) from jsonb_array_elements(c.polygon->'coordinates'->0) v) as lon,
       (select avg((v->>1)::float8) from jsonb_array_elements(c.polygon->'coordinates'->0) v) as lat,
       (select id from grid_categories where tenant_id = a.tenant_id order by id offset (a.id % 40) limit 1) as category_id
     from accounts a join grid_staff s on s.person_id = a.person_id and s.valid_to is null join grid_cells c on c.id = s.cell_id
     where a.tenant_id = $1 and a.username like $2`,
    [T, `${GRID_TENANT}.leader%`],
  );
  await pool.query('create unique index on bench_grid_targets (k)');
  const targets = (await pool.query<{ k: number; username: string; cell_id: number; lon: number; lat: number; category_id: number }>('select * from bench_grid_targets order by k')).rows;
  if (targets.length !== LEADERS) throw new Error(`expected ${LEADERS} 網格长 accounts, found ${targets.length}`);

  // The ceiling: pgbench's transaction of the same shape, 16 clients: the idempotency claim, then in one transaction
  // the category, the problem, its reporter, its first stay, its first step, the trace entry under the tenant's head
  // lock (a scratch copy of the trace table, as the matters' ceiling), the notice to the cell's staff; then the
  // claim completed and the nearby open problems of the category (the duplicate hint).
  const reports = wants('http') || wants('report');
  if (reports) {
    await pool.query('drop table if exists bench_trace, bench_trace_head');
    await pool.query('create table bench_trace (like trace including all)');
    await pool.query('create table bench_trace_head (like trace_head including all)');
    await pool.query(`insert into bench_trace_head (tenant_id, seq, hash) values ($1, 0, repeat('0', 64))`, [T]);
  }
  const script = `
\\set k random(1, :ntargets)
\\set r random(1, 2000000000)
SELECT tenant_id AS tid, account_id AS acc, cell_id, category_id AS cat, lon, lat FROM bench_grid_targets WHERE k = :k \\gset
INSERT INTO idempotency_keys (owner, key, method, path, body_hash, created_at) VALUES ('a:' || :acc, 'pgb-' || :client_id || '-' || :r, 'POST', '/api/grid/problems', md5(:r::text), now()) ON CONFLICT DO NOTHING;
BEGIN;
SELECT id, parent_id, name, urgency, duplicate_radius_m FROM grid_categories WHERE tenant_id = :tid AND id = :cat AND active;
SELECT nextval(pg_get_serial_sequence('grid_problems', 'id')) AS pid \\gset
INSERT INTO grid_problems (id, tenant_id, ticket, source, category_id, urgency, title, description, lon, lat, cell_id, cell_rule, cell_note, status, hold_level, hold_cell_id, hold_since, hold_deadline, stage_deadline, reporter_account_id, reporter_name, reporter_public, reported_at, created_by, updated_at)
  VALUES (:pid, :tid, 'PGB' || :pid, 'grid', :cat, 'normal', 'pgbench 问题', '基准测试：路面破损，影响通行。', :lon, :lat, :cell_id, 'inside', '位于网格内', 'reported', 'cell', :cell_id, now(), now() + interval '1 day', now() + interval '4 hours', :acc, '网格长', false, now(), :acc, now()) RETURNING *;
INSERT INTO grid_problem_reporters (tenant_id, problem_id, account_id, name, created_at) VALUES (:tid, :pid, :acc, '网格长', now());
INSERT INTO grid_level_holds (tenant_id, problem_id, hold_level, cell_id, started_at) VALUES (:tid, :pid, 'cell', :cell_id, now());
INSERT INTO grid_problem_events (tenant_id, problem_id, at, action, to_status, hold_level, actor_account_id, note, data, public) VALUES (:tid, :pid, now(), 'report', 'reported', 'cell', :acc, '位于网格内', '{"source":"grid","rule":"inside"}', true);
INSERT INTO outbox (tenant_id, kind, event_key, title, body, link, created_at) VALUES (:tid, 'bench.grid', 'bench.grid:' || :pid, '【网格】pgbench', '新问题待受理', '/grid/problems/' || :pid, now()) RETURNING id AS oid \\gset
INSERT INTO outbox_recipients (outbox_id, tenant_id, person_id) SELECT :oid, :tid, person_id FROM grid_staff WHERE cell_id = :cell_id AND valid_to IS NULL AND duty IN ('leader', 'member') AND person_id IS NOT NULL;
SELECT seq, hash FROM bench_trace_head WHERE tenant_id = :tid FOR UPDATE \\gset
INSERT INTO bench_trace (tenant_id, seq, at, actor_name, action, entity_type, entity_id, after, prev_hash, hash) VALUES (:tid, :seq + 1, now(), 'pgbench', 'grid.report', 'grid_problem', :pid, jsonb_build_object('cellId', :cell_id), ':hash', md5(:seq::text) || md5(:k::text));
UPDATE bench_trace_head SET seq = :seq + 1, hash = md5(:seq::text) || md5(:k::text) WHERE tenant_id = :tid;
END;
UPDATE idempotency_keys SET status_code = 200, content_type = 'application/json', response = '{"id":"' || :pid || '"}', completed_at = now() WHERE owner = 'a:' || :acc AND key = 'pgb-' || :client_id || '-' || :r;
SELECT id, ticket, title, lat, lon FROM grid_problems WHERE tenant_id = :tid AND category_id = :cat AND closed_at IS NULL AND lat BETWEEN :lat - 0.0005 AND :lat + 0.0005 AND lon BETWEEN :lon - 0.0006 AND :lon + 0.0006 AND id <> :pid LIMIT 50;
`;
  const ceiling = !reports ? null : await metered({ pgUrl }, () => pgbench(pgUrl, { script, clients: 16, seconds: SECONDS, vars: { ntargets: targets.length } }), (v) => v.tps * SECONDS);
  if (reports) await pool.query('drop table if exists bench_trace, bench_trace_head');
  await cleanReports();

  const port = 32000 + Math.floor(Math.random() * 900);
  const server = await startServer({ databaseUrl: pgUrl, dataDir, port });
  try {
    const sessions: Session[] = [];
    for (const t of targets) sessions.push(await login(server.url, t.username));
    let n = 0;
    const next = () => {
      const i = n++ % targets.length;
      const t = targets[i];
      const s = sessions[i];
      if (!t || !s) throw new Error('no target');
      return {
        method: 'POST' as const,
        path: '/api/grid/problems',
        headers: { ...headersOf(s, true), 'idempotency-key': `gridbench-${process.pid}-${n}` },
        body: JSON.stringify({ categoryId: t.category_id, description: '基准测试：路面破损，影响通行。', lon: t.lon, lat: t.lat, address: '基准路 1 号' }),
      };
    };
    if (ceiling) {
      const warm = await load(server.url, { connections: 4, seconds: 1, next });
      if (warm.non2xx || warm.errors) throw new Error(`report warm-up: ${warm.non2xx} non-2xx, ${warm.errors} errors`);
      await cleanReports();
      const { value: r, cpu } = await metered({ pgUrl, serverPid: server.pid }, () => load(server.url, { connections: 16, seconds: SECONDS, next }), (v) => v.total);
      const share = r.perSecond / ceiling.value.tps;
      say(
        `| problem report over HTTP (POST /api/grid/problems with Idempotency-Key, 16 網格长 reporting in their cells, 16 connections) | ${r.perSecond.toFixed(0)}/s (${fmtLatency(r.lat)})${r.non2xx || r.errors ? `, ${r.non2xx} non-2xx, ${r.errors} errors` : ''} | pgbench, same-shape transaction, 16 clients: ${ceiling.value.tps.toFixed(0)} tx/s | ${(share * 100).toFixed(0)}% | ≥ 60%: ${share >= 0.6 ? 'met' : 'not met'} | ${cpuOf(cpu, 'server', 'report')}; ${pgCpu(ceiling.cpu, 'tx')} | ${load1()} |`,
      );
      await cleanReports();
    }

    if (wants('http') || wants('queue')) {
      // The queue page as a community's staff (grid scope: the community's cells), its open problems, page 1 of 20.
      const who = await login(server.url, `${GRID_TENANT}.community`);
      const acct = (await pool.query<{ id: number; person_id: number }>('select id, person_id from accounts where tenant_id = $1 and username = $2', [T, `${GRID_TENANT}.community`])).rows[0];
      if (!acct) throw new Error('no community account');
      const actor: Actor = { ...systemActor(T, '社区网格管理员'), accountId: acct.id, personId: acct.person_id, roles: ['grid_leader'], scope: { kind: 'units', unitIds: [] } } as Actor;
      const scope = gridProblemScope(actor);
      if (!scope) throw new Error('the community account has no grid scope');
      const queuePath = '/api/grid/problems?open=true&page=1&pageSize=20';
      const check = await fetch(`${server.url}${queuePath}`, { headers: headersOf(who) });
      const body = (await check.json()) as { total?: number };
      if (check.status !== 200) throw new Error(`queue page: ${check.status} ${JSON.stringify(body)}`);
      const sqlRun = await metered(
        { pgUrl },
        () =>
          closedLoop(4, SECONDS, async () => {
            await Promise.all([
              sql`select count(*) from grid_problems p join grid_categories gc on gc.id = p.category_id where p.tenant_id = ${T} and ${scope} and p.closed_at is null`.execute(db),
              sql`select p.id, p.ticket, p.title, p.status, p.urgency, p.source, gc.name, gc.parent_id, p.category_id, p.limit_version_id, p.hold_level, hc.name, u.name, c.name,
                    p.reported_at, p.stage_deadline, p.hold_deadline, p.matter_id
                  from grid_problems p join grid_categories gc on gc.id = p.category_id
                  left join grid_cells c on c.id = p.cell_id left join grid_cells hc on hc.id = p.hold_cell_id left join units u on u.id = p.dispatched_unit_id
                  where p.tenant_id = ${T} and ${scope} and p.closed_at is null
                  order by p.closed_at is null desc, p.stage_deadline asc nulls last, p.id desc limit 20`.execute(db),
            ]);
          }),
        (v) => v.lat.n,
      );
      const { value: qr, cpu: qcpu } = await metered(
        { pgUrl, serverPid: server.pid },
        () => load(server.url, { connections: 4, seconds: SECONDS, next: () => ({ method: 'GET', path: queuePath, headers: headersOf(who) }) }),
        (v) => v.total,
      );
      say(
        `| queue page over HTTP as a community's staff (grid scope; open problems, page 1 of 20 of ${body.total ?? '?'}, 4 connections) | ${fmtLatency(qr.lat)}${qr.non2xx || qr.errors ? `, ${qr.non2xx} non-2xx, ${qr.errors} errors` : ''} | its two statements from SQL, 4 clients: ${fmtLatency(sqlRun.value.lat)} | ${(qr.lat.p95 / sqlRun.value.lat.p95).toFixed(1)}× at p95 | p95 ≤ 30 ms: ${qr.lat.p95 <= 30 ? 'met' : 'not met'} | ${cpuOf(qcpu, 'server', 'page')}; ${pgCpu(sqlRun.cpu, 'page')} | ${load1()} |`,
      );
    }
  } finally {
    await server.stop();
    await pool.query('drop table if exists bench_grid_targets');
  }
}

// ---- 4. escalation
if (wants('escalation')) await escalationBench(db);

async function escalationBench(db: Kysely<DB>): Promise<void> {
  const OPEN = Number(args.open);
  const now = rt.clock.now();
  const ACTIVE = sql`('reported', 'accepted', 'registered', 'dispatched', 'handling')`;
  await deleteProblems(sql<boolean>`p.ticket like 'E%'`);
  // The generator's open problems are not due (their deadline is moved past now), so only these climb.
  await sql`update grid_problems set hold_deadline = ${now}::timestamptz + interval '30 days' where tenant_id = ${T} and closed_at is null and hold_deadline <= ${now}`.execute(db);
  // Open problems held by their level-3 cell for ten days, all past the cell's limit (1 working day by default).
  await sql`set session_replication_role = replica`.execute(db);
  await sql`insert into grid_problems (tenant_id, ticket, source, category_id, urgency, title, status, hold_level, hold_cell_id, hold_since, hold_deadline, reported_at, cell_id, updated_at)
    select ${T}, 'E' || g, 'grid', cat.ids[1 + (g % 40)], 'normal', '待上报' || g, 'registered', 'cell', c.id, ${now}::timestamptz - interval '10 days', ${now}::timestamptz - interval '1 day',
      ${now}::timestamptz - interval '10 days', c.id, ${now}
    from generate_series(1, ${OPEN}) g
    cross join (select array_agg(id order by id) ids from grid_categories where tenant_id = ${T}) cat
    cross join (select array_agg(id order by id) ids from grid_cells where tenant_id = ${T} and level = 3) cel
    cross join lateral (select cel.ids[1 + (hashint4(g) & 2147483647) % array_length(cel.ids, 1)] as id) c`.execute(db);
  await sql`insert into grid_level_holds (tenant_id, problem_id, hold_level, cell_id, started_at)
    select tenant_id, id, 'cell', hold_cell_id, hold_since from grid_problems where tenant_id = ${T} and closed_at is null and hold_level = 'cell' and ticket like 'E%'`.execute(db);
  await sql`set session_replication_role = default`.execute(db);
  await sql`vacuum analyze grid_problems`.execute(db);
  await sql`vacuum analyze grid_level_holds`.execute(db);
  await sql`vacuum analyze grid_problem_events`.execute(db);
  // Raw baseline: the same move as one set-based statement (hold rows closed and opened, problems moved, a step
  // each), no working-time arithmetic, no trace, no notices; rolled back so the job finds the same rows.
  let raw = 0;
  let rawMoved = 0;
  let rawCpu: CpuPerOp | undefined;
  await db
    .transaction()
    .execute(async (trx) => {
      const m = await metered(
        { pgUrl },
        async () => {
          const s = performance.now();
          const r = await sql<{ n: number }>`
        with due as (
          select p.id, p.tenant_id, p.status, c.parent_id as up from grid_problems p join grid_cells c on c.id = p.hold_cell_id
          where p.closed_at is null and p.hold_deadline <= ${now} and p.status in ${ACTIVE} for update of p
        ), closed as (
          update grid_level_holds h set ended_at = ${now}, working_minutes = (extract(epoch from ${now}::timestamptz - h.started_at) / 60)::int, left_by = 'escalated'
          from due where h.problem_id = due.id and h.ended_at is null returning h.problem_id
        ), moved as (
          update grid_problems p set hold_level = 'community', hold_cell_id = due.up, hold_unit_id = up.unit_id, hold_since = ${now},
            hold_deadline = ${now}::timestamptz + interval '2 days', updated_at = ${now}, version = p.version + 1
          from due join grid_cells up on up.id = due.up where p.id = due.id returning p.id, p.tenant_id, p.status, p.hold_cell_id, p.hold_unit_id
        ), opened as (
          insert into grid_level_holds (tenant_id, problem_id, hold_level, unit_id, cell_id, started_at)
          select tenant_id, id, 'community', hold_unit_id, hold_cell_id, ${now} from moved returning 1
        ), stepped as (
          insert into grid_problem_events (tenant_id, problem_id, at, action, from_status, to_status, hold_level, unit_id, note, public)
          select tenant_id, id, ${now}, 'auto_escalate', status, status, 'community', hold_unit_id, '网格办理超过时限，自动上报社区', true from moved returning 1
        )
        select (select count(*) from stepped)::int + 0 * (select count(*) from opened) + 0 * (select count(*) from closed) as n`.execute(trx);
          raw = performance.now() - s;
          rawMoved = r.rows[0]?.n ?? 0;
          return rawMoved;
        },
        (n) => n / 1000,
      );
      rawCpu = m.cpu;
      throw new Error('rollback');
    })
    .catch((err: unknown) => {
      if (!(err instanceof Error) || err.message !== 'rollback') throw err;
    });
  // The rolled-back statement left dead row versions behind; clear them so the job starts from the same clean tables.
  await sql`vacuum analyze grid_problems`.execute(db);
  await sql`vacuum analyze grid_level_holds`.execute(db);
  await sql`vacuum analyze grid_problem_events`.execute(db);
  const chunk = process.env.ESC_CHUNK ? Number(process.env.ESC_CHUNK) : undefined;
  const { value, cpu } = await metered(
    { pgUrl },
    async () => {
      const s = performance.now();
      const run = await escalateDueProblems(rt, { tenantId: T, ...(chunk ? { chunk } : {}) });
      return { run, ms: performance.now() - s };
    },
    (v) => v.run.escalated / 1000,
  );
  const ratio = value.ms / raw;
  say(
    `| escalation job over ${OPEN.toLocaleString('en')} open problems past their limit (escalateDueProblems${chunk ? `, chunks of ${chunk}` : ''}: stays, moves, steps, trace, notices) | ${ms(value.ms)} ms (${value.run.escalated.toLocaleString('en')} moved) | one set-based statement: ${ms(raw)} ms (${rawMoved.toLocaleString('en')} moved) | ${ratio.toFixed(2)}× | ≤ 1.5×: ${ratio <= 1.5 ? 'met' : 'not met'} | ${cpuOf(cpu, 'node', '1k problems')}; ${rawCpu ? pgCpu(rawCpu, '1k problems') : '–'} | ${load1()} |`,
  );
  // Leave the database as found: the next run escalates the same rows again.
  await deleteProblems(sql<boolean>`p.ticket like 'E%'`);
  await sql`delete from outbox where tenant_id = ${T} and kind like 'grid.%'`.execute(db);
  await standInForAutovacuum();
}

await pool.end();
await rt.close();
console.log(`\n${machine.date.slice(0, 16).replace('T', ' ')} UTC, ${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB; load at start ${machine.load}, at end ${load1()}; ${machine.node}, ${machine.postgres}`);
console.log(`npx tsx bench/grid.ts ${process.argv.slice(2).join(' ')}\n`);
console.log(out.join('\n'));
