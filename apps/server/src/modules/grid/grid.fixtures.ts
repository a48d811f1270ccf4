import type { Role } from '@duban/shared';
import { hashPassword } from '../auth/password';
import { TEST_PASSWORD, type seedTenant } from '../../../test/fixtures';
import type { TestRuntime } from '../../../test/runtime';
import { bumpCellsVersion } from './cell-assign';
import { seedGridDefaults } from './grid-setup';

type Tenant = Awaited<ReturnType<typeof seedTenant>>;

const square = (x0: number, y0: number, x1: number, y1: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
});

/**
 * A small grid for tests: the street office's level-1 cell, one community under it, two building cells (A, B);
 * a 网格长 for each building cell and one for the community; the standard taxonomy and default limits.
 * Points: A at (113.605, 34.705), B at (113.615, 34.705), the community's other corner (113.615, 34.715)
 * lies in no building cell, and (113.635, 34.735) is in the street cell only.
 */
export async function seedGrid(rt: TestRuntime, t: Tenant) {
  const db = rt.db;
  const cell = async (parentId: number | null, level: number, code: string, name: string, box: [number, number, number, number], unitId: number | null = null) =>
    (
      await db
        .insertInto('grid_cells')
        .values({ tenant_id: t.tenantId, parent_id: parentId, level, code, name, unit_id: unitId, polygon: JSON.stringify(square(...box)), min_lon: box[0], min_lat: box[1], max_lon: box[2], max_lat: box[3], valid_from: '2026-01-01' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const street = await cell(null, 1, '410103001000000', '五里堡街道', [113.6, 34.7, 113.64, 34.74], t.units.street);
  const community = await cell(street, 2, '410103001001000', '幸福路社区', [113.6, 34.7, 113.62, 34.72]);
  const cellA = await cell(community, 3, '410103001001001', '第一网格', [113.6, 34.7, 113.61, 34.71]);
  const cellB = await cell(community, 3, '410103001001002', '第二网格', [113.61, 34.7, 113.62, 34.71]);
  await bumpCellsVersion(db, t.tenantId);
  const hash = await hashPassword(TEST_PASSWORD);
  const account = async (username: string, roles: Role[], cellId: number, duty: 'leader' | 'member' | 'supervisor' = 'leader') => {
    const person = await db.insertInto('people').values({ tenant_id: t.tenantId, unit_id: t.units.street, name: `${username}网格长`, rank: 'staff' }).returning('id').executeTakeFirstOrThrow();
    const a = await db
      .insertInto('accounts')
      .values({ tenant_id: t.tenantId, username, display_name: username, password_hash: hash, roles, person_id: person.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('grid_staff').values({ tenant_id: t.tenantId, cell_id: cellId, person_id: person.id, account_id: a.id, duty, valid_from: '2026-01-01' }).execute();
    t.accounts[username] = a.id; // so t.actor(username) finds it
    return { accountId: a.id, personId: person.id };
  };
  const staff = {
    gridA: await account(`${t.code}grida`, ['grid_leader'], cellA),
    gridB: await account(`${t.code}gridb`, ['grid_leader'], cellB),
    community: await account(`${t.code}sqgrid`, ['grid_leader'], community),
  };
  const categories = await db.transaction().execute((trx) => seedGridDefaults(trx, t.tenantId, new Date('2026-01-01T00:00:00+08:00')));
  const cat = (code: string) => {
    const id = categories.get(code);
    if (id === undefined) throw new Error(`no category ${code}`);
    return id;
  };
  return {
    cells: { street, community, cellA, cellB },
    staff,
    cat,
    points: { a: { lon: 113.605, lat: 34.705 }, b: { lon: 113.615, lat: 34.705 }, community: { lon: 113.615, lat: 34.715 }, street: { lon: 113.635, lat: 34.735 }, far: { lon: 116.4, lat: 39.9 } },
  };
}
