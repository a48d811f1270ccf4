// `npx tsx bench/grid.ts -- --db postgres://…/bench_grid [--problems 1000000] [--points 100000] [--runs 40]`
// Grid at Zhengzhou scale (issue 16): 13,869 level-3 cells with polygons, 2,681 communities, 186 streets, 45,000 staff
// rows; problems over three years. Measures, in one run, beside a raw baseline on the same machine at the same moment:
// 1. assigning points to cells with the application index (CellIndex) vs the bounding-box join alone in SQL;
// 2. the statistics page (gridStats by street over a year; the overview) vs the raw statement over the rollup, and vs
//    the naive GROUP BY over all problems (what a page without the rollup would run);
// 3. the escalation job (escalateDueProblems) over --open problems all past their level's limit vs one set-based SQL
//    statement moving them the same way (rolled back), run just before it on the same rows.
import { CellIndex, type CellGeometry } from '@duban/shared';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { sql } from 'kysely';
import { openRuntime } from '../apps/server/src/bootstrap';
import { loadConfig } from '../apps/server/src/config';
import { systemActor } from '../apps/server/src/lib/actor';
import { escalateDueProblems } from '../apps/server/src/modules/grid/grid-escalation.service';
import { rebuildGridStats } from '../apps/server/src/modules/grid/grid-stats';
import { gridOverview, gridStats } from '../apps/server/src/modules/grid/grid-stats.service';
import { blockPolygon, type Lattice } from '../apps/server/src/seed/grid-lattice';
import { latency, fmtLatency, ms } from './lib/stats';

const { values: args } = parseArgs({
  options: { db: { type: 'string' }, problems: { type: 'string', default: '1000000' }, points: { type: 'string', default: '100000' }, runs: { type: 'string', default: '40' }, open: { type: 'string', default: '50000' } },
  allowPositionals: true,
});
if (!args.db) throw new Error('--db postgres://… (an empty database)');
const PROBLEMS = Number(args.problems);
const POINTS = Number(args.points);
const RUNS = Number(args.runs);
const CELLS = 13_869;
const root = path.resolve(new URL('.', import.meta.url).pathname, '..');

// A 141 × 99 lattice over Zhengzhou (≈ 113.3–114.0 E, 34.4–34.9 N); the first 13,869 quads are the level-3 cells.
const L: Lattice = { west: 113.3, south: 34.4, dx: 0.7 / 141, dy: 0.5 / 99, cols: 141, rows: 99, jitter: 0.3, seed: 3 };
const quads: CellGeometry[] = [];
for (let r = 0; r < L.rows && quads.length < CELLS; r++) for (let c = 0; c < L.cols && quads.length < CELLS; c++) quads.push(blockPolygon(L, { c0: c, c1: c + 1, r0: r, r1: r + 1 }));

const rt = await openRuntime(loadConfig({ DATABASE_URL: args.db, DATA_DIR: path.join(root, 'bench/.data/grid'), DEMO: 'off', JOBS: 'off', LOG_LEVEL: 'silent' }), { migrate: 'always' });
const db = rt.db;
const out: string[] = [];
const say = (s: string) => {
  console.log(s);
  out.push(s);
};

