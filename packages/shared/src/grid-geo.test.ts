import { describe, expect, it } from 'vitest';
import { CellIndex, areaSquareMetres, boxAround, cellGeometrySchema, distanceMetres, placeOfPoint, type CellGeometry } from './grid-geo';

const square = (x: number, y: number, s = 0.01): CellGeometry => ({
  type: 'Polygon',
  coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]],
});

describe('point in polygon', () => {
  it('tells inside, border and outside, and counts a hole as outside', () => {
    const g = square(113.6, 34.7);
    expect(placeOfPoint(113.605, 34.705, g)).toBe('inside');
    expect(placeOfPoint(113.61, 34.705, g)).toBe('border');
    expect(placeOfPoint(113.6, 34.7, g)).toBe('border');
    expect(placeOfPoint(113.62, 34.705, g)).toBe('outside');
    const withHole: CellGeometry = {
      type: 'Polygon',
      coordinates: [
        [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
        [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]],
      ],
    };
    expect(placeOfPoint(5, 5, withHole)).toBe('outside');
    expect(placeOfPoint(4, 5, withHole)).toBe('border');
    expect(placeOfPoint(2, 2, withHole)).toBe('inside');
  });
});

describe('CellIndex.assign', () => {
  const cells = [
    { id: 1, code: '410103001', level: 1, geometry: square(113.6, 34.7, 0.02) },
    { id: 2, code: '410103001001001', level: 3, geometry: square(113.6, 34.7) },
    { id: 3, code: '410103001001002', level: 3, geometry: square(113.61, 34.7) },
  ];
  const index = new CellIndex(cells);

  it('picks the deepest cell that holds the point', () => {
    expect(index.assign(113.605, 34.705)).toMatchObject({ cellId: 2, place: 'inside' });
    // Inside the street but in no level-3 cell: the street itself.
    expect(index.assign(113.605, 34.715)).toMatchObject({ cellId: 1, place: 'inside' });
  });

  it('gives a point on a shared border to the code that sorts first and names the other', () => {
    expect(index.assign(113.61, 34.705)).toEqual({ cellId: 2, place: 'border', code: '410103001001001', level: 3, otherCandidates: [3] });
  });

  it('says outside for a point in no cell, and for no cells at all', () => {
    expect(index.assign(114, 35)).toEqual({ cellId: null, place: 'outside', otherCandidates: [] });
    expect(new CellIndex([]).assign(113.6, 34.7).place).toBe('outside');
    expect(index.assign(Number.NaN, 34.7).place).toBe('outside');
  });
});

describe('CellIndex against every cell tested one by one', () => {
  // A 12 × 8 lattice of level-3 squares, two level-2 cells covering its halves, one level-1 cell over all, and a
  // stray large cell overlapping a corner: the bucket index must answer exactly as testing every cell would.
  const cells: { id: number; code: string; level: number; geometry: CellGeometry }[] = [];
  for (let r = 0; r < 8; r++) for (let c = 0; c < 12; c++) cells.push({ id: cells.length + 1, code: `410103001001${String(r * 12 + c + 1).padStart(3, '0')}`, level: 3, geometry: square(113.6 + c * 0.01, 34.7 + r * 0.01) });
  const rect = (x0: number, y0: number, x1: number, y1: number): CellGeometry => ({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });
  cells.push({ id: 200, code: '410103001001000', level: 2, geometry: rect(113.6, 34.7, 113.66, 34.78) });
  cells.push({ id: 201, code: '410103001002000', level: 2, geometry: rect(113.66, 34.7, 113.72, 34.78) });
  cells.push({ id: 300, code: '410103001000000', level: 1, geometry: rect(113.55, 34.65, 113.8, 34.85) });
  cells.push({ id: 400, code: '410103001001999', level: 3, geometry: rect(113.695, 34.755, 113.75, 34.8) });
  const index = new CellIndex(cells);

  const reference = (lon: number, lat: number) => {
    const hits = cells.map((c) => ({ c, place: placeOfPoint(lon, lat, c.geometry) })).filter((h) => h.place !== 'outside');
    if (!hits.length) return { cellId: null, place: 'outside', otherCandidates: [] };
    const deepest = Math.max(...hits.map((h) => h.c.level));
    const atLevel = hits.filter((h) => h.c.level === deepest);
    const inside = atLevel.filter((h) => h.place === 'inside');
    const pool = [...(inside.length ? inside : atLevel)].sort((a, b) => (a.c.code < b.c.code ? -1 : 1));
    const chosen = pool[0]!;
    return { cellId: chosen.c.id, place: inside.length === 1 ? 'inside' : 'border', code: chosen.c.code, level: chosen.c.level, otherCandidates: atLevel.filter((h) => h !== chosen).map((h) => h.c.id).sort() };
  };

  it('agrees on random points, lattice vertices and edges, and points outside', () => {
    let seed = 11;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const points: [number, number][] = [];
    for (let i = 0; i < 3000; i++) points.push([113.5 + rnd() * 0.35, 34.6 + rnd() * 0.3]);
    for (let c = 0; c <= 12; c++) for (let r = 0; r <= 8; r++) points.push([113.6 + c * 0.01, 34.7 + r * 0.01], [113.6 + c * 0.01, 34.705 + r * 0.01]);
    for (const [lon, lat] of points) {
      const got = index.assign(lon, lat);
      expect({ ...got, otherCandidates: [...got.otherCandidates].sort() }, `${lon}, ${lat}`).toEqual(reference(lon, lat));
    }
  });
});

describe('distances and areas', () => {
  it('measures metres and boxes a radius', () => {
    const d = distanceMetres(34.7, 113.6, 34.7, 113.61);
    expect(d).toBeGreaterThan(910);
    expect(d).toBeLessThan(920);
    const box = boxAround(34.7, 113.6, 250);
    expect(distanceMetres(34.7, 113.6, box.maxLat, 113.6)).toBeCloseTo(250, 0);
    expect(distanceMetres(34.7, 113.6, 34.7, box.maxLon)).toBeCloseTo(250, 0);
    const a = areaSquareMetres(square(113.6, 34.7));
    expect(a).toBeGreaterThan(1.0e6);
    expect(a).toBeLessThan(1.05e6);
  });

  it('validates GeoJSON geometry with Chinese messages', () => {
    expect(cellGeometrySchema.safeParse(square(113.6, 34.7)).success).toBe(true);
    const open = cellGeometrySchema.safeParse({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] });
    expect(open.success).toBe(false);
    expect(JSON.stringify(open.error?.issues)).toContain('闭合');
    expect(cellGeometrySchema.safeParse({ type: 'Polygon', coordinates: [[[200, 0], [1, 0], [1, 1], [200, 0]]] }).success).toBe(false);
  });
});
