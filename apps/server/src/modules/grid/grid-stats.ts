import {
  GRID_HOLD_LEVELS,
  gridAncestorCode,
  gridCodeLength,
  gridOutcomeCounts,
  shanghaiDate,
  type GridStatsCounts,
  type GridStatsLevel,
} from '@duban/shared';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';

/**
 * Keeping the grid statistics rollup (grid_stats_monthly, migration 9101) in step with the problems, in the
 * application and in the same transaction as the change (no trigger):
 *
 * - `trackProblemStats(trx, tenantId, problemId, change)` wraps any change to a problem that may close it, reopen
 *   it, rate it, or change what a closed one counts as (its cell, department, category): it takes the problem's
 *   contribution before, runs the change, takes it after and applies the difference.
 * - `recordProblemClosed(trx, tenantId, problemId, onTime)` is the short form for 结案 when the problem was open
 *   just before: it stores closed_on_time and adds the problem's contribution.
 * - `rebuildGridStats(db, tenantId)` recomputes a tenant's rollup set-based from the problems (the bench, repairs);
 *   tests check that it agrees with the incremental path.
 *
 * A problem counts in the month of its 结案 (Asia/Shanghai) once closed as resolved (status closed or visited; not
 * 不予立案, not a merged duplicate); its
 * handling time is the working minutes of its stays at each level that ended by then (grid_level_holds).
 */

type Db = Kysely<DB> | Transaction<DB>;

type RowKey = { dim: 'tenant' | 'node' | 'unit' | 'category'; level: number; key: string };

/** What a problem adds to the rollup: the rows it counts in, the month and its counts. */
export type ProblemStatsSnapshot = { tenantId: number; month: string; rows: RowKey[]; counts: GridStatsCounts };

const HOLD_LEVELS = new Set<string>(GRID_HOLD_LEVELS);
/** Statuses of a problem resolved and closed (结案, then 回访): 不予立案 (rejected) and merged duplicates are not counted. */
export const RESOLVED_STATUSES = ['closed', 'visited'] as const;
const RESOLVED = new Set<string>(RESOLVED_STATUSES);

/** The rollup rows a problem in a cell of `level` with `code` counts in (the cell and each ancestor). */
export function nodeRows(code: string | null, level: number | null): RowKey[] {
  if (!code || !level) return [];
  const out: RowKey[] = [];
  for (let l = 1; l <= level; l++) out.push({ dim: 'node', level: l, key: l === level ? code : l <= 3 ? gridAncestorCode(code, l) : code.slice(0, gridCodeLength(l)) });
  return out;
}

/** The problem's current contribution, or null when it contributes nothing (open, or a merged duplicate). */
export async function problemStatsSnapshot(db: Db, tenantId: number, problemId: number | string): Promise<ProblemStatsSnapshot | null> {
  const p = await db
    .selectFrom('grid_problems as p')
    .leftJoin('grid_cells as c', 'c.id', 'p.cell_id')
    .select([
      'p.closed_at',
      'p.closed_on_time',
      'p.status',
      'p.merged_into_id',
      'p.rework_count',
      'p.extension_count',
      'p.resolved_level',
      'p.rating',
      'p.dispatched_unit_id',
      'p.category_id',
      'c.code',
      'c.level',
    ])
    .where('p.tenant_id', '=', tenantId)
    .where('p.id', '=', String(problemId))
    .executeTakeFirst();
  if (!p || p.closed_at == null || !RESOLVED.has(p.status) || p.merged_into_id != null) return null;
  const closedAt = p.closed_at instanceof Date ? p.closed_at : new Date(p.closed_at);
  const holds = await db
    .selectFrom('grid_level_holds')
    .select(['hold_level', sql<number>`coalesce(working_minutes, 0)`.as('minutes')])
    .where('problem_id', '=', String(problemId))
    .where('ended_at', 'is not', null)
    .where('ended_at', '<=', closedAt)
    .execute();
  const counts = gridOutcomeCounts({
    closed: true,
    merged: false,
    onTime: p.closed_on_time === true,
    rework: p.rework_count > 0,
    extended: p.extension_count > 0,
    resolvedLevel: p.resolved_level && HOLD_LEVELS.has(p.resolved_level) ? p.resolved_level : null,
    rating: p.rating,
    holds: holds.filter((h) => HOLD_LEVELS.has(h.hold_level)).map((h) => ({ level: h.hold_level as GridStatsLevel, minutes: Number(h.minutes) })),
  });
  const rows: RowKey[] = [{ dim: 'tenant', level: 0, key: '' }, ...nodeRows(p.code, p.level)];
  if (p.dispatched_unit_id != null) rows.push({ dim: 'unit', level: 0, key: String(p.dispatched_unit_id) });
  rows.push({ dim: 'category', level: 0, key: String(p.category_id) });
  return { tenantId, month: `${shanghaiDate(closedAt).slice(0, 7)}-01`, rows, counts };
}

type Delta = { row: RowKey; month: string; counts: GridStatsCounts; sign: 1 | -1 };

