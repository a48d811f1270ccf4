import {
  areaSquareMetres,
  bboxOf,
  DEFAULT_GRID_LEVEL_NAMES,
  GRID_DUTY_LABELS,
  gridCodeProblem,
  nextGridChildCode,
  shanghaiDate,
  type CellGeometry,
  type GridCellCreateInput,
  type GridCellUpdateInput,
  type GridLevelsInput,
  type GridStaffInput,
  type GridCellDetail,
  type GridCategoryView,
  type GridCellView,
  type GridLevelView,
  type GridStaffView,
} from '@duban/shared';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError } from '../../errors';
import { requireAnyPermission, requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { isUniqueViolation } from '../../lib/pg-errors';
import { recordTrace } from '../trace/trace.service';
import { bumpCellsVersion } from './cell-assign';

/**
 * The grid tree (网格, issue 16): levels, cells with standard-style codes and polygons, and their staff.
 * A cell keeps its history: re-drawing its polygon or changing its code closes the current row (valid_to) and
 * opens a new one with a new id, so problems stay with the cell they were placed in, and statistics keep
 * counting both versions as one cell through the code. Every change is traced and bumps the tenant's
 * cells-version, so every process's point → cell index is rebuilt (cell-assign.ts).
 */

type Db = Kysely<DB> | Transaction<DB>;

const today = (deps: Deps) => shanghaiDate(deps.clock.now());
const asDate = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
const asDateOrNull = (v: unknown): string | null => (v == null ? null : asDate(v));
const geometry = (v: unknown): CellGeometry | null => (v == null ? null : ((typeof v === 'string' ? JSON.parse(v) : v) as CellGeometry));

/** The columns a polygon fills: the GeoJSON, its bounding box (for the index) and its area. */
export function polygonColumns(polygon: CellGeometry | null | undefined) {
  if (!polygon) return { polygon: null, min_lon: null, min_lat: null, max_lon: null, max_lat: null, area_m2: null };
  const b = bboxOf(polygon);
  return {
    polygon: JSON.stringify(polygon),
    min_lon: b.minLon,
    min_lat: b.minLat,
    max_lon: b.maxLon,
    max_lat: b.maxLat,
    area_m2: Math.round(areaSquareMetres(polygon) * 10) / 10,
  };
}

// ---------------------------------------------------------------- levels

export async function gridLevels(db: Db, tenantId: number): Promise<GridLevelView[]> {
  const rows = await db.selectFrom('grid_levels').select(['level', 'name']).where('tenant_id', '=', tenantId).orderBy('level').execute();
  if (rows.length) return rows;
  return Object.entries(DEFAULT_GRID_LEVEL_NAMES).map(([level, name]) => ({ level: Number(level), name }));
}

export async function listLevels(deps: Deps, actor: Actor): Promise<GridLevelView[]> {
  requireAnyPermission(actor, 'grid.read', 'grid.manage');
  return gridLevels(deps.db, actor.tenantId);
}

export async function setLevels(deps: Deps, actor: Actor, input: GridLevelsInput): Promise<GridLevelView[]> {
  requirePermission(actor, 'grid.manage');
  return inTransaction(deps.db, async (trx) => {
    const before = await gridLevels(trx, actor.tenantId);
    const deepest = await trx
      .selectFrom('grid_cells')
      .select((eb) => eb.fn.max('level').as('level'))
      .where('tenant_id', '=', actor.tenantId)
      .where('valid_to', 'is', null)
      .executeTakeFirst();
    if (deepest?.level != null && deepest.level > input.levels.length) {
      throw new AppError('validation_failed', `已有第 ${deepest.level} 级网格，层级数不能少于 ${deepest.level}`);
    }
    await trx.deleteFrom('grid_levels').where('tenant_id', '=', actor.tenantId).execute();
    await trx
      .insertInto('grid_levels')
      .values(input.levels.map((l) => ({ tenant_id: actor.tenantId, level: l.level, name: l.name })))
      .execute();
    await recordTrace(trx, deps.clock, actor, { action: 'grid.levels', entityType: 'grid', entityId: actor.tenantId, before: { levels: before }, after: { levels: input.levels } });
    return input.levels;
  });
}

// ---------------------------------------------------------------- reading the tree

export type CellListQuery = { parentId?: number | null; level?: number; q?: string; limit?: number; mine?: boolean };

/**
 * Current cells, without polygons: the children of `parentId` (the roots when null), or a level, or those whose
 * name or code contains `q`. Each with its unit, its 网格长 and how many children and staff it has.
 */
export async function listCells(deps: Deps, actor: Actor, query: CellListQuery): Promise<GridCellView[]> {
  requireAnyPermission(actor, 'grid.read', 'grid.manage');
  let q = deps.db
    .selectFrom('grid_cells as c')
    .leftJoin('units as u', 'u.id', 'c.unit_id')
    .select([
      'c.id',
      'c.parent_id',
      'c.level',
      'c.code',
      'c.name',
      'c.unit_id',
      'u.name as unit_name',
      sql<boolean>`c.polygon is not null`.as('has_polygon'),
      'c.area_m2',
      'c.min_lon',
      'c.min_lat',
      'c.max_lon',
      'c.max_lat',
      'c.valid_from',
      'c.valid_to',
      sql<number>`(select count(*) from grid_cells k where k.parent_id = c.id and k.valid_to is null)::int`.as('children'),
      sql<number>`(select count(*) from grid_staff s where s.cell_id = c.id and s.valid_to is null)::int`.as('staff_count'),
      sql<string | null>`(select coalesce(p.name, a.display_name) from grid_staff s left join people p on p.id = s.person_id left join accounts a on a.id = s.account_id
          where s.cell_id = c.id and s.valid_to is null and s.duty = 'leader' order by s.valid_from desc, s.id desc limit 1)`.as('leader_name'),
    ])
    .where('c.tenant_id', '=', actor.tenantId)
    .where('c.valid_to', 'is', null);
  if (query.mine) {
    // The cells the signed-in person serves on (the 网格长's phone page).
    const mine = await cellsOfStaff(deps.db, actor.tenantId, { personId: actor.personId, accountId: actor.accountId });
    if (mine.length === 0) return [];
    q = q.where('c.id', 'in', mine);
  } else if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where((eb) => eb.or([eb('c.name', 'like', like), eb('c.code', 'like', like)]));
  } else if (query.level !== undefined) {
    q = q.where('c.level', '=', query.level);
  } else if (query.parentId != null) {
    q = q.where('c.parent_id', '=', query.parentId);
  } else {
    q = q.where('c.parent_id', 'is', null);
  }
  const rows = await q.orderBy('c.code').limit(query.limit ?? 2000).execute();
  return rows.map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    level: r.level,
    code: r.code,
    name: r.name,
    unitId: r.unit_id,
    unitName: r.unit_name,
    hasPolygon: r.has_polygon,
    areaM2: r.area_m2,
    bbox: r.min_lon == null || r.min_lat == null || r.max_lon == null || r.max_lat == null ? null : [r.min_lon, r.min_lat, r.max_lon, r.max_lat],
    validFrom: asDate(r.valid_from),
    validTo: asDateOrNull(r.valid_to),
    children: r.children,
    leaderName: r.leader_name,
    staffCount: r.staff_count,
  }));
}

