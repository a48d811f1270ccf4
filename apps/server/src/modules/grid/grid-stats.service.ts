import {
  GRID_HOLD_LEVELS,
  addGridCounts,
  emptyGridCounts,
  gridCodeRange,
  gridRankScore,
  gridRates,
  redBlackList,
  type GridOverview,
  type GridRankRow,
  type GridStatsCounts,
  type GridStatsDim,
  type GridStatsRow,
  type GridStatsView,
} from '@duban/shared';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError, validationError } from '../../errors';
import type { Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { requireGridOverview } from './grid-access';
import { openCountsAt, type OpenAt } from './grid-open-counts';
import { gridCellScope, gridProblemScope, gridViewOf } from './grid-scope';
import { nodeKeySql, problemFactsSql } from './grid-stats';

/**
 * Grid statistics (网格统计, issue 16) read from the monthly rollup (grid-stats.ts keeps it): a period of whole
 * months costs a few hundred rows whatever the number of problems, so the page stays fast at 4,000,000 problems.
 * Open problems (the backlog) are counted live over the open rows only.
 */

type Sums = Map<string, GridStatsCounts>;
const NODE_LEVEL: Partial<Record<GridStatsDim, number>> = { street: 1, community: 2, cell: 3 };

const monthStart = (ym: string) => `${ym}-01`;

/**
 * The figures of a period by row key (or by month): from the rollup for a tenant-wide viewer; for a narrower grid
 * data scope (`scope`, a condition over the problems) computed live over the scope's own closed problems, with the
 * same definitions (problemFactsSql is what the rollup is rebuilt from).
 */
async function sumRollup(
  db: Kysely<DB>,
  tenantId: number,
  dim: 'tenant' | 'node' | 'unit' | 'category',
  level: number,
  period: { from: string; to: string },
  range?: { lo: string; hi: string },
  byMonth = false,
  scope: RawBuilder<boolean> | null = null,
): Promise<Sums> {
  const cols = [
    'closed',
    'on_time',
    'rework',
    'extended',
    'low_level',
    'rated',
    'satisfied',
    'basic',
    'unsatisfied',
    ...GRID_HOLD_LEVELS.map((l) => `minutes_${l}`),
    ...GRID_HOLD_LEVELS.map((l) => `holds_${l}`),
  ];
  const group = byMonth ? sql`to_char(month, 'YYYY-MM')` : sql`key`;
  const liveKey = { tenant: sql`''`, node: nodeKeySql(level), unit: sql`f.dispatched_unit_id::text`, category: sql`f.category_id::text` }[dim];
  const source = scope
    ? sql`(select f.*, ${liveKey} as key from (${problemFactsSql(tenantId, scope)}) f
           where ${dim === 'node' ? sql`f.code is not null and f.clevel >= ${level}::int` : dim === 'unit' ? sql`f.dispatched_unit_id is not null` : sql`true`}) s`
    : sql`grid_stats_monthly`;
  const rows = await sql<Record<string, string | number>>`
    select ${group} as k, ${sql.join(cols.map((c) => sql`sum(${sql.ref(c)})::bigint as ${sql.ref(c)}`), sql`, `)}
    from ${source}
    where ${scope ? sql`true` : sql`tenant_id = ${tenantId} and dim = ${dim} and level = ${level}`}
      and month >= ${monthStart(period.from)}::date and month <= ${monthStart(period.to)}::date
      ${range ? sql`and key >= ${range.lo} and key <= ${range.hi}` : sql``}
    group by 1`.execute(db);
  const out: Sums = new Map();
  for (const r of rows.rows) {
    const n = (c: string) => Number(r[c] ?? 0);
    const c = emptyGridCounts();
    c.closed = n('closed');
    c.onTime = n('on_time');
    c.rework = n('rework');
    c.extended = n('extended');
    c.lowLevel = n('low_level');
    c.rated = n('rated');
    c.satisfied = n('satisfied');
    c.basic = n('basic');
    c.unsatisfied = n('unsatisfied');
    for (const l of GRID_HOLD_LEVELS) {
      c.holdMinutes[l] = n(`minutes_${l}`);
      c.holds[l] = n(`holds_${l}`);
    }
    out.set(String(r.k), c);
  }
  return out;
}

function checkPeriod(from: string, to: string): void {
  const months = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5)) - Number(from.slice(5));
  if (months > 120) throw validationError([{ field: 'to', message: '统计期间最长 10 年' }]);
}

