import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';

// A parent's progress combines its own reports and its children's (issue 12, item 6; parentProgress in shared).
let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
const s: Record<string, Session> = {};

type Json = Record<string, unknown> & { id: number; version: number; progress: number };

const post = async (who: string, url: string, payload: unknown = {}) => app.inject({ method: 'POST', url, headers: as(s[who]!), payload: payload as object });
const detail = async (id: number): Promise<Json> => (await app.inject({ url: `/api/matters/${id}`, headers: as(s.dcb!) })).json();
const base = { content: '', source: 'key_work', startDate: '2026-03-02', deadline: '2026-09-30' };

async function assignAndSign(m: Json) {
  expect((await post('dcb', `/api/matters/${m.id}/assign`, { version: m.version })).statusCode).toBe(200);
  expect((await post('liaison', `/api/matters/${m.id}/sign`)).statusCode).toBe(200);
}

describe('a parent\'s progress', () => {
  beforeAll(async () => {
    rt = await createTestRuntime({ at: '2026-03-02T02:00:00Z' });
    t = await seedTenant(rt, 'p1');
    app = await testApp(rt);
    for (const [k, u] of Object.entries({ dcb: 'p1dcb', liaison: 'p1liaison' })) s[k] = await login(app, u);
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('counts the parent\'s own reports beside its children, on the page and the chart', async () => {
    const parent: Json = (await post('dcb', '/api/matters', { ...base, title: '城市更新', leadUnitId: t.units.street })).json();
    await assignAndSign(parent);
    const child: Json = (await post('dcb', `/api/matters/${parent.id}/children`, { ...base, title: '拆迁清零', leadUnitId: t.units.street })).json();
    await assignAndSign(await detail(child.id));

    rt.clock.advance(86_400_000);
    for (const [k, u] of Object.entries({ dcb: 'p1dcb', liaison: 'p1liaison' })) s[k] = await login(app, u);
    const r = await post('liaison', `/api/matters/${parent.id}/reports`, { progress: 25, text: '本级完成方案' });
    expect(r.statusCode, r.body).toBe(200);
    let p = await detail(parent.id);
    expect(p.progress).toBe(12.5);
    expect(p.progressParts).toEqual({ own: 25, children: 0 });
    const today = (p.progressSeries as { date: string; actual: number | null }[]).find((x) => x.date === '2026-03-03');
    expect(today?.actual).toBe(12.5);

    await post('liaison', `/api/matters/${child.id}/reports`, { progress: 60, text: '拆迁过半' });
    p = await detail(parent.id);
    expect(p.progress).toBe(42.5);

    // The child closes: the parent is not 100% while its own part stands at 25%.
    await post('liaison', `/api/matters/${child.id}/completion`, { evidence: '拆迁完成' });
    expect((await post('dcb', `/api/matters/${child.id}/completion/accept`, {})).statusCode).toBe(200);
    p = await detail(parent.id);
    expect(p.progress).toBe(62.5);
    expect(p.progressParts).toEqual({ own: 25, children: 100 });
  });

  it('judges the parent\'s lag by the same figure', async () => {
    const parent: Json = (await post('dcb', '/api/matters', { ...base, title: '老城改造', leadUnitId: t.units.street })).json();
    await assignAndSign(parent);
    const child: Json = (await post('dcb', `/api/matters/${parent.id}/children`, { ...base, title: '管网改造', leadUnitId: t.units.street })).json();
    await assignAndSign(await detail(child.id));
    await post('liaison', `/api/matters/${parent.id}/reports`, { progress: 25, text: '本级完成方案' });
    rt.clock.advance(90 * 86_400_000);
    for (const [k, u] of Object.entries({ dcb: 'p1dcb', liaison: 'p1liaison' })) s[k] = await login(app, u);
    const p = await detail(parent.id);
    expect(p.progress).toBe(12.5);
    expect((p.live as { reasons: { code: string; text: string }[] }).reasons.find((r) => r.code === 'lagging')?.text).toMatch(/实际 12\.5%/);
  });

  it('is the children\'s alone while the parent\'s own units have not reported', async () => {
    const parent: Json = (await post('dcb', '/api/matters', { ...base, title: '乡村振兴', leadUnitId: t.units.street })).json();
    await assignAndSign(parent);
    const child: Json = (await post('dcb', `/api/matters/${parent.id}/children`, { ...base, title: '道路硬化', leadUnitId: t.units.street })).json();
    await assignAndSign(await detail(child.id));
    await post('liaison', `/api/matters/${child.id}/reports`, { progress: 40, text: '完成一半路段' });
    const p = await detail(parent.id);
    expect(p.progress).toBe(40);
    expect(p.progressParts).toEqual({ own: null, children: 40 });
  });
});
