import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { seedGridDefaults } from '../grid/grid-setup';
import { createTenant } from './tenant.service';

let rt: TestRuntime;

describe('createTenant: what a new tenant starts with', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
  });
  afterAll(async () => {
    await rt.close();
  });

  it('gives a new tenant the standard grid taxonomy and its first time-limit table', async () => {
    const t = await createTenant(rt, { code: 'newdist', name: '郑州市新区' });
    const cats = await rt.db.selectFrom('grid_categories').select(['code', 'name', 'parent_id', 'default_unit_id']).where('tenant_id', '=', t.id).execute();
    expect(cats.filter((c) => c.parent_id === null).length).toBe(11); // 5 部件 + 6 事件 major classes
    expect(cats.length).toBeGreaterThan(30);
    expect(cats.every((c) => c.default_unit_id === null)).toBe(true); // no units yet
    const versions = await rt.db.selectFrom('grid_limit_versions').select(['id', 'effective_from']).where('tenant_id', '=', t.id).execute();
    expect(versions).toHaveLength(1);
    expect(new Date(versions[0]!.effective_from).getTime()).toBe(rt.clock.now().getTime());
    const rows = await rt.db.selectFrom('grid_time_limits').select('stage').where('version_id', '=', versions[0]!.id).execute();
    expect(new Set(rows.map((r) => r.stage))).toContain('hold_district');

    // After the organisation is imported, running the setup again fills each standard class's usual department.
    const unit = await rt.db.insertInto('units').values({ tenant_id: t.id, name: '区城市管理局', kind: 'department', created_at: rt.clock.now(), updated_at: rt.clock.now() }).returning('id').executeTakeFirstOrThrow();
    await rt.db.transaction().execute((trx) => seedGridDefaults(trx, t.id, rt.clock.now()));
    const after = await rt.db.selectFrom('grid_categories').select(['code', 'default_unit_id']).where('tenant_id', '=', t.id).execute();
    expect(after.length).toBe(cats.length);
    expect(after.some((c) => c.default_unit_id === unit.id)).toBe(true);
    expect(await rt.db.selectFrom('grid_limit_versions').select('id').where('tenant_id', '=', t.id).execute()).toHaveLength(1);
  });
});
