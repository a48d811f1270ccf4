import { sql, type Kysely } from 'kysely';
import type { DB } from '../apps/server/src/db/schema';
import { hashPassword } from '../apps/server/src/modules/auth/password';
import { rebuildGridStats } from '../apps/server/src/modules/grid/grid-stats';
import { blockPolygon, type Lattice } from '../apps/server/src/seed/grid-lattice';
import type { CellGeometry } from '@duban/shared';
import { BENCH_PASSWORD } from './lib/http';
import { ms } from './lib/stats';

/**
 * Zhengzhou's grid for bench/grid.ts (issue 16), generated once into tenant `gridbench` and reused by later runs of
 * the same size: 186 streets, 2,681 communities, `cells` level-3 cells with polygons on a jittered lattice, 45,000
 * staff, 60 departments, 40 categories, `problems` over three years to 2026-11-20 (1 in 80 open: every other run of
 * 40 among the newest 1 in 40, as in real data, where what is still open was reported lately and so lies together),
 * their stays, the statistics rollup rebuilt set-based; and the accounts the HTTP rows sign in as: 16 網格长 of cells
 * spread over the city (gridbench.leader01…16) and the staff of one community (gridbench.community, grid scope = its
 * cells).
 */

export const GRID_TENANT = 'gridbench';
export const LEADERS = 16;
/** 2: the open problems are among the newest (layout 1 spread them evenly, 1 row in 80, over three years). */
const LAYOUT = 2;

/** The lattice over Zhengzhou (≈ 113.3–114.0 E, 34.4–34.9 N); the first `cells` quads are the level-3 cells. */
export function latticeQuads(cells: number): CellGeometry[] {
  const cols = 141;
  const rows = Math.max(1, Math.ceil(cells / cols));
  const L: Lattice = { west: 113.3, south: 34.4, dx: 0.7 / cols, dy: (0.5 / 99) * 1, cols, rows, jitter: 0.3, seed: 3 };
  const quads: CellGeometry[] = [];
  for (let r = 0; r < L.rows && quads.length < cells; r++) for (let c = 0; c < L.cols && quads.length < cells; c++) quads.push(blockPolygon(L, { c0: c, c1: c + 1, r0: r, r1: r + 1 }));
  return quads;
}

export type GridData = { tenantId: number; cells: number; problems: number; reused: boolean; lines: string[] };

