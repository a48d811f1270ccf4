import { boxAround, distanceMetres, holdLevelOfCell } from '@duban/shared';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError, validationError } from '../../errors';
import { assignWithIndex, tenantCellIndex } from './cell-assign';
import type { GridCellRule } from './grid.table';
import type { HoldPlace } from './problem.repository';

type Conn = Kysely<DB> | Transaction<DB>;

/** Where a report lands: its cell (or none), by which rule and why, and the level that holds it first. */
export type Placement = { cellId: number | null; rule: GridCellRule; note: string; hold: HoldPlace };

/**
 * Places a report: a cell picked by hand (覆盖), else the point's cell by the stated rule (deepest cell, a border
 * goes to the code that sorts first), else the district queue with the reason (no position, or between cells).
 * A point far outside the tenant's grid (beyond `marginM` of its outermost cells) is refused: it is a wrong fix.
 * `cellsVersion`: the tenant's cells-version when the caller has already read it (the report reads it with its category).
 */
export async function placeReport(db: Conn, tenantId: number, input: { lon?: number; lat?: number; cellId?: number }, marginM: number, cellsVersion?: string): Promise<Placement> {
  if (input.cellId !== undefined) {
    const cell = await db.selectFrom('grid_cells').select(['id', 'level', 'unit_id', 'name']).where('tenant_id', '=', tenantId).where('id', '=', input.cellId).where('valid_to', 'is', null).executeTakeFirst();
    if (!cell) throw validationError([{ field: 'cellId', message: '所选网格不存在或已撤销，请重新选择' }]);
    return { cellId: cell.id, rule: 'override', note: `由上报人指定：${cell.name}`, hold: { level: holdLevelOfCell(cell.level), cellId: cell.id, unitId: cell.unit_id } };
  }
  const district = (note: string): Placement => ({ cellId: null, rule: 'outside', note, hold: { level: 'district', cellId: null, unitId: null } });
  if (input.lon === undefined || input.lat === undefined) return district('未提供位置，转区级受理');
  const index = await tenantCellIndex(db, tenantId, cellsVersion);
  const a = assignWithIndex(index, input.lon, input.lat);
  if (a.cellId === null || !a.cell) {
    await refuseFarAway(db, tenantId, input.lon, input.lat, marginM);
    return district(a.note);
  }
  // The cell's unit comes with the index (a change of unit bumps the cells-version like a redraw).
  const unitId = index.cells.get(a.cellId)?.unitId ?? null;
  return { cellId: a.cellId, rule: a.place, note: a.note, hold: { level: holdLevelOfCell(a.cell.level), cellId: a.cellId, unitId } };
}

async function refuseFarAway(db: Conn, tenantId: number, lon: number, lat: number, marginM: number): Promise<void> {
  const ext = await db
    .selectFrom('grid_cells')
    .select((eb) => [eb.fn.min('min_lon').as('min_lon'), eb.fn.min('min_lat').as('min_lat'), eb.fn.max('max_lon').as('max_lon'), eb.fn.max('max_lat').as('max_lat')])
    .where('tenant_id', '=', tenantId)
    .where('valid_to', 'is', null)
    .executeTakeFirst();
  if (!ext || ext.min_lon === null || ext.min_lat === null || ext.max_lon === null || ext.max_lat === null) return; // no grid yet: take it
  const box = boxAround(lat, lon, marginM);
  const overlaps = box.maxLon >= Number(ext.min_lon) && box.minLon <= Number(ext.max_lon) && box.maxLat >= Number(ext.min_lat) && box.minLat <= Number(ext.max_lat);
  if (!overlaps) {
    const cLat = (Number(ext.min_lat) + Number(ext.max_lat)) / 2;
    const cLon = (Number(ext.min_lon) + Number(ext.max_lon)) / 2;
    const km = Math.round(distanceMetres(lat, lon, cLat, cLon) / 1000);
    throw new AppError('grid_location_outside', `位置不在本辖区内（距辖区中心约 ${km} 公里）：请核对定位是否准确，或在地图上手动选择问题所在网格`, [{ field: 'lon', message: '位置不在本辖区内' }]);
  }
}