// ---- 1. assignment
{
  const t0 = performance.now();
  const index = new CellIndex(quads.map((g, i) => ({ id: i + 1, code: String(i + 1).padStart(15, '0'), level: 3, geometry: g })));
  const build = performance.now() - t0;
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pts = Array.from({ length: POINTS }, () => [113.3 + rnd() * 0.7, 34.4 + rnd() * 0.5] as const);
  const t1 = performance.now();
  let placed = 0;
  for (const [lon, lat] of pts) if (index.assign(lon, lat).cellId !== null) placed++;
  const assign = performance.now() - t1;
  // Raw baseline: the same points joined to the cells' bounding boxes in PostgreSQL (no polygon test at all).
  await sql`create temporary table bench_cells as select g as id, ${sql.raw('0')}::float8 as min_lon, 0::float8 as min_lat, 0::float8 as max_lon, 0::float8 as max_lat from generate_series(1, ${CELLS}) g`.execute(db);
  const boxes = quads.map((g) => g.coordinates[0] as number[][]);
  for (let i = 0; i < boxes.length; i += 2000) {
    const part = boxes.slice(i, i + 2000).map((ring, k) => {
      const xs = ring.map((p) => p[0] ?? 0);
      const ys = ring.map((p) => p[1] ?? 0);
      return sql`(${i + k + 1}::int, ${Math.min(...xs)}::float8, ${Math.min(...ys)}::float8, ${Math.max(...xs)}::float8, ${Math.max(...ys)}::float8)`;
    });
    await sql`update bench_cells c set min_lon = v.a, min_lat = v.b, max_lon = v.c, max_lat = v.d from (values ${sql.join(part)}) v(id, a, b, c, d) where c.id = v.id`.execute(db);
  }
  await sql`create index on bench_cells (min_lon, max_lon)`.execute(db);
  await sql`create temporary table bench_points as select g as id, 113.3 + random() * 0.7 as lon, 34.4 + random() * 0.5 as lat from generate_series(1, ${POINTS}) g`.execute(db);
  await sql`analyze bench_cells`.execute(db);
  await sql`analyze bench_points`.execute(db);
  const t2 = performance.now();
  await sql`select count(*) from bench_points p join bench_cells c on p.lon between c.min_lon and c.max_lon and p.lat between c.min_lat and c.max_lat`.execute(db);
  const raw = performance.now() - t2;
  say(`| assign ${POINTS.toLocaleString('en')} points to ${CELLS.toLocaleString('en')} cells (CellIndex, in process; index built in ${ms(build)} ms) | ${ms(assign)} ms (${placed.toLocaleString('en')} placed) | bbox join alone in SQL: ${ms(raw)} ms | ${(assign / raw).toFixed(2)}× | target ≤ 500 ms |`);
}

