import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { seedTenant } from '../../../test/fixtures';
import { assignCell, bumpCellsVersion, tenantCellIndex } from './cell-assign';

const square = (x0: number, y0: number, x1: number, y1: number) => ({
  type: 'Polygon',
  coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]],
});

let rt: TestRuntime;
let tenantId: number;
const ids: Record<string, number> = {};

beforeAll(async () => {
  rt = await createTestRuntime();
  tenantId = (await seedTenant(rt)).tenantId;
  const cell = async (key: string, level: number, code: string, name: string, parent: string | null, poly: unknown) => {
    ids[key] = (
      await rt.db
        .insertInto('grid_cells')
        .values({ tenant_id: tenantId, level, code, name, parent_id: parent ? (ids[parent] ?? null) : null, polygon: JSON.stringify(poly), valid_from: '2026-01-01' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  };
  await cell('street', 1, '410103001000000', '五里堡街道', null, square(0, 0, 2, 1));
  await cell('comm', 2, '410103001001000', '幸福社区', 'street', square(0, 0, 2, 1));
  await cell('a', 3, '410103001001001', '第一网格', 'comm', square(0, 0, 1, 1));
  await cell('b', 3, '410103001001002', '第二网格', 'comm', square(1, 0, 2, 1));
  await bumpCellsVersion(rt.db, tenantId);
});
afterAll(() => rt.close());

describe('assignCell', () => {
  it('puts a point strictly inside a level-3 cell there and says so', async () => {
    const r = await assignCell(rt.db, tenantId, 0.5, 0.5);
    expect(r).toMatchObject({ cellId: ids.a, place: 'inside', note: '位于五里堡街道幸福社区第一网格内', otherCandidates: [] });
  });

  it('breaks a shared border by code order and names the other cell', async () => {
    const r = await assignCell(rt.db, tenantId, 1, 0.5);
    expect(r.cellId).toBe(ids.a);
    expect(r.place).toBe('border');
    expect(r.note).toBe('位于五里堡街道幸福社区第一网格与五里堡街道幸福社区第二网格交界，按编码顺序归入五里堡街道幸福社区第一网格');
    expect(r.otherCandidates.map((o) => o.id)).toEqual([ids.b]);
  });

  it('sends a point outside every cell to the district', async () => {
    const r = await assignCell(rt.db, tenantId, 5, 5);
    expect(r).toMatchObject({ cellId: null, place: 'outside', note: '不在任何网格内，转区级受理' });
  });

  it('sees a cell change once the tenant cells-version moves', async () => {
    const c = await rt.db
      .insertInto('grid_cells')
      .values({ tenant_id: tenantId, level: 3, code: '410103001001003', name: '第三网格', parent_id: null, polygon: JSON.stringify(square(4, 4, 6, 6)), valid_from: '2026-01-01' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await assignCell(rt.db, tenantId, 5, 5)).cellId).toBeNull(); // cached under the old version
    await bumpCellsVersion(rt.db, tenantId);
    expect((await assignCell(rt.db, tenantId, 5, 5)).cellId).toBe(c.id);
    expect((await rt.db.transaction().execute((trx) => assignCell(trx, tenantId, 5, 5))).cellId).toBe(c.id);
    // A transaction shares the process's cached index with its database handle.
    const outside = await tenantCellIndex(rt.db, tenantId);
    expect(await rt.db.transaction().execute((trx) => tenantCellIndex(trx, tenantId))).toBe(outside);
  });
});