async function openByColumn(db: Kysely<DB>, tenantId: number, column: 'dispatched_unit_id' | 'category_id', scope: RawBuilder<boolean> | null): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('grid_problems as p')
    .select([sql<string>`${sql.ref(`p.${column}`)}::text`.as('k'), sql<number>`count(*)::int`.as('n')])
    .where('p.tenant_id', '=', tenantId)
    .where('p.closed_at', 'is', null)
    .where(`p.${column}`, 'is not', null)
    .$if(scope !== null, (qb) => qb.where(scope!))
    .groupBy(`p.${column}`)
    .execute();
  return new Map(rows.map((r) => [r.k, r.n]));
}

/** Statistics by street, community, cell (within a parent), department or category over whole months. */
export async function gridStats(deps: Deps, actor: Actor, q: { from: string; to: string; dim: GridStatsDim; parentId?: number }): Promise<GridStatsView> {
  requireGridOverview(actor);
  checkPeriod(q.from, q.to);
  const t = actor.tenantId;
  const db = deps.db;
  // The viewer's grid data scope (null: the whole tenant, from the rollup); narrower scopes count their own problems.
  const view = await gridViewOf(db, actor);
  const scope = view ? gridProblemScope(actor) : null;
  const cellScoped = view !== null && view.roots.length > 0;
  let parent: GridStatsView['parent'] = null;
  const level = NODE_LEVEL[q.dim];
  if (q.parentId != null) {
    if (level === undefined) throw validationError([{ field: 'parentId', message: '按部门或类别统计时不能选择上级网格' }]);
    const p = await db.selectFrom('grid_cells').select(['id', 'code', 'name', 'level']).where('tenant_id', '=', t).where('id', '=', q.parentId).executeTakeFirst();
    if (!p || (cellScoped && !view.visible.has(p.id))) throw new AppError('grid_cell_not_found');
    if (p.level >= level) throw validationError([{ field: 'parentId', message: '上级网格的层级应高于所统计的层级' }]);
    parent = p;
  } else if (q.dim === 'cell' && !cellScoped) {
    throw validationError([{ field: 'parentId', message: '按网格统计时请先选择街道或社区' }]);
  }
  const range = parent ? gridCodeRange(parent.code, parent.level) : undefined;
  const totalP = parent ? sumRollup(db, t, 'node', parent.level, q, { lo: parent.code, hi: parent.code }, false, scope) : sumRollup(db, t, 'tenant', 0, q, undefined, false, scope);
  // Open counts by branch only where rows are cells (departments and categories count their own open problems):
  // grouped by the rows' level in SQL, within the parent's branch when there is one, over the viewer's scope.
  const openP = level !== undefined ? openCountsAt(db, t, deps.clock.now(), level, parent && range ? { code: parent.code, level: parent.level, ...range } : undefined, scope) : null;
  const openTotalP = openP
    ? null
    : db
        .selectFrom('grid_problems as p')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('p.tenant_id', '=', t)
        .where('p.closed_at', 'is', null)
        .$if(scope !== null, (qb) => qb.where(scope!))
        .executeTakeFirst();
  let rows: GridStatsRow[];
  let open: OpenAt | null = null;
  if (level !== undefined) {
    const [sums, cells, counts] = await Promise.all([
      sumRollup(db, t, 'node', level, q, range, false, scope),
      db
        .selectFrom('grid_cells')
        .select(['id', 'code', 'name', 'valid_to'])
        .where('tenant_id', '=', t)
        .where('level', '=', level)
        .$if(!!range, (qb) => qb.where('code', '>=', range!.lo).where('code', '<=', range!.hi))
        .$if(!range, (qb) => qb.where('valid_to', 'is', null))
        .orderBy('code')
        .orderBy('valid_to', (ob) => ob.desc().nullsFirst())
        .execute(),
      openP,
    ]);
    open = counts;
    // One row per code: the current cell's name (or the last version's, for a cell closed since).
    const byCode = new Map<string, { id: number; name: string; current: boolean }>();
    for (const c of cells) if (!byCode.has(c.code)) byCode.set(c.code, { id: c.id, name: c.name, current: c.valid_to === null });
    // Listed: the current cells in the viewer's scope (every one for the tenant-wide view, none for a department),
    // and whatever has figures in the scope.
    const listed = view === null ? [...byCode.entries()] : cellScoped ? [...byCode.entries()].filter(([, v]) => view.visible.has(v.id)) : [];
    const withOpen = view && counts ? [...counts.byCode.keys()] : [];
    const codes = new Set([...listed.filter(([, v]) => v.current).map(([k]) => k), ...sums.keys(), ...withOpen.filter((k) => !range || (k >= range.lo && k <= range.hi))]);
    rows = [...codes].sort().map((code) => {
      const cell = byCode.get(code);
      const rates = gridRates(sums.get(code) ?? emptyGridCounts());
      return {
        key: code,
        name: cell ? `${cell.name}${cell.current ? '' : '（已撤销）'}` : code,
        cellId: cell?.current && (!cellScoped || view.visible.has(cell.id)) ? cell.id : null,
        level,
        open: counts?.byCode.get(code)?.open ?? 0,
        rates,
        score: level === 1 ? gridRankScore(rates, 'street') : null,
      };
    });
  } else {
    const dim = q.dim === 'unit' ? 'unit' : 'category';
    const [sums, openBy, names] = await Promise.all([
      sumRollup(db, t, dim, 0, q, undefined, false, scope),
      openByColumn(db, t, dim === 'unit' ? 'dispatched_unit_id' : 'category_id', scope),
      dim === 'unit'
        ? db.selectFrom('units').select(['id', 'name']).where('tenant_id', '=', t).execute()
        : db.selectFrom('grid_categories').select(['id', 'name']).where('tenant_id', '=', t).execute(),
    ]);
    const name = new Map(names.map((n) => [String(n.id), n.name]));
    const keys = new Set([...sums.keys(), ...openBy.keys()]);
    rows = [...keys]
      .map((key) => {
        const rates = gridRates(sums.get(key) ?? emptyGridCounts());
        return { key, name: name.get(key) ?? `#${key}`, cellId: null, level: null, open: openBy.get(key) ?? 0, rates, score: dim === 'unit' ? gridRankScore(rates, 'unit') : null };
      })
      .sort((a, b) => b.rates.closed - a.rates.closed || (b.open ?? 0) - (a.open ?? 0) || a.name.localeCompare(b.name, 'zh-CN'));
  }
  const total = [...(await totalP).values()].reduce(addGridCounts, emptyGridCounts());
  return {
    from: q.from,
    to: q.to,
    dim: q.dim,
    parent,
    total: gridRates(total),
    open: open ? open.total.open : ((await openTotalP)?.n ?? 0),
    rows,
    scopeNote: view?.note ?? null,
  };
}

