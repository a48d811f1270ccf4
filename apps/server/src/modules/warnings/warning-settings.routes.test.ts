import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
let dcb: Session;
let handler: Session;

describe('warning settings API', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    t = await seedTenant(rt);
    app = await testApp(rt);
    dcb = await login(app, 't1dcb');
    handler = await login(app, 't1handler');
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('shows the defaults when nothing is set', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/settings/warning', headers: as(dcb) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      thresholds: {},
      effective: { stallDays: 7, lagTolerance: 10, dueSoonWorkdays: 3, dueSoonProgress: 80 },
      repeat: { yellow: 3, blue: 2, red: 1 },
    });
    expect(res.json().categories.map((c: { name: string }) => c.name)).toEqual(['民生实事', '项目建设', '安全生产']);
    expect((await app.inject({ method: 'GET', url: '/api/settings/warning', headers: as(handler) })).statusCode).toBe(403);
  });

  it('saves tenant thresholds, repeat intervals and category overrides, category over tenant', async () => {
    const cat = t.categories['安全生产'];
    const res = await app.inject({
      method: 'PUT',
      url: '/api/settings/warning',
      headers: as(dcb),
      payload: { thresholds: { stallDays: 10, lagTolerance: null }, repeat: { yellow: 5, blue: 3, red: 1 }, categories: [{ categoryId: cat, thresholds: { stallDays: 3 } }] },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.thresholds).toEqual({ stallDays: 10 });
    expect(body.effective.stallDays).toBe(10);
    expect(body.repeat).toEqual({ yellow: 5, blue: 3, red: 1 });
    const safety = body.categories.find((c: { id: number }) => c.id === cat);
    expect(safety.effective).toEqual({ stallDays: 3, lagTolerance: 10, dueSoonWorkdays: 3, dueSoonProgress: 80 });
    expect(body.categories.find((c: { id: number }) => c.id !== cat).effective.stallDays).toBe(10);
    const trace = await rt.db.selectFrom('trace').select('action').where('tenant_id', '=', t.tenantId).where('action', '=', 'settings.warning').execute();
    expect(trace).toHaveLength(1);
  });

  it('refuses out-of-range values and unknown categories with Chinese messages', async () => {
    const put = (payload: unknown) => app.inject({ method: 'PUT', url: '/api/settings/warning', headers: as(dcb), payload: payload as Record<string, unknown> });
    const stall = await put({ thresholds: { stallDays: 0 }, repeat: { yellow: 3, blue: 2, red: 1 } });
    expect(stall.statusCode).toBe(400);
    expect(stall.json().message).toContain('停滞天数应为 1–365 之间的整数');
    const repeat = await put({ thresholds: {}, repeat: { yellow: 0, blue: 2, red: 1 } });
    expect(repeat.statusCode).toBe(400);
    expect(repeat.json().message).toContain('黄色预警重复提醒间隔');
    const unknown = await put({ thresholds: {}, repeat: { yellow: 3, blue: 2, red: 1 }, categories: [{ categoryId: 99999, thresholds: {} }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toContain('不存在');
    expect((await put([1, 2])).statusCode).toBe(400);
    expect((await put({ thresholds: { dueSoonProgress: 'x' }, repeat: { yellow: 3, blue: 2, red: 1 } })).statusCode).toBe(400);
  });
});
