import { z } from 'zod';

/**
 * Grid geometry (网格化管理, issue 16): which cell a point is in, done in the application (a bounding-box index and
 * a ray-casting point-in-polygon test) so it works the same on PostgreSQL and the embedded engine, where PostGIS is
 * unavailable. Coordinates are WGS-84/CGCS2000 longitude, latitude in degrees (GeoJSON order).
 *
 * The assignment rule, stated once (docs/grid.md):
 * 1. A point goes to the deepest (highest-level) current cell that contains it.
 * 2. Strictly inside beats on the border. A point on the shared border of several cells of that level goes to the
 *    one whose code sorts first (codes run west→east, north→south, as in CJ/T 213 and DB11 numbering), and the
 *    assignment says "border" and names the other candidates, so staff can override it.
 * 3. A point in no cell is "outside": the problem goes to the district queue with that reason.
 */

export type Position = readonly [number, number] | readonly number[];
export type PolygonGeometry = { type: 'Polygon'; coordinates: Position[][] };
export type MultiPolygonGeometry = { type: 'MultiPolygon'; coordinates: Position[][][] };
export type CellGeometry = PolygonGeometry | MultiPolygonGeometry;
export type BBox = { minLon: number; minLat: number; maxLon: number; maxLat: number };

export type PointPlace = 'inside' | 'border' | 'outside';

/** Tolerance for "on the border", in degrees (about 1 cm). */
const EDGE_EPSILON = 1e-7;

function polygonsOf(g: CellGeometry): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

export function bboxOf(g: CellGeometry): BBox {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const poly of polygonsOf(g)) {
    for (const p of poly[0] ?? []) {
      const lon = p[0] ?? NaN;
      const lat = p[1] ?? NaN;
      if (lon < minLon) minLon = lon;
      if (lon > maxLon) maxLon = lon;
      if (lat < minLat) minLat = lat;
      if (lat > maxLat) maxLat = lat;
    }
  }
  return { minLon, minLat, maxLon, maxLat };
}

function onSegment(x: number, y: number, x1: number, y1: number, x2: number, y2: number): boolean {
  if (x < Math.min(x1, x2) - EDGE_EPSILON || x > Math.max(x1, x2) + EDGE_EPSILON) return false;
  if (y < Math.min(y1, y2) - EDGE_EPSILON || y > Math.max(y1, y2) + EDGE_EPSILON) return false;
  const dx = x2 - x1;
  const dy = y2 - y1;
  const len = Math.sqrt(dx * dx + dy * dy);
  if (len === 0) return Math.sqrt((x - x1) * (x - x1) + (y - y1) * (y - y1)) <= EDGE_EPSILON;
  return Math.abs(dx * (y - y1) - dy * (x - x1)) / len <= EDGE_EPSILON;
}

/** Ray casting over one ring: 'border' when on an edge, else inside/outside by crossing parity. */
function ringPlace(lon: number, lat: number, ring: Position[]): PointPlace {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i]?.[0] ?? 0;
    const yi = ring[i]?.[1] ?? 0;
    const xj = ring[j]?.[0] ?? 0;
    const yj = ring[j]?.[1] ?? 0;
    if (onSegment(lon, lat, xj, yj, xi, yi)) return 'border';
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside ? 'inside' : 'outside';
}

/** Where a point lies relative to a polygon or multipolygon (holes count as outside; a hole's edge is border). */
export function placeOfPoint(lon: number, lat: number, g: CellGeometry): PointPlace {
  let best: PointPlace = 'outside';
  for (const poly of polygonsOf(g)) {
    const [outer, ...holes] = poly;
    if (!outer) continue;
    let place = ringPlace(lon, lat, outer);
    if (place === 'inside') {
      for (const hole of holes) {
        const h = ringPlace(lon, lat, hole);
        if (h === 'border') place = 'border';
        else if (h === 'inside') place = 'outside';
        if (place !== 'inside') break;
      }
    }
    if (place === 'inside') return 'inside';
    if (place === 'border') best = 'border';
  }
  return best;
}

export type IndexedCell = { id: number; code: string; level: number; geometry: CellGeometry };