// ---- 2. statistics
const tenant = await db.insertInto('tenants').values({ code: `gridbench${Date.now() % 100000}`, name: '郑州市（基准）', doc_prefix: '郑督', settings: '{}' }).returning('id').executeTakeFirstOrThrow();
const T = tenant.id;
{
  const t0 = performance.now();
  await sql`insert into grid_cells (tenant_id, level, code, name, valid_from) select ${T}, 1, '410100' || lpad(s::text, 3, '0') || '000000', '街道' || s, '2024-01-01' from generate_series(1, 186) s`.execute(db);
  await sql`insert into grid_cells (tenant_id, level, code, name, parent_id, valid_from)
    select ${T}, 2, '410100' || lpad((((c - 1) % 186) + 1)::text, 3, '0') || lpad((((c - 1) / 186) + 1)::text, 3, '0') || '000', '社区' || c,
      (select id from grid_cells p where p.tenant_id = ${T} and p.level = 1 and p.code = '410100' || lpad((((c - 1) % 186) + 1)::text, 3, '0') || '000000'), '2024-01-01'
    from generate_series(1, 2681) c`.execute(db);
  await sql`insert into grid_cells (tenant_id, level, code, name, parent_id, valid_from)
    select ${T}, 3, left(m.code, 12) || lpad(((g - 1) / 2681 + 1)::text, 3, '0'), '网格' || g, m.id, '2024-01-01'
    from generate_series(1, ${CELLS}) g join lateral (select id, code from grid_cells where tenant_id = ${T} and level = 2 order by id offset ((g - 1) % 2681) limit 1) m on true`.execute(db);
  for (let i = 0; i < quads.length; i += 1000) {
    const part = quads.slice(i, i + 1000).map((g, k) => sql`(${i + k + 1}::int, ${JSON.stringify(g)}::jsonb)`);
    await sql`update grid_cells c set polygon = v.p from (values ${sql.join(part)}) v(n, p), (select id, row_number() over (order by id) n from grid_cells where tenant_id = ${T} and level = 3) o where o.n = v.n and c.id = o.id`.execute(db);
  }
  const people = await db.insertInto('units').values({ tenant_id: T, name: '基准街道', kind: 'street' }).returning('id').executeTakeFirstOrThrow();
  await sql`insert into people (tenant_id, unit_id, name, rank) select ${T}, ${people.id}, '网格员' || g, 'staff' from generate_series(1, 45000) g`.execute(db);
  await sql`insert into grid_staff (tenant_id, cell_id, person_id, duty, valid_from)
    select ${T}, c.id, p.id, case when p.rn <= ${CELLS} then 'leader' else 'member' end, '2024-01-01'
    from (select id, row_number() over (order by id) rn from people where tenant_id = ${T}) p
    join (select id, row_number() over (order by id) rn from grid_cells where tenant_id = ${T} and level = 3) c on c.rn = ((p.rn - 1) % ${CELLS}) + 1`.execute(db);
  await sql`insert into units (tenant_id, name, kind) select ${T}, '部门' || g, 'government' from generate_series(1, 60) g`.execute(db);
  await sql`insert into grid_categories (tenant_id, kind, code, name) select ${T}, 'event', 'E' || g, '类别' || g from generate_series(1, 40) g`.execute(db);
  say(`| grid generated: 186 + 2,681 + ${CELLS.toLocaleString('en')} cells, 45,000 staff | ${ms(performance.now() - t0)} ms |`);

  const t1 = performance.now();
  // Problems over three years to 2026-11-20, 98.75% closed (50,000 open of 4,000,000 in the shape).
  await sql`set session_replication_role = replica`.execute(db);
  await sql`insert into grid_problems (tenant_id, ticket, source, category_id, urgency, title, status, hold_level, hold_since, reported_at, cell_id, dispatched_unit_id,
      closed_at, closed_on_time, resolved_level, rework_count, extension_count, rating, hold_deadline)
    select ${T}, 'B' || g, 'grid', cat.ids[1 + (g % 40)], 'normal', '问题' || g, case when g % 80 = 0 then 'handling' else 'closed' end, 'cell', at, at,
      cel.ids[1 + (hashint4(g) & 2147483647) % ${CELLS}], case when g % 3 = 0 then un.ids[1 + g % 60] end,
      case when g % 80 = 0 then null else at + interval '30 hours' end,
      case when g % 80 = 0 then null else g % 20 <> 0 end,
      case when g % 80 = 0 then null when g % 25 = 0 then 'street' when g % 50 = 1 then 'district' else 'community' end,
      case when g % 90 = 0 then 1 else 0 end, case when g % 110 = 0 then 1 else 0 end,
      case when g % 80 = 0 or g % 3 = 1 then null when g % 40 = 2 then 'unsatisfied' when g % 7 = 0 then 'basic' else 'satisfied' end,
      case when g % 80 = 0 then at + interval '3 days' end
    from generate_series(1, ${PROBLEMS}) g
    cross join lateral (select timestamptz '2026-11-20' - ((g::float8 / ${PROBLEMS}) * interval '1095 days') as at) a
    cross join (select array_agg(id order by id) ids from grid_categories where tenant_id = ${T}) cat
    cross join (select array_agg(id order by id) ids from grid_cells where tenant_id = ${T} and level = 3) cel
    cross join (select array_agg(id order by id) ids from units where tenant_id = ${T} and kind = 'government') un`.execute(db);
  await sql`insert into grid_level_holds (tenant_id, problem_id, hold_level, started_at, ended_at, working_minutes, left_by)
    select tenant_id, id, 'cell', reported_at, closed_at, 60 + id % 400, 'closed' from grid_problems where tenant_id = ${T} and closed_at is not null`.execute(db);
  await sql`set session_replication_role = default`.execute(db);
  await sql`analyze grid_problems`.execute(db);
  await sql`analyze grid_level_holds`.execute(db);
  const gen = performance.now() - t1;
  const t2 = performance.now();
  await rebuildGridStats(db, T);
  say(`| ${PROBLEMS.toLocaleString('en')} problems and their holds generated | ${ms(gen)} ms | rollup rebuilt set-based in ${ms(performance.now() - t2)} ms |`);
}
{
  const actor = { ...systemActor(T, '基准'), roles: ['supervisor' as const] };
  const deps = { db, clock: rt.clock } as unknown as Parameters<typeof gridStats>[0];
  const q = { from: '2026-01', to: '2026-11' };
  const time = async (fn: () => Promise<unknown>) => {
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now();
      await fn();
      samples.push(performance.now() - s);
    }
    return latency(samples);
  };
  const street = await time(() => gridStats(deps, actor, { ...q, dim: 'street' }));
  const overview = await time(() => gridOverview(deps, actor, q));
  const raw = await time(() =>
    sql`select key, sum(closed), sum(on_time), sum(low_level), sum(rated), sum(satisfied) from grid_stats_monthly where tenant_id = ${T} and dim = 'node' and level = 1 and month between '2026-01-01' and '2026-11-01' group by key`.execute(db),
  );
  const naiveRuns = Math.min(3, RUNS);
  const naiveSamples: number[] = [];
  for (let i = 0; i < naiveRuns; i++) {
    const s = performance.now();
    await sql`select left(c.code, 9), count(*), count(*) filter (where p.closed_on_time), count(*) filter (where p.resolved_level in ('cell', 'community'))
      from grid_problems p join grid_cells c on c.id = p.cell_id
      where p.tenant_id = ${T} and p.closed_at >= '2026-01-01' and p.closed_at < '2026-12-01' and p.status in ('closed', 'visited') group by 1`.execute(db);
    naiveSamples.push(performance.now() - s);
  }
  const naive = latency(naiveSamples);
  say(`| statistics by street, a year (gridStats, in process, ${RUNS} runs) | ${fmtLatency(street)} | raw rollup SQL: ${fmtLatency(raw)} | ${(street.p95 / raw.p95).toFixed(1)}× | target p95 ≤ 150 ms |`);
  say(`| overview (cockpit 网格 tab / big screen: streets, departments, trend, 红黑榜) | ${fmtLatency(overview)} | | | |`);
  say(`| the same street figures by GROUP BY over all problems (no rollup), ${naiveRuns} runs | ${fmtLatency(naive)} | | ${(naive.p95 / street.p95).toFixed(0)}× slower than the page | |`);
}
// ---- 3. escalation
{
  const OPEN = Number(args.open);
  const now = rt.clock.now();
  const ACTIVE = sql`('reported', 'accepted', 'registered', 'dispatched', 'handling')`;
  // Open problems held by their level-3 cell for ten days, all past the cell's limit (1 working day by default).
  await sql`set session_replication_role = replica`.execute(db);
  await sql`insert into grid_problems (tenant_id, ticket, source, category_id, urgency, title, status, hold_level, hold_cell_id, hold_since, hold_deadline, reported_at, cell_id, updated_at)
    select ${T}, 'E' || g, 'grid', cat.ids[1 + (g % 40)], 'normal', '待上报' || g, 'registered', 'cell', c.id, ${now}::timestamptz - interval '10 days', ${now}::timestamptz - interval '1 day',
      ${now}::timestamptz - interval '10 days', c.id, ${now}
    from generate_series(1, ${OPEN}) g
    cross join (select array_agg(id order by id) ids from grid_categories where tenant_id = ${T}) cat
    cross join (select array_agg(id order by id) ids from grid_cells where tenant_id = ${T} and level = 3) cel
    cross join lateral (select cel.ids[1 + (hashint4(g) & 2147483647) % ${CELLS}] as id) c`.execute(db);
  await sql`insert into grid_level_holds (tenant_id, problem_id, hold_level, cell_id, started_at)
    select tenant_id, id, 'cell', hold_cell_id, hold_since from grid_problems where tenant_id = ${T} and closed_at is null and hold_level = 'cell' and ticket like 'E%'`.execute(db);
  await sql`set session_replication_role = default`.execute(db);
  await sql`analyze grid_problems`.execute(db);
  await sql`analyze grid_level_holds`.execute(db);
  // Raw baseline: the same move as one set-based statement (hold rows closed and opened, problems moved, a step
  // each), no working-time arithmetic, no trace, no notices; rolled back so the job finds the same rows.
  let raw = 0;
  let rawMoved = 0;
  await db
    .transaction()
    .execute(async (trx) => {
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
      throw new Error('rollback');
    })
    .catch((err: unknown) => {
      if (!(err instanceof Error) || err.message !== 'rollback') throw err;
    });
  // The rolled-back statement left dead row versions behind; clear them so the job starts from the same clean tables.
  await sql`vacuum analyze grid_problems`.execute(db);
  await sql`vacuum analyze grid_level_holds`.execute(db);
  await sql`vacuum analyze grid_problem_events`.execute(db);
  const s = performance.now();
  const run = await escalateDueProblems(rt, { tenantId: T, ...(process.env.ESC_CHUNK ? { chunk: Number(process.env.ESC_CHUNK) } : {}) });
  const job = performance.now() - s;
  say(`| escalation job over ${OPEN.toLocaleString('en')} open problems past their limit (escalateDueProblems, chunks of ${process.env.ESC_CHUNK ?? '4,000'}: holds, moves, steps, trace, notices) | ${ms(job)} ms (${run.escalated.toLocaleString('en')} moved) | one set-based SQL statement: ${ms(raw)} ms (${rawMoved.toLocaleString('en')} moved) | ${(job / raw).toFixed(2)}× | target ≤ 1.5× |`);
}
await rt.close();
console.log('\n' + out.join('\n'));
