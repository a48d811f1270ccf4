import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { seedOutcomes } from './assessment.fixtures';

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;

describe('assessment over HTTP', () => {
  beforeAll(async () => {
    rt = await createTestRuntime({ at: '2026-12-05T02:00:00Z' });
    t = await seedTenant(rt, 't1');
    await seedOutcomes(rt, t);
    app = await testApp(rt);
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('recomputes, shows the league table and exports it; a cadre opens their own archive', async () => {
    const dcb = await login(app, 't1dcb');
    expect((await app.inject({ method: 'POST', url: '/api/assessment/recompute', headers: as(dcb), payload: { period: '2026Q4' } })).statusCode).toBe(200);
    const league = await app.inject({ url: '/api/assessment/units?period=2026Q4', headers: as(dcb) });
    expect(league.json().units.map((u: { name: string }) => u.name).sort()).toEqual(['五里堡街道办事处', '区住建局'].sort());
    const xlsx = await app.inject({ url: '/api/assessment/export.xlsx?period=2026Q4', headers: as(dcb) });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const docx = await app.inject({ url: '/api/assessment/export.docx?period=2026Q4', headers: as(dcb) });
    expect(docx.statusCode).toBe(200);
    const handler = await login(app, 't1handler');
    const mine = await app.inject({ url: `/api/assessment/cadres/${t.people.handler}?period=2026Q4`, headers: as(handler) });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().lines.length).toBeGreaterThan(0);
    // The unit's own people see their unit's lines, not another unit's.
    const head = await login(app, 't1head');
    expect((await app.inject({ url: `/api/assessment/lines?period=2026Q4&subjectType=unit&subjectId=${t.units.street}`, headers: as(head) })).statusCode).toBe(200);
    expect((await app.inject({ url: `/api/assessment/lines?period=2026Q4&subjectType=unit&subjectId=${t.units.housing}`, headers: as(head) })).statusCode).toBe(403);
  });

  it('answers bad input with a Chinese message naming the field, never a 500', async () => {
    const dcb = await login(app, 't1dcb');
    const bad = await app.inject({ method: 'POST', url: '/api/assessment/recompute', headers: as(dcb), payload: { period: '2026Q5' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('考核期间格式应为 2026Q4');
    const books = (await app.inject({ url: '/api/assessment/rule-books', headers: as(dcb) })).json().items;
    const edit = await app.inject({ method: 'PUT', url: '/api/assessment/rule-book', headers: as(dcb), payload: { rules: { ...books[0].rules, split: { ...books[0].rules.split, co: 3 } }, effectiveFrom: '2026-01-01', version: books[0].version } });
    expect(edit.statusCode).toBe(400);
    expect(edit.json().message).toContain('配合单位分成不能大于 1');
    const unknown = await app.inject({ url: '/api/assessment/units?period=2019Q1', headers: as(dcb) });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toBe('assessment_period_not_found');
  });
});