export type CellAssignment =
  | { cellId: number; place: 'inside' | 'border'; code: string; level: number; otherCandidates: number[] }
  | { cellId: null; place: 'outside'; otherCandidates: [] };

/** A polygon's rings as flat [lon, lat, lon, lat, …] arrays: the outer ring first, then its holes. */
type FlatPolygon = Float64Array[];
type FlatCell = { cell: IndexedCell; polygons: FlatPolygon[] };

function flatten(g: CellGeometry): FlatPolygon[] {
  return polygonsOf(g).map((poly) =>
    poly.map((ring) => {
      const a = new Float64Array(ring.length * 2);
      ring.forEach((p, i) => {
        a[i * 2] = p[0] ?? 0;
        a[i * 2 + 1] = p[1] ?? 0;
      });
      return a;
    }),
  );
}

/** ringPlace over a flat ring (the index's hot loop: no optional chaining, no allocation; same rule). */
function flatRingPlace(lon: number, lat: number, r: Float64Array): PointPlace {
  let inside = false;
  const n = r.length;
  let xj = r[n - 2] as number;
  let yj = r[n - 1] as number;
  for (let i = 0; i < n; i += 2) {
    const xi = r[i] as number;
    const yi = r[i + 1] as number;
    // onSegment(lon, lat, xj, yj, xi, yi), its box test inlined first (almost every edge fails it).
    if (
      lon >= (xj < xi ? xj : xi) - EDGE_EPSILON &&
      lon <= (xj > xi ? xj : xi) + EDGE_EPSILON &&
      lat >= (yj < yi ? yj : yi) - EDGE_EPSILON &&
      lat <= (yj > yi ? yj : yi) + EDGE_EPSILON &&
      onSegment(lon, lat, xj, yj, xi, yi)
    ) {
      return 'border';
    }
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    xj = xi;
    yj = yi;
  }
  return inside ? 'inside' : 'outside';
}

/** placeOfPoint over flat polygons. */
function flatPlace(lon: number, lat: number, polygons: readonly FlatPolygon[]): PointPlace {
  let best: PointPlace = 'outside';
  for (const poly of polygons) {
    const outer = poly[0];
    if (!outer) continue;
    let place = flatRingPlace(lon, lat, outer);
    if (place === 'inside') {
      for (let h = 1; h < poly.length; h++) {
        const p = flatRingPlace(lon, lat, poly[h] as Float64Array);
        if (p === 'border') place = 'border';
        else if (p === 'inside') place = 'outside';
        if (place !== 'inside') break;
      }
    }
    if (place === 'inside') return 'inside';
    if (place === 'border') best = 'border';
  }
  return best;
}

const byCode = (a: IndexedCell, b: IndexedCell) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.id - b.id);

/**
 * An index of the current cells for assigning many points (100,000 points to 13,869 cells in a fraction of a
 * second): a uniform grid of buckets over the cells' extent, each listing the cells whose bounding box (widened by
 * the border tolerance) meets it, then the exact test on those few candidates, over rings flattened into typed
 * arrays. A lookup allocates nothing unless the point lies in several cells. Buckets are about the size of the
 * median cell, at most four per cell, so a few very large cells (streets above their communities) cost little.
 */
export class CellIndex {
  private readonly cells: FlatCell[];
  /** minLon, minLat, maxLon, maxLat of each cell, widened by EDGE_EPSILON. */
  private readonly boxes: Float64Array;
  private readonly grid: { west: number; south: number; bw: number; bh: number; cols: number; rows: number; start: Int32Array; items: Int32Array } | null;

