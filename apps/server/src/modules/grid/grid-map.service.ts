import { gridCodeRange, type CellGeometry, type GridCellProblem, type GridMapView } from '@duban/shared';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError } from '../../errors';
import type { Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { requireGridOverview } from './grid-access';
import { gridLevels } from './grid-cells.service';
import { gridProblemScope, gridViewOf } from './grid-scope';
import { nodeRows } from './grid-stats';

/**
 * The grid map (网格地图, issue 16): the cells of one level of the tree with their polygons, coloured by the open
 * problems in each branch; drill down street → community → cell, and a cell's problems.
 */

export type OpenCounts = { byNode: Map<string, { open: number; overdue: number }>; unassigned: { open: number; overdue: number }; total: { open: number; overdue: number } };

const nodeKey = (level: number, code: string) => `${level}:${code}`;

/**
 * Open problems (closed_at null) per cell, added up into every ancestor by code (so a re-drawn cell's problems
 * still count in its branch); overdue = past the holding level's deadline.
 */
export async function openCountsByNode(db: Kysely<DB>, tenantId: number, now: Date, scope: RawBuilder<boolean> | null = null): Promise<OpenCounts> {
  const rows = await db
    .selectFrom('grid_problems as p')
    .leftJoin('grid_cells as c', 'c.id', 'p.cell_id')
    .select(['c.code', 'c.level', sql<number>`count(*)::int`.as('open'), sql<number>`(count(*) filter (where p.hold_deadline < ${now}))::int`.as('overdue')])
    .where('p.tenant_id', '=', tenantId)
    .where('p.closed_at', 'is', null)
    .$if(scope !== null, (qb) => qb.where(scope!))
    .groupBy(['c.code', 'c.level'])
    .execute();
  const byNode = new Map<string, { open: number; overdue: number }>();
  const unassigned = { open: 0, overdue: 0 };
  const total = { open: 0, overdue: 0 };
  for (const r of rows) {
    total.open += r.open;
    total.overdue += r.overdue;
    if (!r.code || !r.level) {
      unassigned.open += r.open;
      unassigned.overdue += r.overdue;
      continue;
    }
    for (const n of nodeRows(r.code, r.level)) {
      const k = nodeKey(n.level, n.key);
      const cur = byNode.get(k);
      if (cur) {
        cur.open += r.open;
        cur.overdue += r.overdue;
      } else byNode.set(k, { open: r.open, overdue: r.overdue });
    }
  }
  return { byNode, unassigned, total };
}

export function openOf(counts: OpenCounts, level: number, code: string): { open: number; overdue: number } {
  return counts.byNode.get(nodeKey(level, code)) ?? { open: 0, overdue: 0 };
}

/**
 * The children of `parentId` (the level-1 cells when null) with polygons and open counts, in the viewer's grid data
 * scope: a 网格长, community or street starts at their own cells and cannot open others (404, as for matters); a
 * department sees the tree; every count is over the problems of the scope (gridProblemScope, in SQL).
 */
export async function gridMap(deps: Deps, actor: Actor, parentId: number | null): Promise<GridMapView> {
  requireGridOverview(actor);
  const t = actor.tenantId;
  const view = await gridViewOf(deps.db, actor);
  const cellScoped = view !== null && view.roots.length > 0;
  let parent: GridMapView['parent'] = null;
  const path: GridMapView['path'] = [];
  if (parentId != null) {
    const p = await deps.db.selectFrom('grid_cells').select(['id', 'code', 'name', 'level', 'parent_id', 'valid_to']).where('tenant_id', '=', t).where('id', '=', parentId).executeTakeFirst();
    if (!p || p.valid_to !== null || (cellScoped && !view.visible.has(p.id))) throw new AppError('grid_cell_not_found');
    parent = { id: p.id, code: p.code, name: p.name, level: p.level };
    let cur: { id: number; name: string; level: number; parent_id: number | null } | undefined = p;
    for (let guard = 0; cur && guard < 8 && (!cellScoped || view.visible.has(cur.id)); guard++) {
      path.unshift({ id: cur.id, name: cur.name, level: cur.level });
      cur = cur.parent_id != null ? await deps.db.selectFrom('grid_cells').select(['id', 'name', 'level', 'parent_id']).where('id', '=', cur.parent_id).executeTakeFirst() : undefined;
    }
  }
  const [cells, counts, levels] = await Promise.all([
    deps.db
      .selectFrom('grid_cells as c')
      .select([
        'c.id',
        'c.code',
        'c.name',
        'c.level',
        'c.polygon',
        sql<number>`(select count(*) from grid_cells k where k.parent_id = c.id and k.valid_to is null)::int`.as('children'),
        sql<string | null>`(select coalesce(pp.name, a.display_name) from grid_staff s left join people pp on pp.id = s.person_id left join accounts a on a.id = s.account_id
          where s.cell_id = c.id and s.valid_to is null and s.duty = 'leader' order by s.valid_from desc, s.id desc limit 1)`.as('leader_name'),
      ])
      .where('c.tenant_id', '=', t)
      .where('c.valid_to', 'is', null)
      .where((eb) =>
        parentId != null ? eb('c.parent_id', '=', parentId) : cellScoped ? eb('c.id', 'in', view.roots.map((r) => r.id)) : eb('c.parent_id', 'is', null),
      )
      .orderBy('c.code')
      .execute(),
    openCountsByNode(deps.db, t, deps.clock.now(), gridProblemScope(actor)),
    gridLevels(deps.db, t),
  ]);
  const childLevel = parent ? parent.level + 1 : cellScoped ? (view.roots[0]?.level ?? 1) : 1;
  const features = cells.map((c) => {
    const o = openOf(counts, c.level, c.code);
    return {
      id: c.id,
      code: c.code,
      name: c.name,
      level: c.level,
      children: c.children,
      polygon: c.polygon == null ? null : ((typeof c.polygon === 'string' ? JSON.parse(c.polygon) : c.polygon) as CellGeometry),
      open: o.open,
      overdue: o.overdue,
      leaderName: c.leader_name,
    };
  });
  const open = parent ? openOf(counts, parent.level, parent.code).open : counts.total.open;
  return {
    parent,
    path,
    levelName: levels.find((l) => l.level === childLevel)?.name ?? `第 ${childLevel} 级`,
    features,
    unassigned: parent || cellScoped ? 0 : counts.unassigned.open,
    open: cellScoped && !parent ? features.reduce((n, f) => n + f.open, 0) : open,
    scopeNote: view?.note ?? null,
  };
}

/** Problems of a cell's branch (by code, so the re-drawn cell's older problems are included), newest first. */
export async function cellProblems(deps: Deps, actor: Actor, cellId: number, opts: { open: boolean; limit: number }): Promise<GridCellProblem[]> {
  requireGridOverview(actor);
  const t = actor.tenantId;
  const c = await deps.db.selectFrom('grid_cells').select(['id', 'code', 'level']).where('tenant_id', '=', t).where('id', '=', cellId).executeTakeFirst();
  const view = c ? await gridViewOf(deps.db, actor) : null;
  if (!c || (view && view.roots.length > 0 && !view.visible.has(c.id))) throw new AppError('grid_cell_not_found');
  const scope = gridProblemScope(actor);
  const { lo, hi } = gridCodeRange(c.code, c.level);
  let q = deps.db
    .selectFrom('grid_problems as p')
    .innerJoin('grid_cells as c', 'c.id', 'p.cell_id')
    .select(['p.id', 'p.ticket', 'p.title', 'p.status', 'p.hold_level', 'p.colour', 'p.reported_at', 'p.closed_at', 'c.name as cell_name'])
    .where('p.tenant_id', '=', t)
    .where('c.tenant_id', '=', t)
    .where('c.code', '>=', lo)
    .where('c.code', '<=', hi);
  if (opts.open) q = q.where('p.closed_at', 'is', null);
  if (scope) q = q.where(scope);
  const rows = await q.orderBy('p.reported_at', 'desc').orderBy('p.id', 'desc').limit(opts.limit).execute();
  const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v));
  return rows.map((r) => ({
    id: Number(r.id),
    ticket: r.ticket,
    title: r.title,
    status: r.status,
    holdLevel: r.hold_level,
    colour: r.colour,
    reportedAt: iso(r.reported_at),
    closedAt: r.closed_at == null ? null : iso(r.closed_at),
    cellName: r.cell_name,
  }));
}
