import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { systemActor } from '../../lib/actor';
import { onMatterEvent } from '../matters/matter-events';
import { recordTrace } from '../trace/trace.service';
import { runSweep } from '../warnings/sweep.service';
import { recomputeDirtyPeriods } from './auto-recompute.service';
import { recomputePeriod } from './recompute.service';

// Assessment's subscription to the matter events (issue 13): each event marks the periods it touches in the
// action's transaction, once; a rolled-back action marks nothing; the job recomputes exactly what is marked and
// clears it, and its safety net still catches the scoring inputs no event announces.

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
const s: Record<string, Session> = {};
let refuseReports = false;

// Registered after assessment's own subscriber (imported with the services above): it runs second and can undo both.
onMatterEvent('reported', async () => {
  if (refuseReports) throw new Error('a later subscriber refuses the report');
});

const post = (who: string, url: string, payload: unknown = {}) => app.inject({ method: 'POST', url, headers: as(s[who]!), payload: payload as object });
const marks = async () =>
  (await rt.db.selectFrom('assessment_dirty').select(['period_code', 'marked_at']).where('tenant_id', '=', t.tenantId).orderBy('period_code').execute()).map((r) => r.period_code);
const ok = async <R extends { statusCode: number; body: string }>(res: Promise<R>): Promise<R> => {
  const r = await res;
  expect(r.statusCode, r.body).toBe(200);
  return r;
};
const newMatter = async (deadline: string) => {
  const m = (await ok(post('dcb', '/api/matters', { title: '背街小巷整治', content: '完成 12 条', source: 'superior', leadUnitId: t.units.street, startDate: '2026-03-02', deadline }))).json() as { id: number; version: number };
  await ok(post('dcb', `/api/matters/${m.id}/assign`, { version: m.version }));
  return m.id;
};

// Moves the clock and signs everyone in again (a session expires when the clock jumps past its idle limit).
const at = async (iso: string) => {
  rt.clock.set(iso);
  for (const [k, u] of Object.entries({ dcb: 'd1dcb', liaison: 'd1liaison', handler: 'd1handler' })) s[k] = await login(app, u);
};

beforeAll(async () => {
  // Every event runs its statement here (the direct deletes below stand for the job's claim); dirty-lease.test.ts
  // covers the lease.
  rt = await createTestRuntime({ at: '2026-03-02T02:00:00Z', config: { assessmentMarkLeaseMs: 0 } });
  t = await seedTenant(rt, 'd1');
  app = await testApp(rt);
});
afterAll(async () => {
  await app?.close();
  await rt?.close();
});
beforeEach(async () => {
  await rt.db.deleteFrom('assessment_dirty').execute();
});