/** The bench tenant of this database, generated when missing (a different size than asked for is an error). */
export async function ensureGridData(db: Kysely<DB>, opts: { cells: number; problems: number; log: (s: string) => void }): Promise<GridData> {
  const { cells: CELLS, problems: PROBLEMS } = opts;
  const found = await db.selectFrom('tenants').select(['id', 'settings']).where('code', '=', GRID_TENANT).executeTakeFirst();
  if (found) {
    const s = (typeof found.settings === 'string' ? JSON.parse(found.settings) : found.settings) as { gridbench?: { cells: number; problems: number; done?: boolean; layout?: number } };
    const g = s.gridbench;
    if (!g?.done) throw new Error(`tenant ${GRID_TENANT} in this database was not generated completely: drop the database and start again`);
    if ((g.layout ?? 1) !== LAYOUT) throw new Error(`tenant ${GRID_TENANT} in this database has the open problems spread over three years (layout ${g.layout ?? 1}); the bench now places them among the newest: drop the database and start again`);
    if (g.cells !== CELLS || g.problems !== PROBLEMS) throw new Error(`this database holds ${g.cells} cells and ${g.problems} problems; ask for those, or use an empty database`);
    return { tenantId: found.id, cells: CELLS, problems: PROBLEMS, reused: true, lines: [] };
  }
  const lines: string[] = [];
  const quads = latticeQuads(CELLS);
  const tenant = await db
    .insertInto('tenants')
    .values({ code: GRID_TENANT, name: '郑州市（基准）', doc_prefix: '郑督', settings: JSON.stringify({ gridbench: { cells: CELLS, problems: PROBLEMS } }) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const T = tenant.id;
  const t0 = performance.now();
  await sql`insert into grid_cells (tenant_id, level, code, name, valid_from) select ${T}, 1, '410100' || lpad(s::text, 3, '0') || '000000', '街道' || s, '2024-01-01' from generate_series(1, 186) s`.execute(db);
  await sql`insert into grid_cells (tenant_id, level, code, name, parent_id, valid_from)
    select ${T}, 2, '410100' || lpad((((c - 1) % 186) + 1)::text, 3, '0') || lpad((((c - 1) / 186) + 1)::text, 3, '0') || '000', '社区' || c, st.ids[((c - 1) % 186) + 1], '2024-01-01'
    from generate_series(1, 2681) c
    cross join (select array_agg(id order by code) ids from grid_cells where tenant_id = ${T} and level = 1) st`.execute(db);
  await sql`insert into grid_cells (tenant_id, level, code, name, parent_id, valid_from)
    select ${T}, 3, left(m.codes[((g - 1) % 2681) + 1], 12) || lpad(((g - 1) / 2681 + 1)::text, 3, '0'), '网格' || g, m.ids[((g - 1) % 2681) + 1], '2024-01-01'
    from generate_series(1, ${CELLS}) g
    cross join (select array_agg(id order by id) ids, array_agg(code order by id) codes from grid_cells where tenant_id = ${T} and level = 2) m`.execute(db);
  for (let i = 0; i < quads.length; i += 1000) {
    const part = quads.slice(i, i + 1000).map((g, k) => sql`(${i + k + 1}::int, ${JSON.stringify(g)}::jsonb)`);
    await sql`update grid_cells c set polygon = v.p from (values ${sql.join(part)}) v(n, p), (select id, row_number() over (order by id) n from grid_cells where tenant_id = ${T} and level = 3) o where o.n = v.n and c.id = o.id`.execute(db);
  }
  await sql`insert into grid_cell_versions (tenant_id, version) values (${T}, 1) on conflict (tenant_id) do nothing`.execute(db);
  const unit = await db.insertInto('units').values({ tenant_id: T, name: '基准街道', kind: 'street' }).returning('id').executeTakeFirstOrThrow();
  await sql`insert into people (tenant_id, unit_id, name, rank) select ${T}, ${unit.id}, '网格员' || g, 'staff' from generate_series(1, 45000) g`.execute(db);
  await sql`insert into grid_staff (tenant_id, cell_id, person_id, duty, valid_from)
    select ${T}, c.id, p.id, case when p.rn <= ${CELLS} then 'leader' else 'member' end, '2024-01-01'
    from (select id, row_number() over (order by id) rn from people where tenant_id = ${T}) p
    join (select id, row_number() over (order by id) rn from grid_cells where tenant_id = ${T} and level = 3) c on c.rn = ((p.rn - 1) % ${CELLS}) + 1`.execute(db);
  await sql`insert into units (tenant_id, name, kind) select ${T}, '部门' || g, 'government' from generate_series(1, 60) g`.execute(db);
  await sql`insert into grid_categories (tenant_id, kind, code, name) select ${T}, 'event', 'E' || g, '类别' || g from generate_series(1, 40) g`.execute(db);
  // Accounts: 16 網格长 (the leaders of cells spread over the lattice), and one community's staff.
  const hash = await hashPassword(BENCH_PASSWORD);
  await sql`insert into accounts (tenant_id, person_id, username, display_name, password_hash, roles)
    select ${T}, s.person_id, ${GRID_TENANT} || '.leader' || lpad(k::text, 2, '0'), '网格长' || k, ${hash}, array['grid_leader']
    from generate_series(1, ${LEADERS}) k
    join lateral (select s.person_id from grid_staff s join grid_cells c on c.id = s.cell_id
      where s.tenant_id = ${T} and s.duty = 'leader' order by c.id offset ((k - 1) * ${Math.max(1, Math.floor(CELLS / LEADERS))}) limit 1) s on true`.execute(db);
  const community = await db.insertInto('people').values({ tenant_id: T, unit_id: unit.id, name: '社区网格管理员', rank: 'staff' }).returning('id').executeTakeFirstOrThrow();
  await sql`insert into accounts (tenant_id, person_id, username, display_name, password_hash, roles)
    values (${T}, ${community.id}, ${GRID_TENANT} || '.community', '社区网格管理员', ${hash}, array['grid_leader'])`.execute(db);
  await sql`insert into grid_staff (tenant_id, cell_id, person_id, duty, valid_from)
    select ${T}, id, ${community.id}, 'leader', '2024-01-01' from grid_cells where tenant_id = ${T} and level = 2 order by id offset 1000 limit 1`.execute(db);
  lines.push(`| grid generated: 186 + 2,681 + ${CELLS.toLocaleString('en')} cells with polygons, 45,000 staff | ${ms(performance.now() - t0)} ms |`);
  opts.log(lines.at(-1) ?? '');

  const t1 = performance.now();
  // Problems over three years to 2026-11-20, 98.75% closed (50,000 open of 4,000,000 in the shape). Row g is
  // reported at 2026-11-20 minus g/PROBLEMS of three years, so rows go in newest first; the open ones are every other
  // run of 40 rows among the newest 1 in 40 (the last 27 days at 4 M; runs, not single rows, so that categories and
  // units keep their spread), as real open problems are the recent ones and lie together on the table's pages.
  // (Spread 1 in 80 over three years, each open problem had a table page of its own, and the planner's estimates for
  // the open problems followed that layout rather than a real city's.)
  const open = sql.raw(`(g <= ${Math.floor(PROBLEMS / 40)} and ((g - 1) / 40) % 2 = 0)`);
  await sql`set session_replication_role = replica`.execute(db);
  for (let lo = 1; lo <= PROBLEMS; lo += 500_000) {
    const hi = Math.min(PROBLEMS, lo + 499_999);
    await sql`insert into grid_problems (tenant_id, ticket, source, category_id, urgency, title, status, hold_level, hold_since, reported_at, cell_id, dispatched_unit_id,
        closed_at, closed_on_time, resolved_level, rework_count, extension_count, rating, hold_deadline)
      select ${T}, 'B' || g, 'grid', cat.ids[1 + (g % 40)], 'normal', '问题' || g, case when ${open} then 'handling' else 'closed' end, 'cell', at, at,
        cel.ids[1 + (hashint4(g) & 2147483647) % ${CELLS}], case when g % 3 = 0 then un.ids[1 + g % 60] end,
        case when ${open} then null else at + interval '30 hours' end,
        case when ${open} then null else g % 20 <> 0 end,
        case when ${open} then null when g % 25 = 0 then 'street' when g % 50 = 1 then 'district' else 'community' end,
        case when g % 90 = 0 then 1 else 0 end, case when g % 110 = 0 then 1 else 0 end,
        case when ${open} or g % 3 = 1 then null when g % 40 = 2 then 'unsatisfied' when g % 7 = 0 then 'basic' else 'satisfied' end,
        case when ${open} then at + interval '3 days' end
      from generate_series(${lo}::int, ${hi}::int) g
      cross join lateral (select timestamptz '2026-11-20' - ((g::float8 / ${PROBLEMS}) * interval '1095 days') as at) a
      cross join (select array_agg(id order by id) ids from grid_categories where tenant_id = ${T}) cat
      cross join (select array_agg(id order by id) ids from grid_cells where tenant_id = ${T} and level = 3) cel
      cross join (select array_agg(id order by id) ids from units where tenant_id = ${T} and kind = 'government') un`.execute(db);
    opts.log(`  problems ${hi.toLocaleString('en')} (${ms(performance.now() - t1)} ms)`);
  }
  await sql`insert into grid_level_holds (tenant_id, problem_id, hold_level, started_at, ended_at, working_minutes, left_by)
    select tenant_id, id, 'cell', reported_at, closed_at, 60 + id % 400, 'closed' from grid_problems where tenant_id = ${T} and closed_at is not null`.execute(db);
  await sql`insert into grid_level_holds (tenant_id, problem_id, hold_level, cell_id, started_at)
    select tenant_id, id, 'cell', cell_id, reported_at from grid_problems where tenant_id = ${T} and closed_at is null`.execute(db);
  await sql`update grid_problems set hold_cell_id = cell_id where tenant_id = ${T} and closed_at is null`.execute(db);
  await sql`set session_replication_role = default`.execute(db);
  for (const t of ['grid_problems', 'grid_level_holds', 'grid_cells', 'grid_staff', 'people', 'accounts', 'grid_categories', 'units']) await sql`vacuum analyze ${sql.raw(t)}`.execute(db);
  const gen = performance.now() - t1;
  const t2 = performance.now();
  await rebuildGridStats(db, T);
  await sql`vacuum analyze grid_stats_monthly`.execute(db);
  lines.push(`| ${PROBLEMS.toLocaleString('en')} problems and their stays generated | ${ms(gen)} ms | rollup rebuilt set-based in ${ms(performance.now() - t2)} ms |`);
  opts.log(lines.at(-1) ?? '');
  await sql`update tenants set settings = ${JSON.stringify({ gridbench: { cells: CELLS, problems: PROBLEMS, done: true, layout: LAYOUT } })}::jsonb where id = ${T}`.execute(db);
  return { tenantId: T, cells: CELLS, problems: PROBLEMS, reused: false, lines };
}
