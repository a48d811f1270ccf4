import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema';
import type { Actor } from '../../lib/actor';

/**
 * The grid data scope (issue 16), in SQL like the matters' unit scope: a 网格长 (or member, 监督员) sees the cells
 * they are staff of and everything below them; a community's or street's people see the cells their unit is linked
 * to (grid_cells.unit_id) and everything below; a department (条) sees what was dispatched to it or is held by it;
 * anyone sees what they reported or were named to handle. The district platform (督查办, tenant-wide scope) and
 * leaders see the whole tenant (null). Services check the grid permission first; this only narrows rows.
 */
export function gridTenantWide(actor: Actor): boolean {
  return actor.scope.kind === 'tenant' || actor.roles.includes('leader');
}

/**
 * Whether the actor speaks for their unit on the grid (单位负责人, 联络员, 承办人): a 网格长 is usually a civil servant
 * of the street office too, yet sees only their own cells, not the whole street through their unit.
 */
export function actsForUnit(actor: Actor): boolean {
  return actor.roles.some((r) => r === 'unit_head' || r === 'liaison' || r === 'handler');
}

function units(actor: Actor): number[] {
  const ids = actor.scope.kind === 'units' && actsForUnit(actor) ? actor.scope.unitIds : [];
  return ids.length ? ids : [-1];
}

/**
 * `select id` of the cells the actor's grid scope covers: the cells they are current staff of, or whose unit is
 * theirs, and all their descendants (old, re-drawn cells included, so past problems stay visible). Null: all.
 * Each starting set is its own branch (an index lookup each, none when the actor acts for no unit), so PostgreSQL
 * estimates a handful of cells, walks down by grid_cells_parent_idx and plans the whole page as the small query it is.
 */
export function visibleCellIdsSql(actor: Actor): RawBuilder<unknown> | null {
  if (gridTenantWide(actor)) return null;
  const t = actor.tenantId;
  const unitIds = units(actor).filter((u) => u > 0);
  const byUnit = unitIds.length ? sql`select c.id from grid_cells c where c.tenant_id = ${t} and c.unit_id in (${sql.join(unitIds)}) union ` : sql``;
  return sql`with recursive vis(id) as (
      ${byUnit}select c.id from grid_cells c
       where c.tenant_id = ${t}
         and c.id in (select s.cell_id from grid_staff s
                       where s.tenant_id = ${t} and s.valid_to is null
                         and (s.account_id = ${actor.accountId ?? -1} or s.person_id = ${actor.personId ?? -1}))
      union
      select c.id from grid_cells c join vis on c.parent_id = vis.id where c.tenant_id = ${t})
    select id from vis`;
}

/** The actor's cells, as a condition over `alias` (grid_cells), or null for the whole tenant. */
export function gridCellScope(actor: Actor, alias = 'c'): RawBuilder<boolean> | null {
  const cells = visibleCellIdsSql(actor);
  return cells ? sql<boolean>`${sql.ref(`${alias}.id`)} in (${cells})` : null;
}

/**
 * The actor's problems, as a condition over `alias` (grid_problems), or null for the whole tenant. An OR of arms
 * that each match an index (migration 11200), so PostgreSQL combines index lookups (a BitmapOr) instead of testing
 * every problem: the cells as one array (`= any(array(…))`, computed once, not a subquery per row), the units as a
 * list, the account as a value; an arm the actor cannot match (no unit, no account) is left out.
 */
export function gridProblemScope(actor: Actor, alias = 'p'): RawBuilder<boolean> | null {
  const cells = visibleCellIdsSql(actor);
  if (!cells) return null;
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  const arms: RawBuilder<boolean>[] = [sql<boolean>`${col('cell_id')} = any(array(${cells}))`];
  const unitIds = units(actor).filter((u) => u > 0);
  if (unitIds.length) {
    const u = sql.join(unitIds);
    arms.push(sql<boolean>`${col('dispatched_unit_id')} in (${u})`, sql<boolean>`${col('hold_unit_id')} in (${u})`);
  }
  if (actor.accountId != null) arms.push(sql<boolean>`${col('reporter_account_id')} = ${actor.accountId}`, sql<boolean>`${col('handler_account_id')} = ${actor.accountId}`);
  return sql<boolean>`(${sql.join(arms, sql` or `)})`;
}

/**
 * What the map and statistics show a viewer (issue 16): null for the whole tenant; else the top cells of their grid
 * scope (a 网格长's cells, a community's or street's own cell; each with everything below it) and the ids of every
 * visible cell. A department (条) has no cells: it sees the tree, counted over what was dispatched to it.
 */
export type GridView = { roots: { id: number; code: string; name: string; level: number }[]; visible: Set<number>; note: string };

export async function gridViewOf(db: Kysely<DB>, actor: Actor): Promise<GridView | null> {
  const cells = visibleCellIdsSql(actor);
  if (!cells) return null;
  const rows = await sql<{ id: number; code: string; name: string; level: number; parent_id: number | null; valid_to: unknown }>`
    select c.id, c.code, c.name, c.level, c.parent_id, c.valid_to from grid_cells c where c.tenant_id = ${actor.tenantId} and c.id in (${cells})`.execute(db);
  const visible = new Set(rows.rows.map((r) => r.id));
  const roots = rows.rows
    .filter((r) => r.valid_to === null && (r.parent_id === null || !visible.has(r.parent_id)))
    .sort((a, b) => (a.code < b.code ? -1 : 1))
    .map((r) => ({ id: r.id, code: r.code, name: r.name, level: r.level }));
  const unit = actsForUnit(actor) ? '及派遣给本单位' : '';
  const note = roots.length ? `数据范围：${roots.map((r) => r.name).join('、')}（含下级网格）${unit}的问题` : `数据范围：${unit ? '派遣给本单位或' : ''}由本人上报、处置的问题`;
  return { roots, visible, note };
}