const rank = (rows: GridStatsRow[]): GridRankRow<string>[] => rows.filter((r) => r.score !== null).map((r) => ({ key: r.key, name: r.name, score: r.score ?? 0, rates: r.rates }));

/** The 网格 tab of the cockpit and the big screen's panel: totals, the trend, streets and the 红黑榜. */
export async function gridOverview(deps: Deps, actor: Actor, q: { from: string; to: string }): Promise<GridOverview> {
  requireGridOverview(actor);
  checkPeriod(q.from, q.to);
  const t = actor.tenantId;
  const cellScope = gridCellScope(actor, 'c');
  const scope = gridProblemScope(actor);
  const [streets, units, monthly, cells, staff] = await Promise.all([
    gridStats(deps, actor, { ...q, dim: 'street' }),
    gridStats(deps, actor, { ...q, dim: 'unit' }),
    sumRollup(deps.db, t, 'tenant', 0, q, undefined, true, scope),
    deps.db
      .selectFrom('grid_cells as c')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('c.tenant_id', '=', t)
      .where('c.valid_to', 'is', null)
      .where('c.level', '=', 3)
      .$if(cellScope !== null, (qb) => qb.where(cellScope!))
      .executeTakeFirst(),
    deps.db
      .selectFrom('grid_staff as s')
      .select(sql<number>`count(distinct coalesce(s.person_id::text, 'a' || s.account_id::text))::int`.as('n'))
      .where('s.tenant_id', '=', t)
      .where('s.valid_to', 'is', null)
      .$if(cellScope !== null, (qb) => qb.where(sql<boolean>`s.cell_id in (select c.id from grid_cells c where ${cellScope})`))
      .executeTakeFirst(),
  ]);
  const overdue = await deps.db
    .selectFrom('grid_problems as p')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('p.tenant_id', '=', t)
    .where('p.closed_at', 'is', null)
    .where('p.hold_deadline', '<', deps.clock.now())
    .$if(scope !== null, (qb) => qb.where(scope!))
    .executeTakeFirst();
  return {
    from: q.from,
    to: q.to,
    total: streets.total,
    open: streets.open,
    overdue: overdue?.n ?? 0,
    cells: cells?.n ?? 0,
    staff: staff?.n ?? 0,
    streets: streets.rows,
    monthly: [...monthly.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([month, c]) => {
      const r = gridRates(c);
      return { month, closed: r.closed, onTimeRate: r.onTimeRate, lowLevelRate: r.lowLevelRate };
    }),
    redBlack: { streets: redBlackList(rank(streets.rows)), units: redBlackList(rank(units.rows)) },
  };
}
