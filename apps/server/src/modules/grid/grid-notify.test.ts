import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { seedGrid } from './grid.fixtures';
import { levelPeople, levelPeopleSql } from './grid-notify';
import type { HoldPlace } from './problem.repository';

let rt: TestRuntime;
let t: Awaited<ReturnType<typeof seedTenant>>;
let g: Awaited<ReturnType<typeof seedGrid>>;

beforeAll(async () => {
  rt = await createTestRuntime({ at: '2026-11-18T02:00:00Z' });
  t = await seedTenant(rt);
  g = await seedGrid(rt, t);
  const db = rt.db;
  // A unit with a head and only an inactive liaison (so its head is told), and staff the rule must leave out or find.
  const person = async (name: string, extra: { is_unit_head?: boolean; is_liaison?: boolean; active?: boolean } = {}) =>
    (await db.insertInto('people').values({ tenant_id: t.tenantId, unit_id: t.units.edu, name, rank: 'staff', ...extra }).returning('id').executeTakeFirstOrThrow()).id;
  await person('教体局局长', { is_unit_head: true });
  await person('已离职联络员', { is_liaison: true, active: false });
  const staff = (cellId: number, v: { person_id: number | null; account_id: number | null; duty: 'leader' | 'member' | 'supervisor'; valid_to?: string }) =>
    db.insertInto('grid_staff').values({ tenant_id: t.tenantId, cell_id: cellId, valid_from: '2026-01-01', ...v }).execute();
  await staff(g.cells.cellB, { person_id: null, account_id: g.staff.gridA.accountId, duty: 'member' }); // found through the account
  await staff(g.cells.cellA, { person_id: t.people.handler, account_id: null, duty: 'supervisor' }); // not a leader or member
  await staff(g.cells.cellA, { person_id: t.people.supervisor, account_id: null, duty: 'member', valid_to: '2026-06-01' }); // ended
});
afterAll(async () => {
  await rt.close();
});

describe('levelPeopleSql', () => {
  it('names the people levelPeople names, at every level below the district', async () => {
    const places: HoldPlace[] = [
      { level: 'cell', cellId: g.cells.cellA, unitId: null },
      { level: 'cell', cellId: g.cells.cellB, unitId: t.units.housing },
      { level: 'community', cellId: g.cells.community, unitId: t.units.street },
      { level: 'street', cellId: g.cells.street, unitId: t.units.edu },
      { level: 'street', cellId: null, unitId: t.units.leaders },
      { level: 'cell', cellId: null, unitId: null },
    ];
    const told: number[][] = [];
    for (const place of places) {
      const want = await levelPeople(rt.db, t.tenantId, place);
      const query = levelPeopleSql(t.tenantId, place);
      if (!query) throw new Error(`no SQL for ${place.level}`);
      const got = (await query.execute(rt.db)).rows.flatMap((r) => (r.person_id === null ? [] : [r.person_id]));
      expect([...new Set(got)].sort((a, b) => a - b)).toEqual([...want].sort((a, b) => a - b));
      told.push(want);
    }
    // The cases are not empty: a cell's own 网格长, a member by account beside a liaison, the street's liaison (not its head).
    expect(told[0]).toEqual([g.staff.gridA.personId]);
    expect(told[1]).toEqual(expect.arrayContaining([g.staff.gridB.personId, g.staff.gridA.personId, t.people.housingLiaison]));
    expect(told[2]).toEqual(expect.arrayContaining([g.staff.community.personId, t.people.liaison]));
    expect(told[2]).not.toContain(t.people.head);
    expect(told[3]?.length).toBe(1); // the head of a unit whose only liaison left
  });

  it('leaves the district and city levels to levelPeople (the office)', () => {
    expect(levelPeopleSql(t.tenantId, { level: 'district', cellId: null, unitId: null })).toBeNull();
    expect(levelPeopleSql(t.tenantId, { level: 'city', cellId: null, unitId: null })).toBeNull();
  });
});
