import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { insertMatter } from '../warnings/sweep.test-helpers';

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
let admin: Session;
let dcb: Session;

const CSV_2027 = ['# covers: 2027', 'date,kind,name', '2027-01-01,休,元旦', '2027-02-06,班,春节', '2027-03-10,closure,区机关搬迁'].join('\n');

describe('calendar admin API', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    t = await seedTenant(rt);
    app = await testApp(rt);
    admin = await login(app, 't1admin');
    dcb = await login(app, 't1dcb');
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('lists a year: its exceptions and whether the notice is entered', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/calendar?year=2026', headers: as(dcb) });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.covered).toBe(true);
    expect(body.days).toContainEqual({ date: '2026-09-20', kind: 'workday', name: expect.any(String) });
    expect(body.coveredYears).toEqual([2025, 2026]);
    expect((await app.inject({ method: 'GET', url: '/api/calendar?year=abc', headers: as(dcb) })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/api/calendar', headers: as(dcb) })).statusCode).toBe(400);
  });

  it('tells the admin which years are missing and how many deadlines are provisional', async () => {
    await insertMatter(rt.db, { tenantId: t.tenantId, unitId: t.units.street, deadline: '2027-03-01' });
    const res = await app.inject({ method: 'GET', url: '/api/calendar/coverage', headers: as(admin) });
    expect(res.json()).toEqual({ coveredYears: [2025, 2026], currentYear: 2026, nextYearCovered: false, missingYears: [2027], provisionalMatters: 1 });
  });

  it('an admin sets and removes a day; others may not; bad dates are refused', async () => {
    const put = await app.inject({ method: 'PUT', url: '/api/calendar/days/2026-12-28', headers: as(admin), payload: { kind: 'closure', name: '机关搬迁' } });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ date: '2026-12-28', kind: 'closure', name: '机关搬迁' });
    expect((await app.inject({ method: 'PUT', url: '/api/calendar/days/2026-12-28', headers: as(dcb), payload: { kind: 'closure', name: 'x' } })).statusCode).toBe(403);
    const bad = await app.inject({ method: 'PUT', url: '/api/calendar/days/2026-02-30', headers: as(admin), payload: { kind: 'closure', name: 'x' } });
    expect(bad.statusCode).toBe(400);
    const badKind = await app.inject({ method: 'PUT', url: '/api/calendar/days/2026-12-29', headers: as(admin), payload: { kind: 'party', name: '' } });
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().error).toBe('validation_failed');
    expect((await app.inject({ method: 'DELETE', url: '/api/calendar/days/2026-12-28', headers: as(admin) })).statusCode).toBe(200);
    expect((await app.inject({ method: 'DELETE', url: '/api/calendar/days/2026-12-28', headers: as(admin) })).statusCode).toBe(404);
    const trace = await rt.db.selectFrom('trace').select('action').where('tenant_id', '=', t.tenantId).where('entity_type', '=', 'calendar').orderBy('seq').execute();
    expect(trace.map((x) => x.action)).toEqual(['calendar.day_set', 'calendar.day_delete']);
  });

  it('imports all or nothing, listing every bad row', async () => {
    const bad = await app.inject({ method: 'POST', url: '/api/calendar/import', headers: as(admin), payload: { text: `${CSV_2027}\n2027-02-30,休,坏日期\n2027-04-05,放风筝,清明` } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('calendar_import_failed');
    expect(bad.json().details.issues.map((i: { row: number }) => i.row)).toEqual([6, 7]);
    expect((await app.inject({ method: 'GET', url: '/api/calendar?year=2027', headers: as(admin) })).json().days).toEqual([]);

    const ok = await app.inject({ method: 'POST', url: '/api/calendar/import', headers: as(admin), payload: { text: CSV_2027, fileName: '2027.csv' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ days: 3, years: [2027] });
    const y = (await app.inject({ method: 'GET', url: '/api/calendar?year=2027', headers: as(admin) })).json();
    expect(y.covered).toBe(true);
    expect(y.days).toHaveLength(3);
    expect((await app.inject({ method: 'GET', url: '/api/calendar/coverage', headers: as(admin) })).json()).toMatchObject({ nextYearCovered: true, missingYears: [], provisionalMatters: 0 });
    expect((await app.inject({ method: 'POST', url: '/api/calendar/import', headers: as(admin), payload: { text: '' } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/calendar/import', headers: as(dcb), payload: { text: CSV_2027 } })).statusCode).toBe(403);
  });

  it('marks a year entered or not', async () => {
    const res = await app.inject({ method: 'PUT', url: '/api/calendar/years/2028', headers: as(admin), payload: { covered: true, source: '国办发明电〔2027〕1号' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ year: 2028, covered: true, source: '国办发明电〔2027〕1号' });
    expect((await app.inject({ method: 'PUT', url: '/api/calendar/years/20280', headers: as(admin), payload: { covered: true } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'PUT', url: '/api/calendar/years/2028', headers: as(admin), payload: { covered: false } })).json().covered).toBe(false);
  });

  it('answers a lone surrogate ("\\ud800", valid JSON but not text) with a 400, never a 500', async () => {
    // The JSON escape as an attacker sends it; JSON.parse turns it into half a character.
    const json = { ...as(admin), 'content-type': 'application/json' };
    const cases = [
      { method: 'PUT' as const, url: '/api/calendar/days/2026-12-30', payload: '{"kind":"closure","name":"\\ud800"}' },
      { method: 'PUT' as const, url: '/api/calendar/years/2029', payload: '{"covered":true,"source":"\\udfff尾"}' },
      { method: 'POST' as const, url: '/api/calendar/import', payload: '{"text":"date,kind,name\\n2029-01-01,休,\\ud800"}' },
    ];
    for (const c of cases) {
      const res = await app.inject({ ...c, headers: json });
      expect(res.statusCode, `${c.method} ${c.url}`).toBe(400);
      expect(res.json()).toMatchObject({ error: 'invalid_value', message: expect.stringContaining('不允许的字符') });
    }
    expect((await app.inject({ method: 'GET', url: '/api/calendar?year=2029', headers: as(admin) })).json()).toMatchObject({ covered: false, days: [] });
    // A pair is text like any other.
    const pair = await app.inject({ method: 'PUT', url: '/api/calendar/days/2026-12-30', headers: json, payload: '{"kind":"closure","name":"\\ud83d\\ude00"}' });
    expect(pair.statusCode).toBe(200);
    expect(pair.json().name).toBe('😀');
  });
});
