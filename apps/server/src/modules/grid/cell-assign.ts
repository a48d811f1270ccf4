import { CellIndex, cellGeometrySchema, type CellGeometry, type IndexedCell } from '@duban/shared';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';

/**
 * Which grid cell a point belongs to (issue 16), by the rule stated in packages/shared/src/grid-geo.ts and
 * docs/grid.md: the deepest current cell containing it; on a shared border the cell whose code sorts first; in no
 * cell → "outside", for the district queue. The answer carries a Chinese explanation stored with the problem.
 *
 * Each process keeps one CellIndex per tenant, keyed by the tenant's cells-version (grid_cell_versions, bumped by
 * every cell change through bumpCellsVersion). A lookup reads that one-row counter and rebuilds the index only when
 * it moved, so an edit in any process is seen by all of them on their next assignment.
 */

export type CellAssignResult = {
  cellId: number | null;
  place: 'inside' | 'border' | 'outside';
  /** e.g. 位于淮河路街道·幸福路社区第一网格内 */
  note: string;
  /** The other cells of the same level the point touches (border cases), for a manual override. */
  otherCandidates: { id: number; code: string; name: string }[];
  cell: { id: number; code: string; name: string; level: number } | null;
};

type CellInfo = { id: number; code: string; name: string; level: number; parentId: number | null; unitId: number | null };

export type TenantCellIndex = {
  version: string;
  index: CellIndex;
  cells: Map<number, CellInfo>;
};

type Db = Kysely<DB> | Transaction<DB>;

const cache = new WeakMap<object, Map<number, TenantCellIndex>>();
const building = new WeakMap<object, Map<number, Promise<TenantCellIndex>>>();

/** Cache key: the root database handle (a transaction shares its parent's cache through the executor's pool). */
function cacheKey(db: Db): object {
  const exec = (db as unknown as { getExecutor?: () => { adapter?: object } }).getExecutor?.();
  // Kysely instances and their transactions share one DriverExecutor adapter; fall back to the handle itself.
  return (exec?.adapter as object | undefined) ?? db;
}

export async function cellsVersion(db: Db, tenantId: number): Promise<string> {
  const row = await db.selectFrom('grid_cell_versions').select('version').where('tenant_id', '=', tenantId).executeTakeFirst();
  return row ? String(row.version) : '0';
}

/** Marks the tenant's cells as changed: every process rebuilds its index on the next assignment. Call inside the change's transaction. */
export async function bumpCellsVersion(db: Db, tenantId: number): Promise<void> {
  await db
    .insertInto('grid_cell_versions')
    .values({ tenant_id: tenantId, version: '1' })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ version: sql`grid_cell_versions.version + 1`, changed_at: sql`now()` }))
    .execute();
}

async function buildIndex(db: Db, tenantId: number, version: string): Promise<TenantCellIndex> {
  const rows = await db
    .selectFrom('grid_cells')
    .select(['id', 'code', 'name', 'level', 'parent_id', 'unit_id', 'polygon'])
    .where('tenant_id', '=', tenantId)
    .where('valid_to', 'is', null)
    .execute();
  const cells = new Map<number, CellInfo>();
  const indexed: IndexedCell[] = [];
  for (const r of rows) {
    cells.set(r.id, { id: r.id, code: r.code, name: r.name, level: r.level, parentId: r.parent_id, unitId: r.unit_id });
    if (r.polygon == null) continue;
    const raw = typeof r.polygon === 'string' ? (JSON.parse(r.polygon) as unknown) : r.polygon;
    const parsed = cellGeometrySchema.safeParse(raw);
    if (parsed.success) indexed.push({ id: r.id, code: r.code, level: r.level, geometry: parsed.data as CellGeometry });
  }
  return { version, index: new CellIndex(indexed), cells };
}

/** The tenant's current cell index (cached per process and cells-version; `known`: the version, already read by the caller). */
export async function tenantCellIndex(db: Db, tenantId: number, known?: string): Promise<TenantCellIndex> {
  const key = cacheKey(db);
  const version = known ?? (await cellsVersion(db, tenantId));
  let perDb = cache.get(key);
  if (!perDb) cache.set(key, (perDb = new Map()));
  const hit = perDb.get(tenantId);
  if (hit && hit.version === version) return hit;
  let inFlight = building.get(key);
  if (!inFlight) building.set(key, (inFlight = new Map()));
  const pending = inFlight.get(tenantId);
  if (pending) {
    const built = await pending;
    if (built.version === version) return built;
  }
  const p = buildIndex(db, tenantId, version);
  inFlight.set(tenantId, p);
  try {
    const built = await p;
    perDb.set(tenantId, built);
    return built;
  } finally {
    if (inFlight.get(tenantId) === p) inFlight.delete(tenantId);
  }
}

/** Drops this process's cached index for a tenant (tests; a change elsewhere is seen through the version). */
export function forgetCellIndex(db: Db, tenantId: number): void {
  cache.get(cacheKey(db))?.delete(tenantId);
}

/** 淮河路街道 › 幸福路社区 › 第一网格 → "淮河路街道幸福路社区第一网格" (the cell's name with its ancestors for context). */
export function cellFullName(cells: Map<number, CellInfo>, id: number): string {
  const parts: string[] = [];
  let cur = cells.get(id);
  let guard = 0;
  while (cur && guard++ < 6) {
    parts.unshift(cur.name);
    cur = cur.parentId != null ? cells.get(cur.parentId) : undefined;
  }
  return parts.join('');
}

/** Assigns a point with an already-loaded index (many points at once: the bench, imports). */
export function assignWithIndex(t: TenantCellIndex, lon: number, lat: number): CellAssignResult {
  const a = t.index.assign(lon, lat);
  if (a.cellId == null) {
    return { cellId: null, place: 'outside', note: '不在任何网格内，转区级受理', otherCandidates: [], cell: null };
  }
  const info = t.cells.get(a.cellId);
  const name = cellFullName(t.cells, a.cellId);
  const others = a.otherCandidates.map((id) => {
    const o = t.cells.get(id);
    return { id, code: o?.code ?? '', name: o ? cellFullName(t.cells, id) : String(id) };
  });
  const cell = info ? { id: info.id, code: info.code, name: info.name, level: info.level } : null;
  if (a.place === 'inside') return { cellId: a.cellId, place: 'inside', note: `位于${name}内`, otherCandidates: others, cell };
  const note =
    others.length > 0
      ? `位于${[name, ...others.map((o) => o.name)].join('与')}交界，按编码顺序归入${name}`
      : `位于${name}边界上，归入${name}`;
  return { cellId: a.cellId, place: 'border', note, otherCandidates: others, cell };
}

/** The cell a point (WGS-84/CGCS2000 lon, lat) belongs to in the tenant's current grid, with the reason. */
export async function assignCell(db: Db, tenantId: number, lon: number, lat: number): Promise<CellAssignResult> {
  return assignWithIndex(await tenantCellIndex(db, tenantId), lon, lat);
}
