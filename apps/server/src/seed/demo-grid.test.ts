import { CellIndex, gridCodeProblem, type CellGeometry } from '@duban/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../../test/runtime';
import { assignCell } from '../modules/grid/cell-assign';
import { runSweep } from '../modules/warnings/sweep.service';
import { demoGridPoints, planDemoGrid } from './demo-grid';
import { DEMO_UNITS } from './demo-org';
import { seedDemo } from './demo.seed';
import { DEMO_STEPS } from './demo-steps';

describe('the demo grid over 二七区', () => {
  const units = new Map(DEMO_UNITS.map((u, i) => [u.name, i + 1]));
  const plan = planDemoGrid(units);

  it('has every street office and the town, their communities and a few hundred cells, with valid codes', () => {
    const streetUnits = DEMO_UNITS.filter((u) => u.kind === 'street' || u.kind === 'town').map((u) => u.name);
    const level = (l: number) => plan.filter((c) => c.level === l);
    expect(level(1)).toHaveLength(streetUnits.length);
    expect(level(1).map((c) => c.unitId).sort()).toEqual(streetUnits.map((n) => units.get(n)).sort());
    expect(level(2).length).toBeGreaterThan(80);
    expect(level(3).length).toBe(420);
    expect(new Set(plan.map((c) => c.code)).size).toBe(plan.length);
    const byCode = new Map(plan.map((c) => [c.code, c]));
    for (const c of plan) expect(gridCodeProblem(c.code, c.level, c.parentCode), c.code).toBeNull();
    expect(byCode.get('410103100000000')?.name).toBe('马寨镇');
    // Every name is unique in the district, so a name alone never needs its parent to be told apart.
    expect(new Set(plan.map((c) => c.name)).size).toBe(plan.length);
    expect(level(3).every((c) => c.name.startsWith(byCode.get(c.parentCode ?? '')?.name ?? '?'))).toBe(true);
  });

  it('tiles the district: each point in exactly one cell of a level, inside its parent', () => {
    const index = (l: number) => new CellIndex(plan.filter((c) => c.level === l).map((c, i) => ({ id: i + 1, code: c.code, level: 1, geometry: c.polygon as CellGeometry })));
    const [streets, communities, cells] = [index(1), index(2), index(3)];
    const codes = (l: number) => plan.filter((c) => c.level === l).map((c) => c.code);
    let inside = 0;
    for (let k = 0; k < 4000; k++) {
      const lon = 113.53 + ((k * 7919) % 1000) / 1000 * 0.14;
      const lat = 34.63 + ((k * 104729) % 997) / 997 * 0.12;
      const a = cells.assign(lon, lat);
      if (a.cellId === null) continue;
      inside++;
      expect(a.place === 'inside' ? a.otherCandidates : [], `${lon},${lat}`).toEqual([]);
      const cellCode = codes(3)[a.cellId - 1] ?? '';
      const c = communities.assign(lon, lat);
      const s = streets.assign(lon, lat);
      if (a.place === 'inside' && c.place === 'inside') expect(codes(2)[(c.cellId ?? 0) - 1]).toBe(`${cellCode.slice(0, 12)}000`);
      if (a.place === 'inside' && s.place === 'inside') expect(codes(1)[(s.cellId ?? 0) - 1]).toBe(`${cellCode.slice(0, 9)}000000`);
    }
    expect(inside).toBeGreaterThan(3000);
  });
});

describe('the demo grid in the demo tenant', () => {
  let rt: TestRuntime;
  let tenantId: number;
  beforeAll(async () => {
    rt = await createTestRuntime();
    tenantId = await seedDemo(rt, DEMO_STEPS);
  }, 240_000);
  afterAll(() => rt.close());

  it('has cells with staff, the 网格长 accounts, and points that land in their cells', async () => {
    const points = await demoGridPoints(rt.db, tenantId);
    expect(points).toHaveLength(420);
    expect(points.every((p) => p.leaderPersonId !== null)).toBe(true);
    const mine = await rt.db.selectFrom('accounts').select(['person_id', 'roles']).where('tenant_id', '=', tenantId).where('username', '=', 'wangge').executeTakeFirstOrThrow();
    expect(points.find((p) => p.leaderAccountId !== null && p.leaderPersonId === mine.person_id)).toBeTruthy();
    for (const p of points.slice(0, 40)) expect((await assignCell(rt.db, tenantId, p.lon, p.lat)).cellId).toBe(p.cellId);
    const staff = await rt.db.selectFrom('grid_staff').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
    expect(Number(staff.n)).toBeGreaterThan(1000);
    // The standard taxonomy and a time-limit table, so a 网格长 can report on the demo tenant.
    const cats = await rt.db.selectFrom('grid_categories').select('code').where('tenant_id', '=', tenantId).execute();
    expect(cats.map((c) => c.code)).toContain('SJ0101');
    expect(await rt.db.selectFrom('grid_limit_versions').select('id').where('tenant_id', '=', tenantId).executeTakeFirst()).toBeTruthy();
  });

  it('has grid problems made by the real flow: one closed and rated, one being handled, one climbed into a red supervised matter', async () => {
    const problems = await rt.db.selectFrom('grid_problems').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
    expect(problems.map((p) => [p.title, p.status])).toEqual([
      ['背街巷道长期堆放建筑垃圾', 'reported'],
      ['小区门口占道经营', 'visited'],
      ['楼道内张贴非法小广告', 'handling'],
    ]);
    const [climbing, closed] = problems;
    expect(closed?.rating).toBe('satisfied');
    // Who held the clock: the cell, the community, the street and the district each held it up to its limit.
    const holds = await rt.db.selectFrom('grid_level_holds').select(['hold_level', 'working_minutes', 'left_by']).where('problem_id', '=', climbing?.id ?? '0').orderBy('id').execute();
    expect(holds.map((h) => [h.hold_level, h.left_by])).toEqual([
      ['cell', 'escalated'],
      ['community', 'escalated'],
      ['street', 'escalated'],
      ['district', 'escalated'],
      ['city', null],
    ]);
    for (const h of holds.slice(0, 4)) expect(h.working_minutes).toBeGreaterThan(0);
    const events = await rt.db.selectFrom('grid_problem_events').select('action').where('problem_id', '=', climbing?.id ?? '0').orderBy('id').execute();
    expect(events.map((e) => e.action)).toEqual(['report', 'auto_escalate', 'auto_escalate', 'auto_escalate', 'auto_escalate', 'supervise']);
    // Linked both ways, source 网格上报, and red once the sweep has run (its deadline passed).
    const m = await rt.db.selectFrom('matters').selectAll().where('id', '=', climbing?.matter_id ?? -1).executeTakeFirstOrThrow();
    expect(m).toMatchObject({ source: 'grid', origin_type: 'grid_problem', origin_id: Number(climbing?.id) });
    const lead = await rt.db.selectFrom('units').select('name').where('id', '=', m.lead_unit_id).executeTakeFirstOrThrow();
    expect(lead.name).toBe('区城市管理局');
    await runSweep(rt);
    expect((await rt.db.selectFrom('matters').select('colour').where('id', '=', m.id).executeTakeFirstOrThrow()).colour).toBe('red');
  });
});
