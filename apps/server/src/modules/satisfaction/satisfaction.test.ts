import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { recordSatisfactionVote, unitSatisfaction } from './satisfaction.service';

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
const s: Record<string, Session> = {};
const Q4 = { from: '2026-10-01', to: '2026-12-31' };

const post = (who: string, payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/satisfaction/ratings', headers: as(s[who]!), payload });

describe('满意率 (satisfaction with units)', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    t = await seedTenant(rt, 't1');
    app = await testApp(rt);
    for (const u of ['t1dcb', 't1head', 't1handler', 't1shuji']) s[u] = await login(app, u);
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('records citizens’ votes by the office and units’ votes by their head, never on themselves', async () => {
    const housing = t.units.housing;
    for (const level of ['satisfied', 'satisfied', 'basic', 'unknown']) expect((await post('t1dcb', { unitId: housing, rater: 'citizen', level, ratedOn: '2026-11-02' })).statusCode).toBe(200);
    expect((await post('t1dcb', { unitId: housing, rater: 'citizen', level: 'unsatisfied', ratedOn: '2026-09-30' })).statusCode).toBe(200); // last quarter
    expect((await post('t1head', { unitId: housing, rater: 'unit', level: 'basic', ratedOn: '2026-11-05' })).statusCode).toBe(200);
    expect((await post('t1head', { unitId: housing, rater: 'citizen', level: 'basic', ratedOn: '2026-11-05' })).statusCode).toBe(403);
    expect((await post('t1handler', { unitId: housing, rater: 'unit', level: 'basic', ratedOn: '2026-11-05' })).statusCode).toBe(403);
    const self = await post('t1head', { unitId: t.units.street, rater: 'unit', level: 'satisfied', ratedOn: '2026-11-05' });
    expect(self.statusCode).toBe(400);
    expect(self.json().message).toContain('不能评价本单位');
    const bad = await post('t1dcb', { unitId: housing, rater: 'citizen', level: '很好', ratedOn: '2026-11-05' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('评价应为满意、基本满意、不满意或不了解');
    const future = await post('t1dcb', { unitId: housing, rater: 'citizen', level: 'satisfied', ratedOn: '2026-12-01' });
    expect(future.json().message).toContain('评价日期不能晚于今天');
    const division = await post('t1dcb', { unitId: t.division, rater: 'citizen', level: 'satisfied', ratedOn: '2026-11-05' });
    expect(division.statusCode).toBe(400);

    // Citizens (100+100+70)/3 = 90, 不了解 left out; units 70; 50/50 → 80.
    const list = await app.inject({ url: `/api/satisfaction?from=${Q4.from}&to=${Q4.to}`, headers: as(s.t1shuji!) });
    expect(list.json().items).toEqual([
      { unitId: housing, unitName: '区住建局', rate: 80, citizen: { votes: 4, counted: 3, excluded: 1, rate: 90 }, unit: { votes: 1, counted: 1, excluded: 0, rate: 70 } },
    ]);
    const period = await app.inject({ url: '/api/satisfaction?from=2026-12-31&to=2026-10-01', headers: as(s.t1dcb!) });
    expect(period.statusCode).toBe(400);
    expect(period.json().message).toContain('开始日期不能晚于结束日期');
  });

  it('applies edited points and weights, and gives the assessment module a unit’s rate for a period', async () => {
    const put = await app.inject({ method: 'PUT', url: '/api/satisfaction/settings', headers: as(s.t1dcb!), payload: { points: { satisfied: 100, basic: 70, unsatisfied: 30 }, weights: { citizen: 70, unit: 30 } } });
    expect(put.statusCode).toBe(200);
    expect((await unitSatisfaction(rt.db, t.tenantId, t.units.housing, Q4)).rate).toBe(84); // 90×.7 + 70×.3
    expect((await unitSatisfaction(rt.db, t.tenantId, t.units.housing, { from: '2026-07-01', to: '2026-09-30' })).rate).toBe(30);
    const wrong = await app.inject({ method: 'PUT', url: '/api/satisfaction/settings', headers: as(s.t1dcb!), payload: { points: { satisfied: 100, basic: 70, unsatisfied: 30 }, weights: { citizen: 70, unit: 70 } } });
    expect(wrong.json().message).toContain('权重之和应为 100');
  });

  it('stores a follow-up visit once however often it is sent (the grid module’s seam)', async () => {
    const visit = { unitId: t.units.edu, rater: 'citizen' as const, level: 'unsatisfied' as const, ratedOn: '2026-11-10', channel: 'grid_visit' as const, sourceRef: 'visit:42' };
    expect(await rt.db.transaction().execute((trx) => recordSatisfactionVote(trx, t.tenantId, visit))).toBe(true);
    expect(await rt.db.transaction().execute((trx) => recordSatisfactionVote(trx, t.tenantId, { ...visit, level: 'satisfied' }))).toBe(false);
    expect(await unitSatisfaction(rt.db, t.tenantId, t.units.edu, Q4)).toMatchObject({ rate: 30, citizen: { votes: 1 } });
  });
});