const COUNT_COLUMNS = ['closed', 'on_time', 'rework', 'extended', 'low_level', 'rated', 'satisfied', 'basic', 'unsatisfied'] as const;

function columnsOf(c: GridStatsCounts, sign: number) {
  return {
    closed: sign * c.closed,
    on_time: sign * c.onTime,
    rework: sign * c.rework,
    extended: sign * c.extended,
    low_level: sign * c.lowLevel,
    rated: sign * c.rated,
    satisfied: sign * c.satisfied,
    basic: sign * c.basic,
    unsatisfied: sign * c.unsatisfied,
    minutes_cell: sign * c.holdMinutes.cell,
    minutes_community: sign * c.holdMinutes.community,
    minutes_street: sign * c.holdMinutes.street,
    minutes_district: sign * c.holdMinutes.district,
    minutes_city: sign * c.holdMinutes.city,
    holds_cell: sign * c.holds.cell,
    holds_community: sign * c.holds.community,
    holds_street: sign * c.holds.street,
    holds_district: sign * c.holds.district,
    holds_city: sign * c.holds.city,
  };
}
type Columns = ReturnType<typeof columnsOf>;
const ALL_COLUMNS = Object.keys(columnsOf(gridOutcomeCounts({ closed: false, merged: false, onTime: false, rework: false, extended: false, resolvedLevel: null, rating: null, holds: [] }), 1)) as (keyof Columns)[];

/** Applies `after − before` to the rollup in one statement (rows in key order, so concurrent closes lock alike). */
export async function applyStatsDelta(db: Db, before: ProblemStatsSnapshot | null, after: ProblemStatsSnapshot | null): Promise<void> {
  const deltas: Delta[] = [];
  if (before) for (const row of before.rows) deltas.push({ row, month: before.month, counts: before.counts, sign: -1 });
  if (after) for (const row of after.rows) deltas.push({ row, month: after.month, counts: after.counts, sign: 1 });
  const tenantId = (after ?? before)?.tenantId;
  if (tenantId === undefined || !deltas.length) return;
  const merged = new Map<string, { row: RowKey; month: string; cols: Columns }>();
  for (const d of deltas) {
    const k = `${d.row.dim}\u0000${d.row.level}\u0000${d.row.key}\u0000${d.month}`;
    const cols = columnsOf(d.counts, d.sign);
    const cur = merged.get(k);
    if (!cur) merged.set(k, { row: d.row, month: d.month, cols });
    else for (const c of ALL_COLUMNS) cur.cols[c] += cols[c];
  }
  const values = [...merged.values()]
    .filter((m) => ALL_COLUMNS.some((c) => m.cols[c] !== 0))
    .sort((a, b) => (a.row.dim < b.row.dim ? -1 : a.row.dim > b.row.dim ? 1 : a.row.level - b.row.level || (a.row.key < b.row.key ? -1 : a.row.key > b.row.key ? 1 : a.month < b.month ? -1 : a.month > b.month ? 1 : 0)))
    .map((m) => ({ tenant_id: tenantId, dim: m.row.dim, level: m.row.level, key: m.row.key, month: m.month, ...m.cols }));
  if (!values.length) return;
  await db
    .insertInto('grid_stats_monthly')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'dim', 'level', 'key', 'month']).doUpdateSet(Object.fromEntries(ALL_COLUMNS.map((c) => [c, sql`grid_stats_monthly.${sql.ref(c)} + excluded.${sql.ref(c)}`]))),
    )
    .execute();
}

/** Runs `change` on a problem and moves the statistics by what it changed (see the module comment). */
export async function trackProblemStats<T>(trx: Transaction<DB>, tenantId: number, problemId: number | string, change: () => Promise<T>): Promise<T> {
  const before = await problemStatsSnapshot(trx, tenantId, problemId);
  const result = await change();
  const after = await problemStatsSnapshot(trx, tenantId, problemId);
  await applyStatsDelta(trx, before, after);
  return result;
}

/** 结案 of a problem that was open: stores whether it was on time and adds it to the statistics. */
export async function recordProblemClosed(trx: Transaction<DB>, tenantId: number, problemId: number | string, onTime: boolean): Promise<void> {
  await trx.updateTable('grid_problems').set({ closed_on_time: onTime }).where('tenant_id', '=', tenantId).where('id', '=', String(problemId)).execute();
  await applyStatsDelta(trx, null, await problemStatsSnapshot(trx, tenantId, problemId));
}

const MONTH = sql`date_trunc('month', p.closed_at at time zone 'Asia/Shanghai')::date`;

/** The statistics' columns, in the rollup's order. */
export const STATS_COLUMNS = [...COUNT_COLUMNS, ...GRID_HOLD_LEVELS.map((l) => `minutes_${l}`), ...GRID_HOLD_LEVELS.map((l) => `holds_${l}`)];

/**
 * One row per problem counted in the statistics (closed as resolved, not merged): its month of 结案, cell code and
 * level, department, category and what it counts (1/0 and the working minutes each level held it). `scope` narrows
 * the problems (a condition over `p`, the viewer's grid data scope); the rebuild takes them all.
 */
