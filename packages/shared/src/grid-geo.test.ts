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