  constructor(cells: readonly IndexedCell[]) {
    this.cells = cells.filter((c) => polygonsOf(c.geometry).length > 0).map((cell) => ({ cell, polygons: flatten(cell.geometry) }));
    const n = this.cells.length;
    this.boxes = new Float64Array(n * 4);
    if (n === 0) {
      this.grid = null;
      return;
    }
    let west = Infinity;
    let south = Infinity;
    let east = -Infinity;
    let north = -Infinity;
    const widths: number[] = [];
    const heights: number[] = [];
    this.cells.forEach((c, i) => {
      const b = bboxOf(c.cell.geometry);
      this.boxes.set([b.minLon - EDGE_EPSILON, b.minLat - EDGE_EPSILON, b.maxLon + EDGE_EPSILON, b.maxLat + EDGE_EPSILON], i * 4);
      west = Math.min(west, b.minLon - EDGE_EPSILON);
      south = Math.min(south, b.minLat - EDGE_EPSILON);
      east = Math.max(east, b.maxLon + EDGE_EPSILON);
      north = Math.max(north, b.maxLat + EDGE_EPSILON);
      widths.push(b.maxLon - b.minLon);
      heights.push(b.maxLat - b.minLat);
    });
    if (!Number.isFinite(west) || !Number.isFinite(south) || !Number.isFinite(east) || !Number.isFinite(north)) {
      this.grid = null;
      return;
    }
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0;
    const spanX = Math.max(east - west, 1e-9);
    const spanY = Math.max(north - south, 1e-9);
    let cols = Math.max(1, Math.min(Math.ceil(spanX / Math.max(median(widths), 1e-9)), 4096));
    let rows = Math.max(1, Math.min(Math.ceil(spanY / Math.max(median(heights), 1e-9)), 4096));
    while (cols * rows > 4 * n + 16) {
      cols = Math.max(1, Math.ceil(cols / 2));
      rows = Math.max(1, Math.ceil(rows / 2));
    }
    const bw = spanX / cols;
    const bh = spanY / rows;
    const colOf = (x: number) => Math.min(cols - 1, Math.max(0, Math.floor((x - west) / bw)));
    const rowOf = (y: number) => Math.min(rows - 1, Math.max(0, Math.floor((y - south) / bh)));
    // Two passes (count, then fill) into one flat array: bucket k's cells are items[start[k] .. start[k + 1]).
    const start = new Int32Array(cols * rows + 1);
    const each = (i: number, fn: (k: number) => void) => {
      const c0 = colOf(this.boxes[i * 4] as number);
      const c1 = colOf(this.boxes[i * 4 + 2] as number);
      const r0 = rowOf(this.boxes[i * 4 + 1] as number);
      const r1 = rowOf(this.boxes[i * 4 + 3] as number);
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) fn(r * cols + c);
    };
    for (let i = 0; i < n; i++) each(i, (k) => (start[k + 1] = (start[k + 1] as number) + 1));
    for (let k = 0; k < cols * rows; k++) start[k + 1] = (start[k + 1] as number) + (start[k] as number);
    const fill = start.slice(0, cols * rows);
    const items = new Int32Array(start[cols * rows] as number);
    for (let i = 0; i < n; i++) each(i, (k) => (items[(fill[k] = (fill[k] as number) + 1) - 1] = i));
    this.grid = { west, south, bw, bh, cols, rows, start, items };
  }

  /** The cell a point belongs to by the rule above. */
  assign(lon: number, lat: number): CellAssignment {
    const g = this.grid;
    if (!g || !Number.isFinite(lon) || !Number.isFinite(lat)) return { cellId: null, place: 'outside', otherCandidates: [] };
    const col = Math.floor((lon - g.west) / g.bw);
    const row = Math.floor((lat - g.south) / g.bh);
    if (col < 0 || row < 0 || col >= g.cols || row >= g.rows) return { cellId: null, place: 'outside', otherCandidates: [] };
    const k = row * g.cols + col;
    const boxes = this.boxes;
    // Most points fall in one cell: keep the first hit and build the list only when a second one turns up.
    let first: { cell: IndexedCell; place: 'inside' | 'border' } | null = null;
    let hits: { cell: IndexedCell; place: 'inside' | 'border' }[] | null = null;
    for (let j = g.start[k] as number, end = g.start[k + 1] as number; j < end; j++) {
      const i = g.items[j] as number;
      const b = i * 4;
      if (lon < (boxes[b] as number) || lat < (boxes[b + 1] as number) || lon > (boxes[b + 2] as number) || lat > (boxes[b + 3] as number)) continue;
      const c = this.cells[i] as FlatCell;
      const place = flatPlace(lon, lat, c.polygons);
      if (place === 'outside') continue;
      const hit = { cell: c.cell, place };
      if (!first) first = hit;
      else (hits ??= [first]).push(hit);
    }
    if (!first) return { cellId: null, place: 'outside', otherCandidates: [] };
    if (!hits) return { cellId: first.cell.id, place: first.place, code: first.cell.code, level: first.cell.level, otherCandidates: [] };
    let deepest = 0;
    for (const h of hits) if (h.cell.level > deepest) deepest = h.cell.level;
    const atLevel = hits.filter((h) => h.cell.level === deepest);
    const inside = atLevel.filter((h) => h.place === 'inside');
    const pool = inside.length > 0 ? inside : atLevel;
    pool.sort((x, y) => byCode(x.cell, y.cell));
    const chosen = pool[0] as (typeof pool)[number];
    // Strictly inside exactly one cell is 'inside'; on a border, or inside overlapping cells (a data error), is a
    // 'border' case that names the other candidates for a manual override.
    const place = inside.length === 1 ? 'inside' : 'border';
    return {
      cellId: chosen.cell.id,
      place,
      code: chosen.cell.code,
      level: chosen.cell.level,
      otherCandidates: atLevel.filter((h) => h !== chosen).map((h) => h.cell.id),
    };
  }

  get size(): number {
    return this.cells.length;
  }
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle distance in metres (haversine). */
export function distanceMetres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * The latitude/longitude box around a point that holds every point within `radiusM` (FixMyStreet's "bounding
 * wedge" idea): an index range scan on (lat, lon) narrows to it, then distanceMetres decides.
 */
export function boxAround(lat: number, lon: number, radiusM: number): BBox {
  const dLat = (radiusM / EARTH_RADIUS_M) * (180 / Math.PI);
  const cosLat = Math.max(Math.cos(rad(lat)), 1e-6);
  const dLon = dLat / cosLat;
  return { minLat: lat - dLat, maxLat: lat + dLat, minLon: lon - dLon, maxLon: lon + dLon };
}

/** Planar area of a geometry in square metres (equirectangular at the geometry's latitude: fine for cells). */
export function areaSquareMetres(g: CellGeometry): number {
  let total = 0;
  const b = bboxOf(g);
  const k = Math.cos(rad((b.minLat + b.maxLat) / 2));
  const ringArea = (ring: Position[]) => {
    let s = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const xi = rad(ring[i]?.[0] ?? 0) * k * EARTH_RADIUS_M;
      const yi = rad(ring[i]?.[1] ?? 0) * EARTH_RADIUS_M;
      const xj = rad(ring[j]?.[0] ?? 0) * k * EARTH_RADIUS_M;
      const yj = rad(ring[j]?.[1] ?? 0) * EARTH_RADIUS_M;
      s += xj * yi - xi * yj;
    }
    return Math.abs(s) / 2;
  };
  for (const [outer, ...holes] of polygonsOf(g)) {
    if (!outer) continue;
    total += ringArea(outer) - holes.reduce((acc, h) => acc + ringArea(h), 0);
  }
  return total;
}

const position = z
  .tuple([z.number().min(-180, '经度须在 -180 到 180 之间').max(180, '经度须在 -180 到 180 之间'), z.number().min(-90, '纬度须在 -90 到 90 之间').max(90, '纬度须在 -90 到 90 之间')])
  .rest(z.number());
const ring = z
  .array(position)
  .min(4, '多边形的每个环至少需要 4 个坐标点（首尾相同）')
  .refine((r) => r[0]?.[0] === r[r.length - 1]?.[0] && r[0]?.[1] === r[r.length - 1]?.[1], '多边形的环须闭合：最后一个坐标点应与第一个相同');

/** A cell's boundary as GeoJSON (Polygon or MultiPolygon, WGS-84/CGCS2000 lon/lat). */
export const cellGeometrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1, '多边形至少需要一个外环') }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1, '多边形至少需要一个外环')).min(1, '多多边形至少需要一个多边形') }),
]);