describe('assessment subscribes to the matter events', () => {
  it('each event kind marks the quarter and year it happens in, once however often it happens', async () => {
    await at('2026-03-02T02:00:00Z');
    const id = await newMatter('2026-06-30');
    expect(await marks()).toEqual([]);
    await ok(post('liaison', `/api/matters/${id}/sign`));
    expect(await marks()).toEqual(['2026', '2026Q1']);

    await rt.db.deleteFrom('assessment_dirty').execute();
    await ok(post('handler', `/api/matters/${id}/reports`, { progress: 30, text: '开工' }));
    const first = await rt.db.selectFrom('assessment_dirty').select(['period_code', 'marked_at']).where('tenant_id', '=', t.tenantId).execute();
    rt.clock.advance(60_000);
    await ok(post('handler', `/api/matters/${id}/reports`, { progress: 40, text: '推进' }));
    // Once: the second report finds the marks there and leaves them as they were.
    expect(await rt.db.selectFrom('assessment_dirty').select(['period_code', 'marked_at']).where('tenant_id', '=', t.tenantId).execute()).toEqual(first);

    await rt.db.deleteFrom('assessment_dirty').execute();
    const ext = await ok(post('liaison', `/api/matters/${id}/extensions`, { requestedDeadline: '2026-07-31', reason: '汛期停工' }));
    expect(await marks()).toEqual([]); // a request changes no score
    const eid = (ext.json().extensions as { id: number }[])[0]!.id;
    await ok(post('dcb', `/api/matters/${id}/extensions/${eid}/decision`, { approve: true }));
    expect(await marks()).toEqual(['2026', '2026Q1']);

    // The sweep colours it red past the extended deadline, in 2026Q3.
    await rt.db.deleteFrom('assessment_dirty').execute();
    await runSweep(rt, { at: new Date('2026-08-03T02:00:00Z') });
    expect(await marks()).toEqual(['2026', '2026Q3']);

    await at('2026-08-04T02:00:00Z');
    await ok(post('liaison', `/api/matters/${id}/completion`, { evidence: '已完成' }));
    await rt.db.deleteFrom('assessment_dirty').execute();
    await ok(post('dcb', `/api/matters/${id}/return`, { reason: '缺少验收材料' }));
    expect(await marks()).toEqual(['2026', '2026Q3']);

    await ok(post('liaison', `/api/matters/${id}/completion`, { evidence: '补充材料' }));
    await rt.db.deleteFrom('assessment_dirty').execute();
    await at('2026-10-09T02:00:00Z');
    await ok(post('dcb', `/api/matters/${id}/completion/accept`, { note: '同意' }));
    // Closed and its colour cleared, both in 2026Q4: one mark each.
    expect(await marks()).toEqual(['2026', '2026Q4']);
  });

  it('an extension approved after the old deadline marks every period back to it', async () => {
    await at('2026-03-02T02:00:00Z');
    const id = await newMatter('2026-03-10');
    await ok(post('liaison', `/api/matters/${id}/sign`));
    await at('2026-04-15T02:00:00Z');
    const ext = await ok(post('liaison', `/api/matters/${id}/extensions`, { requestedDeadline: '2026-05-31', reason: '资金未到位' }));
    await rt.db.deleteFrom('assessment_dirty').execute();
    const eid = (ext.json().extensions as { id: number }[])[0]!.id;
    await ok(post('dcb', `/api/matters/${id}/extensions/${eid}/decision`, { approve: true }));
    expect(await marks()).toEqual(['2026', '2026Q1', '2026Q2']);
  });

  it('an action rolled back leaves nothing marked', async () => {
    await at('2026-04-15T02:00:00Z');
    const id = await newMatter('2026-06-30');
    await ok(post('liaison', `/api/matters/${id}/sign`));
    await rt.db.deleteFrom('assessment_dirty').execute();
    refuseReports = true;
    try {
      expect((await post('handler', `/api/matters/${id}/reports`, { progress: 30, text: '开工' })).statusCode).toBe(500);
    } finally {
      refuseReports = false;
    }
    expect(await marks()).toEqual([]);
  });

  it('the job recomputes what is marked and clears it; a sign-in moves nothing, another scoring action still does', async () => {
    await at('2026-04-15T02:00:00Z');
    const id = await newMatter('2026-06-30');
    await ok(post('liaison', `/api/matters/${id}/sign`));
    await recomputePeriod(rt, systemActor(t.tenantId), '2026Q1');
    const first = await recomputeDirtyPeriods(rt);
    // The tenant has 2026Q1; the running quarter and year are computed the first time; 2026Q1 is unmarked and its inputs still.
    expect(first.recomputed.sort()).toEqual([`${t.tenantId}:2026`, `${t.tenantId}:2026Q2`]);
    expect(await marks()).toEqual([]);
    expect((await recomputeDirtyPeriods(rt)).recomputed).toEqual([]);

    await ok(post('handler', `/api/matters/${id}/reports`, { progress: 30, text: '开工' }));
    expect(await marks()).toEqual(['2026', '2026Q2']);
    const after = await recomputeDirtyPeriods(rt);
    expect(after).toMatchObject({ claimed: 2 });
    expect(after.recomputed.sort()).toEqual([`${t.tenantId}:2026`, `${t.tenantId}:2026Q2`]);
    expect(await marks()).toEqual([]);

    await rt.db.transaction().execute((trx) => recordTrace(trx, rt.clock, systemActor(t.tenantId), { action: 'auth.login', entityType: 'account', entityId: 1 }));
    expect((await recomputeDirtyPeriods(rt)).recomputed).toEqual([]);
    // The safety net: a rating is no matter event, and still recomputes every open period.
    await rt.db.transaction().execute((trx) => recordTrace(trx, rt.clock, systemActor(t.tenantId), { action: 'matter.rate', entityType: 'matter', entityId: id, after: { rating: 4 } }));
    expect((await recomputeDirtyPeriods(rt)).recomputed.sort()).toEqual([`${t.tenantId}:2026`, `${t.tenantId}:2026Q1`, `${t.tenantId}:2026Q2`]);
  });

  it('a recompute that fails puts back the marks it had not done yet, and the next run does them', async () => {
    await at('2026-04-20T02:00:00Z');
    const id = await newMatter('2026-06-30');
    await ok(post('liaison', `/api/matters/${id}/sign`));
    await recomputeDirtyPeriods(rt);
    expect(await marks()).toEqual([]);
    // The tenant's periods go in code order (2026, 2026Q1, 2026Q2); the test refuses the quarter's write, so the
    // year is recomputed and the quarter fails.
    await sql`create function test_refuse_quarter() returns trigger language plpgsql as $$
      begin if new.code = '2026Q2' then raise exception 'refused by the test'; end if; return new; end $$`.execute(rt.owner);
    await sql`create trigger test_refuse_quarter before update on assessment_periods for each row execute function test_refuse_quarter()`.execute(rt.owner);
    try {
      await ok(post('handler', `/api/matters/${id}/reports`, { progress: 30, text: '开工' }));
      expect(await marks()).toEqual(['2026', '2026Q2']);
      await expect(recomputeDirtyPeriods(rt)).rejects.toThrow(/refused by the test/);
      expect(await marks()).toEqual(['2026Q2']);
    } finally {
      await sql`drop trigger test_refuse_quarter on assessment_periods`.execute(rt.owner);
      await sql`drop function test_refuse_quarter()`.execute(rt.owner);
    }
    const again = await recomputeDirtyPeriods(rt);
    expect(again.recomputed).toContain(`${t.tenantId}:2026Q2`);
    expect(again.recomputed).not.toContain(`${t.tenantId}:2026`);
    expect(await marks()).toEqual([]);
  });
});
