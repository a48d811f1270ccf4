import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLimitRows } from '@duban/shared';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { seedGrid } from './grid.fixtures';
import { gridSettingsOf } from './grid-settings';

let rt: TestRuntime;
let app: FastifyInstance;
let g: Awaited<ReturnType<typeof seedGrid>>;
let t: Awaited<ReturnType<typeof seedTenant>>;
const s: Record<string, Session> = {};

// Wednesday 2026-11-18 10:00 in Shanghai.
beforeAll(async () => {
  rt = await createTestRuntime({ at: '2026-11-18T02:00:00Z' });
  t = await seedTenant(rt);
  g = await seedGrid(rt, t);
  app = await testApp(rt);
  for (const u of ['t1grida', 't1dcb', 't1admin', 't1handler']) s[u] = await login(app, u);
});
afterAll(async () => {
  await app.close();
  await rt.close();
});

const call = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: as(s[who]!), ...(payload === undefined ? {} : { payload: payload as object }) });

describe('网格设置: the 转入督办 settings', () => {
  it('shows the defaults, saves a change (traced) and refuses bad input naming the field', async () => {
    const first = await call('t1dcb', 'GET', '/api/grid/settings');
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ superviseEnabled: true, superviseWorkdays: 10, superviseLeadUnitId: null, updatedAt: null });

    const ok = await call('t1admin', 'PUT', '/api/grid/settings', { superviseEnabled: true, superviseWorkdays: 7, superviseLeadUnitId: t.units.street });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ superviseWorkdays: 7, superviseLeadUnitId: t.units.street, superviseLeadUnitName: '五里堡街道办事处' });
    expect((await gridSettingsOf(rt.db, t.tenantId)).superviseWorkdays).toBe(7); // the cache was dropped
    const trace = await rt.db.selectFrom('trace').select(['action', 'after']).where('tenant_id', '=', t.tenantId).where('action', '=', 'grid.settings').execute();
    expect(trace).toHaveLength(1);

    const zero = await call('t1dcb', 'PUT', '/api/grid/settings', { superviseEnabled: true, superviseWorkdays: 0, superviseLeadUnitId: null });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().message).toContain('督办时限');
    const unit = await call('t1dcb', 'PUT', '/api/grid/settings', { superviseEnabled: true, superviseWorkdays: 5, superviseLeadUnitId: 987_654 });
    expect(unit.statusCode).toBe(400);
    expect(unit.json().message).toBe('督办牵头单位：所选单位不存在或已停用，请重新选择');
    expect((await call('t1dcb', 'GET', '/api/grid/settings')).json().superviseWorkdays).toBe(7); // nothing half-saved
    expect((await call('t1handler', 'GET', '/api/grid/settings')).statusCode).toBe(403);
    expect((await call('t1grida', 'PUT', '/api/grid/settings', { superviseEnabled: false, superviseWorkdays: 5, superviseLeadUnitId: null })).statusCode).toBe(403);
  });
});

describe('时限表: versions in force from a date, never rewritten', () => {
  const rows = (acceptHours: number) => [
    ...defaultLimitRows().filter((r) => !(r.stage === 'accept' && r.urgency === null)),
    { categoryId: null, urgency: null, stage: 'accept', amount: acceptHours, unit: 'hour' },
    { categoryId: g.cat('SJ0101'), urgency: null, stage: 'handle', amount: 3, unit: 'day' },
  ];
  const report = async () => {
    const r = await call('t1grida', 'POST', '/api/grid/problems', { categoryId: g.cat('SJ0401'), description: '占道经营', ...g.points.a });
    expect(r.statusCode, r.body).toBe(200);
    return r.json().id as string;
  };
  const queueRow = async (id: string) => (await call('t1grida', 'GET', '/api/grid/problems?mine=level')).json().items.find((i: { id: string }) => i.id === id);

  it('publishes a version from a later date; a problem is judged by the version in force when it was reported', async () => {
    const list = (await call('t1dcb', 'GET', '/api/grid/limit-versions')).json().items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ state: 'in_force' });
    const firstId = list[0].id as number;
    const detail = (await call('t1dcb', 'GET', `/api/grid/limit-versions/${firstId}`)).json();
    expect(detail.rows.find((r: { stage: string; urgency: string | null; categoryId: number | null }) => r.stage === 'accept' && r.urgency === null && r.categoryId === null)).toMatchObject({ amount: 2, unit: 'hour' });
    expect(detail.categories.length).toBeGreaterThan(30);

    const created = await call('t1dcb', 'POST', '/api/grid/limit-versions', { effectiveFrom: '2026-11-19T00:00:00+08:00', note: '受理时限放宽到 4 工作时', rows: rows(4) });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toMatchObject({ state: 'pending', note: '受理时限放宽到 4 工作时' });
    const before = await report();
    expect(await queueRow(before)).toMatchObject({ minutesLeft: 120 });

    rt.clock.set('2026-11-19T02:00:00Z'); // Thursday 10:00: the new version is in force
    for (const u of ['t1grida', 't1dcb', 't1handler']) s[u] = await login(app, u); // yesterday's sessions have lapsed
    const states = (await call('t1dcb', 'GET', '/api/grid/limit-versions')).json().items.map((v: { state: string }) => v.state);
    expect(states).toEqual(['in_force', 'replaced']);
    const after = await report();
    expect(await queueRow(after)).toMatchObject({ minutesLeft: 240 });
    // The problem reported yesterday keeps yesterday's rule: its 2 working hours ended long ago.
    const old = await rt.db.selectFrom('grid_problems').select(['limit_version_id']).where('id', '=', before).executeTakeFirstOrThrow();
    expect(old.limit_version_id).toBe(firstId);
    expect((await queueRow(before)).minutesLeft).toBeLessThan(0);
    // Neither version's rows changed.
    expect((await call('t1dcb', 'GET', `/api/grid/limit-versions/${firstId}`)).json().rows).toEqual(detail.rows);
  });

  it('refuses a date in the past, a table without its defaults, a category the tenant does not have — in Chinese naming the field', async () => {
    const past = await call('t1dcb', 'POST', '/api/grid/limit-versions', { effectiveFrom: '2026-11-01T00:00:00+08:00', rows: rows(3) });
    expect(past.statusCode).toBe(400);
    expect(past.json().message).toContain('生效时间');
    expect(past.json().message).toContain('历史不能改写');
    const missing = await call('t1dcb', 'POST', '/api/grid/limit-versions', { effectiveFrom: '2026-12-01T00:00:00+08:00', rows: rows(3).filter((r) => r.stage !== 'hold_street') });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toContain('缺少“街道办理”的默认时限');
    const zero = await call('t1dcb', 'POST', '/api/grid/limit-versions', { effectiveFrom: '2026-12-01T00:00:00+08:00', rows: rows(0) });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().message).toContain('时限须大于 0');
    const foreign = await call('t1dcb', 'POST', '/api/grid/limit-versions', { effectiveFrom: '2026-12-01T00:00:00+08:00', rows: [...rows(3), { categoryId: 999_999, urgency: null, stage: 'handle', amount: 1, unit: 'day' }] });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().message).toContain('本区没有这个问题类别');
    expect((await call('t1dcb', 'GET', '/api/grid/limit-versions')).json().items).toHaveLength(2); // nothing written
    expect((await call('t1handler', 'POST', '/api/grid/limit-versions', { effectiveFrom: '2026-12-01T00:00:00+08:00', rows: rows(3) })).statusCode).toBe(403);
  });
});