async function findCell(db: Db, tenantId: number, id: number) {
  return db.selectFrom('grid_cells').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

async function currentCell(db: Db, tenantId: number, id: number) {
  const c = await findCell(db, tenantId, id);
  if (!c || c.valid_to !== null) throw new AppError('grid_cell_not_found');
  return c;
}

export async function cellStaff(db: Db, tenantId: number, cellIds: number[], opts: { history?: boolean } = {}): Promise<GridStaffView[]> {
  if (!cellIds.length) return [];
  let q = db
    .selectFrom('grid_staff as s')
    .leftJoin('people as p', 'p.id', 's.person_id')
    .leftJoin('units as u', 'u.id', 'p.unit_id')
    .leftJoin('accounts as a', 'a.id', 's.account_id')
    .select(['s.id', 's.cell_id', 's.duty', 's.person_id', 's.account_id', 's.valid_from', 's.valid_to', 'p.name as person_name', 'a.display_name', 'u.name as unit_name', 'p.title'])
    .where('s.tenant_id', '=', tenantId)
    .where('s.cell_id', 'in', cellIds);
  if (!opts.history) q = q.where('s.valid_to', 'is', null);
  const rows = await q.orderBy('s.cell_id').orderBy(sql`case s.duty when 'leader' then 0 when 'supervisor' then 1 else 2 end`).orderBy('s.id').execute();
  return rows.map((r) => ({
    id: r.id,
    cellId: r.cell_id,
    duty: r.duty,
    dutyLabel: GRID_DUTY_LABELS[r.duty],
    personId: r.person_id,
    accountId: r.account_id,
    name: r.person_name ?? r.display_name ?? '',
    unitName: r.unit_name,
    title: r.title,
    validFrom: asDate(r.valid_from),
    validTo: asDateOrNull(r.valid_to),
  }));
}

/** One cell (current or historic) with its polygon, its path from the root, staff and every version of its code. */
export async function getCell(deps: Deps, actor: Actor, id: number): Promise<GridCellDetail> {
  requireAnyPermission(actor, 'grid.read', 'grid.manage');
  const t = actor.tenantId;
  const c = await findCell(deps.db, t, id);
  if (!c) throw new AppError('grid_cell_not_found');
  const path: GridCellDetail['path'] = [];
  let cur: typeof c | undefined = c;
  for (let guard = 0; cur && guard < 8; guard++) {
    path.unshift({ id: cur.id, code: cur.code, name: cur.name, level: cur.level });
    cur = cur.parent_id != null ? await findCell(deps.db, t, cur.parent_id) : undefined;
  }
  const [unit, history, staff, children] = await Promise.all([
    c.unit_id != null ? deps.db.selectFrom('units').select('name').where('id', '=', c.unit_id).executeTakeFirst() : Promise.resolve(undefined),
    lineage(deps.db, t, c.id),
    cellStaff(deps.db, t, [c.id], { history: true }),
    deps.db.selectFrom('grid_cells').select('code').where('tenant_id', '=', t).where('parent_id', '=', c.id).execute(),
  ]);
  const current = staff.filter((s) => s.validTo === null);
  const levels = await gridLevels(deps.db, t);
  return {
    id: c.id,
    parentId: c.parent_id,
    level: c.level,
    code: c.code,
    name: c.name,
    unitId: c.unit_id,
    unitName: unit?.name ?? null,
    hasPolygon: c.polygon != null,
    areaM2: c.area_m2,
    bbox: c.min_lon == null || c.min_lat == null || c.max_lon == null || c.max_lat == null ? null : [c.min_lon, c.min_lat, c.max_lon, c.max_lat],
    validFrom: asDate(c.valid_from),
    validTo: asDateOrNull(c.valid_to),
    children: children.length,
    leaderName: current.find((s) => s.duty === 'leader')?.name ?? null,
    staffCount: current.length,
    polygon: geometry(c.polygon),
    path,
    staff,
    history: history.map((h) => ({ id: h.id, code: h.code, name: h.name, validFrom: asDate(h.valid_from), validTo: asDateOrNull(h.valid_to), areaM2: h.area_m2, polygon: geometry(h.polygon) })),
    nextChildCode: c.level < levels.length ? nextGridChildCode(c.code, c.level, children.map((k) => k.code)) : null,
  };
}

/** Every version of a cell, newest first: the rows linked through previous_id, before and after this one. */
async function lineage(db: Db, tenantId: number, id: number) {
  const rows = await sql<{ id: number; code: string; name: string; valid_from: unknown; valid_to: unknown; area_m2: number | null; polygon: unknown }>`
    with recursive back(id) as (
      select ${id}::int
      union select g.previous_id from grid_cells g join back b on g.id = b.id where g.previous_id is not null
    ), fwd(id) as (
      select ${id}::int
      union select g.id from grid_cells g join fwd f on g.previous_id = f.id
    )
    select id, code, name, valid_from, valid_to, area_m2, polygon from grid_cells
    where tenant_id = ${tenantId} and id in (select id from back union select id from fwd)
    order by valid_from desc, id desc`.execute(db);
  return rows.rows;
}

// ---------------------------------------------------------------- changing the tree

async function checkUnit(db: Db, tenantId: number, unitId: number | null | undefined): Promise<void> {
  if (unitId == null) return;
  const u = await db.selectFrom('units').select('id').where('tenant_id', '=', tenantId).where('id', '=', unitId).executeTakeFirst();
  if (!u) throw new AppError('unit_not_found');
}

function checkCode(code: string, level: number, parentCode: string | null): void {
  const problem = gridCodeProblem(code, level, parentCode);
  if (problem) throw new AppError('grid_cell_code_invalid', problem, [{ field: 'code', message: problem }]);
}

const traceView = (c: { id: number; code: string; name: string; level: number; parent_id: number | null; unit_id: number | null; area_m2: number | null; valid_from: unknown; valid_to: unknown }) => ({
  id: c.id,
  code: c.code,
  name: c.name,
  level: c.level,
  parentId: c.parent_id,
  unitId: c.unit_id,
  areaM2: c.area_m2,
  validFrom: asDate(c.valid_from),
  validTo: asDateOrNull(c.valid_to),
});

const codeTaken = (code: string) => new AppError('grid_cell_code_taken', `已有使用编码“${code}”的网格，请换一个编码`);

export async function createCell(deps: Deps, actor: Actor, input: GridCellCreateInput): Promise<GridCellDetail> {
  requirePermission(actor, 'grid.manage');
  const t = actor.tenantId;
  const levels = await gridLevels(deps.db, t);
  if (input.level > levels.length) throw new AppError('validation_failed', `本辖区只设了 ${levels.length} 级网格，请先在“网格层级”中增加层级`);
  let parentCode: string | null = null;
  if (input.parentId != null) {
    const parent = await findCell(deps.db, t, input.parentId);
    if (!parent || parent.valid_to !== null || parent.level !== input.level - 1) throw new AppError('grid_cell_parent_invalid');
    parentCode = parent.code;
  } else if (input.level !== 1) {
    throw new AppError('grid_cell_parent_invalid', `第 ${input.level} 级网格须选择上级网格`);
  }
  checkCode(input.code, input.level, parentCode);
  await checkUnit(deps.db, t, input.unitId);
  try {
    const id = await inTransaction(deps.db, async (trx) => {
      const row = await trx
        .insertInto('grid_cells')
        .values({
          tenant_id: t,
          parent_id: input.parentId ?? null,
          level: input.level,
          code: input.code,
          name: input.name,
          unit_id: input.unitId ?? null,
          valid_from: input.validFrom ?? today(deps),
          ...polygonColumns(input.polygon),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await bumpCellsVersion(trx, t);
      await recordTrace(trx, deps.clock, actor, { action: 'grid.cell_create', entityType: 'grid_cell', entityId: row.id, after: traceView(row) });
      return row.id;
    });
    return getCell(deps, actor, id);
  } catch (err) {
    if (isUniqueViolation(err)) throw codeTaken(input.code);
    throw err;
  }
}

/**
 * Edits a cell. A new polygon or code opens a new version from `validFrom` (today by default): the current row is
 * closed, its current children and staff move to the new row (staff rows are closed and re-opened, so who served
 * where stays on record). The same day's corrections overwrite the version opened that day.
 */
export async function updateCell(deps: Deps, actor: Actor, id: number, input: GridCellUpdateInput): Promise<GridCellDetail> {
  requirePermission(actor, 'grid.manage');
  const t = actor.tenantId;
  const c = await currentCell(deps.db, t, id);
  const from = input.validFrom ?? today(deps);
  const newCode = input.code ?? c.code;
  const codeChanged = newCode !== c.code;
  const polygonChanged = input.polygon !== undefined && JSON.stringify(input.polygon) !== JSON.stringify(geometry(c.polygon));
  if (codeChanged) {
    const parent = c.parent_id != null ? await findCell(deps.db, t, c.parent_id) : undefined;
    checkCode(newCode, c.level, parent?.code ?? null);
    const kids = await deps.db.selectFrom('grid_cells').select('id').where('parent_id', '=', c.id).where('valid_to', 'is', null).executeTakeFirst();
    if (kids) throw new AppError('grid_cell_has_children', '该网格下还有下级网格，下级编码含本网格编码，不能改编码：请先撤销或调整下级网格');
  }
  if (input.unitId !== undefined) await checkUnit(deps.db, t, input.unitId);
  const redraw = codeChanged || polygonChanged;
  const currentFrom = asDate(c.valid_from);
  if (redraw && from < currentFrom) throw new AppError('grid_cell_date_invalid', `生效日期不能早于该网格当前版本的生效日期 ${currentFrom}`);
  const values = {
    code: newCode,
    name: input.name ?? c.name,
    unit_id: input.unitId !== undefined ? input.unitId : c.unit_id,
    ...(polygonChanged ? polygonColumns(input.polygon) : {}),
  };
  try {
    const newId = await inTransaction(deps.db, async (trx) => {
      if (!redraw || from === currentFrom) {
        const row = await trx.updateTable('grid_cells').set(values).where('id', '=', c.id).where('valid_to', 'is', null).returningAll().executeTakeFirst();
        if (!row) throw new AppError('grid_cell_not_found');
        if (redraw) await bumpCellsVersion(trx, t);
        // The assignment note names the cell, and a report's first holder is the cell's unit (both kept in the index).
        else if (values.name !== c.name || values.unit_id !== c.unit_id) await bumpCellsVersion(trx, t);
        await recordTrace(trx, deps.clock, actor, { action: 'grid.cell_update', entityType: 'grid_cell', entityId: c.id, before: traceView(c), after: traceView(row) });
        return c.id;
      }
      const row = await openNewVersion(trx, t, c, { code: values.code, name: values.name, unit_id: values.unit_id, ...(polygonChanged ? { polygon: input.polygon ?? null } : {}) }, from);
      await bumpCellsVersion(trx, t);
      await recordTrace(trx, deps.clock, actor, { action: 'grid.cell_redraw', entityType: 'grid_cell', entityId: row.id, before: traceView(c), after: { ...traceView(row), previousId: c.id } });
      return row.id;
    });
    return getCell(deps, actor, newId);
  } catch (err) {
    if (isUniqueViolation(err)) throw codeTaken(newCode);
    throw err;
  }
}

type CellRow = Awaited<ReturnType<typeof findCell>> & object;

/**
 * Re-draws a cell from `from`: closes the current row, opens a new one (previous_id → the old row) with the changes,
 * moves the current children to it, and closes and re-opens the current staff on it, so who served where stays on
 * record. The caller bumps the cells-version and traces.
 */
export async function openNewVersion(
  trx: Transaction<DB>,
  tenantId: number,
  old: CellRow,
  changes: { code?: string; name?: string; unit_id?: number | null; polygon?: CellGeometry | null },
  from: string,
): Promise<CellRow> {
  const closed = await trx.updateTable('grid_cells').set({ valid_to: from }).where('id', '=', old.id).where('valid_to', 'is', null).returning('id').executeTakeFirst();
  if (!closed) throw new AppError('grid_cell_not_found');
  const keep = { polygon: old.polygon == null ? null : JSON.stringify(old.polygon), min_lon: old.min_lon, min_lat: old.min_lat, max_lon: old.max_lon, max_lat: old.max_lat, area_m2: old.area_m2 };
  const row = await trx
    .insertInto('grid_cells')
    .values({
      tenant_id: tenantId,
      parent_id: old.parent_id,
      previous_id: old.id,
      level: old.level,
      code: changes.code ?? old.code,
      name: changes.name ?? old.name,
      unit_id: changes.unit_id !== undefined ? changes.unit_id : old.unit_id,
      valid_from: from,
      ...(changes.polygon !== undefined ? polygonColumns(changes.polygon) : keep),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx.updateTable('grid_cells').set({ parent_id: row.id }).where('parent_id', '=', old.id).where('valid_to', 'is', null).execute();
  const staff = await trx.selectFrom('grid_staff').selectAll().where('cell_id', '=', old.id).where('valid_to', 'is', null).execute();
  if (staff.length) {
    await trx.updateTable('grid_staff').set({ valid_to: from }).where('cell_id', '=', old.id).where('valid_to', 'is', null).execute();
    await trx
      .insertInto('grid_staff')
      .values(staff.map((s) => ({ tenant_id: tenantId, cell_id: row.id, person_id: s.person_id, account_id: s.account_id, duty: s.duty, valid_from: from })))
      .execute();
  }
  return row;
}

/** 撤销: the cell stops being current from `validTo` (today by default); its staff leave with it. */
export async function closeCell(deps: Deps, actor: Actor, id: number, input: { validTo?: string; reason: string }): Promise<void> {
  requirePermission(actor, 'grid.manage');
  const t = actor.tenantId;
  const c = await currentCell(deps.db, t, id);
  const to = input.validTo ?? today(deps);
  const kids = await deps.db.selectFrom('grid_cells').select('id').where('parent_id', '=', c.id).where('valid_to', 'is', null).executeTakeFirst();
  if (kids) throw new AppError('grid_cell_has_children');
  if (to <= asDate(c.valid_from)) throw new AppError('grid_cell_date_invalid', `撤销日期须晚于该网格的生效日期 ${asDate(c.valid_from)}`);
  await inTransaction(deps.db, async (trx) => {
    const again = await trx.selectFrom('grid_cells').select('id').where('parent_id', '=', c.id).where('valid_to', 'is', null).executeTakeFirst();
    if (again) throw new AppError('grid_cell_has_children');
    await trx.updateTable('grid_cells').set({ valid_to: to }).where('id', '=', c.id).execute();
    await trx.updateTable('grid_staff').set({ valid_to: to }).where('cell_id', '=', c.id).where('valid_to', 'is', null).execute();
    await bumpCellsVersion(trx, t);
    await recordTrace(trx, deps.clock, actor, { action: 'grid.cell_close', entityType: 'grid_cell', entityId: c.id, before: traceView(c), after: { validTo: to, reason: input.reason } });
  });
}

// ---------------------------------------------------------------- staff

/** Puts a person or an account on a cell's staff. A new 网格长 replaces the current one (定人定岗: one per cell). */
export async function addStaff(deps: Deps, actor: Actor, cellId: number, input: GridStaffInput): Promise<GridStaffView[]> {
  requirePermission(actor, 'grid.manage');
  const t = actor.tenantId;
  await currentCell(deps.db, t, cellId);
  let personId = input.personId ?? null;
  if (personId != null && !(await deps.db.selectFrom('people').select('id').where('tenant_id', '=', t).where('id', '=', personId).executeTakeFirst())) {
    throw new AppError('person_not_found');
  }
  if (input.accountId != null) {
    const a = await deps.db.selectFrom('accounts').select(['id', 'person_id']).where('tenant_id', '=', t).where('id', '=', input.accountId).executeTakeFirst();
    if (!a) throw new AppError('account_not_found');
    personId ??= a.person_id; // an account linked to a person counts as that person
  }
  const from = input.validFrom ?? today(deps);
  await inTransaction(deps.db, async (trx) => {
    const current = await trx.selectFrom('grid_staff').selectAll().where('cell_id', '=', cellId).where('valid_to', 'is', null).execute();
    const same = current.find((s) => s.duty === input.duty && ((personId != null && s.person_id === personId) || (input.accountId != null && s.account_id === input.accountId)));
    if (same) throw new AppError('grid_staff_duplicate');
    if (input.duty === 'leader') {
      for (const s of current.filter((x) => x.duty === 'leader')) {
        await trx.updateTable('grid_staff').set({ valid_to: from }).where('id', '=', s.id).execute();
        await recordTrace(trx, deps.clock, actor, { action: 'grid.staff_end', entityType: 'grid_cell', entityId: cellId, before: { staffId: s.id, personId: s.person_id, accountId: s.account_id, duty: s.duty }, after: { validTo: from, reason: '新网格长上岗' } });
      }
    }
    const row = await trx
      .insertInto('grid_staff')
      .values({ tenant_id: t, cell_id: cellId, person_id: personId, account_id: input.accountId ?? null, duty: input.duty, valid_from: from })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordTrace(trx, deps.clock, actor, { action: 'grid.staff_add', entityType: 'grid_cell', entityId: cellId, after: { staffId: row.id, personId, accountId: input.accountId ?? null, duty: input.duty, validFrom: from } });
  });
  return cellStaff(deps.db, t, [cellId]);
}

/** 卸任: the staff row ends today (or on `validTo`). */
export async function endStaff(deps: Deps, actor: Actor, staffId: number, input: { validTo?: string } = {}): Promise<GridStaffView[]> {
  requirePermission(actor, 'grid.manage');
  const t = actor.tenantId;
  const s = await deps.db.selectFrom('grid_staff').selectAll().where('tenant_id', '=', t).where('id', '=', staffId).where('valid_to', 'is', null).executeTakeFirst();
  if (!s) throw new AppError('grid_staff_not_found');
  const to = input.validTo ?? today(deps);
  await inTransaction(deps.db, async (trx) => {
    await trx.updateTable('grid_staff').set({ valid_to: to }).where('id', '=', s.id).execute();
    await recordTrace(trx, deps.clock, actor, { action: 'grid.staff_end', entityType: 'grid_cell', entityId: s.cell_id, before: { staffId: s.id, personId: s.person_id, accountId: s.account_id, duty: s.duty }, after: { validTo: to } });
  });
  return cellStaff(deps.db, t, [s.cell_id]);
}

/** The current cells a person or account serves on (for the 网格长's phone and the grid data scope). */
export async function cellsOfStaff(db: Db, tenantId: number, who: { personId: number | null; accountId: number | null }): Promise<number[]> {
  if (who.personId == null && who.accountId == null) return [];
  const rows = await db
    .selectFrom('grid_staff as s')
    .innerJoin('grid_cells as c', 'c.id', 's.cell_id')
    .select('s.cell_id')
    .distinct()
    .where('s.tenant_id', '=', tenantId)
    .where('s.valid_to', 'is', null)
    .where('c.valid_to', 'is', null)
    .where((eb) => {
      const ors = [];
      if (who.personId != null) ors.push(eb('s.person_id', '=', who.personId));
      if (who.accountId != null) ors.push(eb('s.account_id', '=', who.accountId));
      return eb.or(ors);
    })
    .execute();
  return rows.map((r) => r.cell_id);
}

/** The tenant's active problem categories (部件/事件, major classes and subclasses) for the report forms and filters. */
export async function listCategories(deps: Deps, actor: Actor): Promise<GridCategoryView[]> {
  requireAnyPermission(actor, 'grid.read', 'grid.report', 'grid.manage');
  const rows = await deps.db
    .selectFrom('grid_categories as g')
    .leftJoin('units as u', 'u.id', 'g.default_unit_id')
    .select(['g.id', 'g.parent_id', 'g.kind', 'g.code', 'g.name', 'g.urgency', 'g.default_unit_id', 'u.name as unit_name', 'g.duplicate_radius_m', 'g.public', 'g.active'])
    .where('g.tenant_id', '=', actor.tenantId)
    .where('g.active', '=', true)
    .orderBy('g.code')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    kind: r.kind,
    code: r.code,
    name: r.name,
    urgency: r.urgency,
    defaultUnitId: r.default_unit_id,
    defaultUnitName: r.unit_name,
    duplicateRadiusM: r.duplicate_radius_m,
    public: r.public,
    active: r.active,
  }));
}
