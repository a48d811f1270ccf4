import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';

// Issue 12, item 4: a deadline counted in working days through a guessed year is recounted when the year is entered.
let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
const s: Record<string, Session> = {};

type Json = Record<string, unknown> & { id: number; version: number; deadline: string; deadlineProvisional: boolean };

const call = async (who: string, method: 'POST' | 'PUT' | 'GET', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: as(s[who]!), ...(payload === undefined ? {} : { payload: payload as object }) });
const base = { title: '背街小巷整治', content: '', source: 'superior', leadUnitId: 0, startDate: '2026-12-28' };

describe('recounting working-day deadlines when the calendar changes', () => {
  beforeAll(async () => {
    rt = await createTestRuntime({ at: '2026-12-28T02:00:00Z' });
    t = await seedTenant(rt, 'r1');
    app = await testApp(rt);
    for (const [k, u] of Object.entries({ dcb: 'r1dcb', admin: 'r1admin' })) s[k] = await login(app, u);
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('moves "5 个工作日" from 2026-12-28 to 2027-01-05 once 2027 is imported, tells the unit and traces it as the system', async () => {
    const m: Json = (await call('dcb', 'POST', '/api/matters', { ...base, leadUnitId: t.units.street, deadlineWorkdays: 5 })).json();
    expect(m.deadline).toBe('2027-01-04');
    expect(m.deadlineProvisional).toBe(true);
    expect((await call('dcb', 'POST', `/api/matters/${m.id}/assign`, { version: m.version })).statusCode).toBe(200);
    const fixed: Json = (await call('dcb', 'POST', '/api/matters', { ...base, title: '元旦保障', leadUnitId: t.units.street, deadline: '2027-01-01' })).json();

    const imported = await call('admin', 'POST', '/api/calendar/import', { text: ['# covers: 2027', 'date,kind,name', '2027-01-01,休,元旦'].join('\n'), fileName: '2027.csv' });
    expect(imported.statusCode, imported.body).toBe(200);

    const after: Json = (await call('dcb', 'GET', `/api/matters/${m.id}`)).json();
    expect(after.deadline).toBe('2027-01-05');
    expect(after.deadlineProvisional).toBe(false);
    expect(after.deadlineOnHoliday).toBe(false);
    const trace = await rt.db.selectFrom('trace').select(['action', 'actor_account_id', 'before', 'after']).where('entity_type', '=', 'matter').where('entity_id', '=', String(m.id)).where('action', '=', 'matter.deadline_recount').execute();
    expect(trace).toHaveLength(1);
    expect(trace[0]).toMatchObject({ actor_account_id: null, before: { deadline: '2027-01-04' }, after: { deadline: '2027-01-05', deadlineWorkdays: 5 } });
    const told = await rt.db
      .selectFrom('outbox as o')
      .innerJoin('outbox_recipients as r', 'r.outbox_id', 'o.id')
      .select(['o.body', 'r.person_id'])
      .where('o.matter_id', '=', m.id)
      .where('o.kind', '=', 'matter.deadline_recounted')
      .execute();
    expect(told.map((x) => x.person_id)).toContain(t.people.liaison);
    expect(told[0]?.body).toContain('由 2027-01-04 调整为 2027-01-05');

    // A fixed date is not moved, but it is shown as falling on a holiday.
    const f: Json = (await call('dcb', 'GET', `/api/matters/${fixed.id}`)).json();
    expect(f.deadline).toBe('2027-01-01');
    expect(f.deadlineOnHoliday).toBe(true);

    // Editing a day again recounts again: 2027-01-05 made a holiday too.
    expect((await call('admin', 'PUT', '/api/calendar/days/2027-01-05', { kind: 'holiday', name: '调整' })).statusCode).toBe(200);
    expect(((await call('dcb', 'GET', `/api/matters/${m.id}`)).json() as Json).deadline).toBe('2027-01-06');
  });
});