export function problemFactsSql(tenantId: number, scope: RawBuilder<boolean> | null = null): RawBuilder<unknown> {
  const holdCols = sql.join(
    GRID_HOLD_LEVELS.flatMap((l) => [
      sql`coalesce(sum(h.working_minutes) filter (where h.hold_level = ${l}), 0) as ${sql.ref(`minutes_${l}`)}`,
      sql`count(*) filter (where h.hold_level = ${l}) as ${sql.ref(`holds_${l}`)}`,
    ]),
    sql`, `,
  );
  const factCols = sql.join(
    GRID_HOLD_LEVELS.flatMap((l) => [sql`coalesce(h.${sql.ref(`minutes_${l}`)}, 0) as ${sql.ref(`minutes_${l}`)}`, sql`coalesce(h.${sql.ref(`holds_${l}`)}, 0) as ${sql.ref(`holds_${l}`)}`]),
    sql`, `,
  );
  const narrow = scope ? sql`and ${scope}` : sql``;
  return sql`
      with holds as (
        select h.problem_id, ${holdCols}
        from grid_level_holds h join grid_problems p on p.id = h.problem_id
        where p.tenant_id = ${tenantId} and p.closed_at is not null and h.ended_at is not null and h.ended_at <= p.closed_at ${narrow}
        group by h.problem_id
      )
      select ${MONTH} as month, c.code, c.level as clevel, p.dispatched_unit_id, p.category_id,
        1 as closed,
        case when p.closed_on_time then 1 else 0 end as on_time,
        case when p.rework_count > 0 then 1 else 0 end as rework,
        case when p.extension_count > 0 then 1 else 0 end as extended,
        case when p.resolved_level in ('cell', 'community') then 1 else 0 end as low_level,
        case when p.rating is not null then 1 else 0 end as rated,
        case when p.rating = 'satisfied' then 1 else 0 end as satisfied,
        case when p.rating = 'basic' then 1 else 0 end as basic,
        case when p.rating = 'unsatisfied' then 1 else 0 end as unsatisfied,
        ${factCols}
      from grid_problems p
      left join grid_cells c on c.id = p.cell_id
      left join holds h on h.problem_id = p.id
      where p.tenant_id = ${tenantId} and p.closed_at is not null and p.status in ('closed', 'visited') and p.merged_into_id is null ${narrow}`;
}

/** The rollup key at `level` of a fact row `f` whose cell is at f.clevel ≥ level (the cell's own code, or an ancestor's). */
export function nodeKeySql(level: RawBuilder<number> | number): RawBuilder<string> {
  const l = typeof level === 'number' ? sql<number>`${level}::int` : level;
  return sql<string>`case when ${l} = f.clevel then f.code
                       when ${l} <= 3 then rpad(left(f.code, 6 + ${l} * 3), 15, '0')
                       else left(f.code, 15 + (${l} - 3) * 3) end`;
}

/**
 * Recomputes a tenant's statistics from its problems in a few set-based statements (what the incremental path
 * keeps up to date). Used by the bench generator and to repair; safe to run at any time (one transaction).
 */
export async function rebuildGridStats(db: Kysely<DB>, tenantId: number): Promise<void> {
  const sums = sql.join(STATS_COLUMNS.map((c) => sql`sum(f.${sql.ref(c)})`), sql`, `);
  const cols = sql.join(STATS_COLUMNS.map((c) => sql.ref(c)), sql`, `);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('grid_stats_monthly').where('tenant_id', '=', tenantId).execute();
    await sql`
      create temporary table grid_stats_facts on commit drop as ${problemFactsSql(tenantId)}`.execute(trx);
    await sql`analyze grid_stats_facts`.execute(trx);
    await sql`
      insert into grid_stats_monthly (tenant_id, dim, level, key, month, ${cols})
      select ${tenantId}, 'tenant', 0, '', f.month, ${sums} from grid_stats_facts f group by f.month`.execute(trx);
    await sql`
      insert into grid_stats_monthly (tenant_id, dim, level, key, month, ${cols})
      select ${tenantId}, 'unit', 0, f.dispatched_unit_id::text, f.month, ${sums} from grid_stats_facts f
      where f.dispatched_unit_id is not null group by f.dispatched_unit_id, f.month`.execute(trx);
    await sql`
      insert into grid_stats_monthly (tenant_id, dim, level, key, month, ${cols})
      select ${tenantId}, 'category', 0, f.category_id::text, f.month, ${sums} from grid_stats_facts f group by f.category_id, f.month`.execute(trx);
    await sql`
      insert into grid_stats_monthly (tenant_id, dim, level, key, month, ${cols})
      select ${tenantId}, 'node', n.l, n.key, f.month, ${sums}
      from grid_stats_facts f
      cross join lateral (
        select l, ${nodeKeySql(sql<number>`l`)} as key
        from generate_series(1, f.clevel) as l
      ) n
      where f.code is not null
      group by n.l, n.key, f.month`.execute(trx);
  });
}
