import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { insertMatter, multipartBody, PNG_1PX } from '../../../test/files-fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
const s: Record<string, Session> = {};

const inspect = (who: string, matterId: number, payload: Record<string, unknown>) => app.inject({ method: 'POST', url: `/api/matters/${matterId}/inspections`, headers: as(s[who]!), payload });
const visit = (extra: Record<string, unknown> = {}) => ({
  inspectedAt: '2026-11-20T09:30:00+08:00',
  location: '五里堡街道航海路施工现场',
  lat: 34.7272,
  lng: 113.6401,
  accuracy: 12.5,
  finding: 'confirms',
  notes: '',
  ...extra,
});

/** A matter whose street unit has reported 100% and asked to close it (申请办结). */
async function awaitingReview() {
  const id = await insertMatter(rt, t, { status: 'completion_requested' });
  await rt.db.insertInto('progress_reports').values({ tenant_id: t.tenantId, matter_id: id, unit_id: t.units.street, reporter_account_id: t.accounts.t1liaison!, reporter_name: '联络员小张', progress: 100, text: '道路已全部完工' }).execute();
  await rt.db.insertInto('completion_requests').values({ tenant_id: t.tenantId, matter_id: id, unit_id: t.units.street, requested_by: t.accounts.t1liaison!, evidence: '已完工', status: 'pending' }).execute();
  return id;
}

describe('field inspections (现场督查)', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    t = await seedTenant(rt, 't1');
    await rt.db.updateTable('accounts').set({ roles: ['handler', 'inspector'] }).where('id', '=', t.accounts.t1handler!).execute();
    app = await testApp(rt);
    for (const u of ['t1dcb', 't1liaison', 't1handler', 't1hliaison']) s[u] = await login(app, u);
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('a dispute returns the pending completion request and tells the liaisons and handlers', async () => {
    const id = await awaitingReview();
    const photo = (await app.inject({ method: 'POST', url: '/api/attachments', ...multipartBody(as(s.t1dcb!), PNG_1PX, '现场.png') })).json();
    const res = await inspect('t1dcb', id, visit({ finding: 'disputes', unannounced: true, notes: '路面尚未硬化，与汇报“全部完工”不符', attachmentIds: [photo.id] }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ finding: 'disputes', unannounced: true, returnedCompletion: true, inspectors: ['王督查'], lat: 34.7272, accuracy: 12.5, recordedBy: '王督查' });
    expect(res.json().attachments.map((a: { id: number }) => a.id)).toEqual([photo.id]);

    const matter = await rt.db.selectFrom('matters').select(['status', 'return_count', 'completion_requested_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(matter).toEqual({ status: 'in_progress', return_count: 1, completion_requested_at: null });
    const cr = await rt.db.selectFrom('completion_requests').select(['status', 'decision_note']).where('matter_id', '=', id).executeTakeFirstOrThrow();
    expect(cr).toEqual({ status: 'returned', decision_note: '现场督查与汇报不符' });
    const units = await rt.db.selectFrom('matter_units').select('status').where('matter_id', '=', id).execute();
    expect(units.every((u) => u.status === 'signed')).toBe(true);
    const report = await rt.db.selectFrom('progress_reports').select('disputed_at').where('matter_id', '=', id).executeTakeFirstOrThrow();
    expect(report.disputed_at).not.toBeNull();

    const owed = await rt.db
      .selectFrom('outbox')
      .innerJoin('outbox_recipients as r', 'r.outbox_id', 'outbox.id')
      .select(['outbox.kind', 'r.person_id'])
      .where('outbox.matter_id', '=', id)
      .execute();
    expect(owed.every((o) => o.kind === 'inspection.disputed')).toBe(true);
    expect(owed.map((o) => o.person_id).sort()).toEqual([t.people.liaison, t.people.handler, t.people.housingLiaison].sort());
    const traces = await rt.db.selectFrom('trace').select('action').where('tenant_id', '=', t.tenantId).where('action', 'in', ['inspection.create', 'inspection.return']).execute();
    expect(traces.map((r) => r.action).sort()).toEqual(['inspection.create', 'inspection.return']);

    const list = await app.inject({ url: `/api/matters/${id}/inspections`, headers: as(s.t1liaison!) });
    expect(list.json().items).toHaveLength(1);
    expect(list.json().items[0].returnedCompletion).toBe(true);
  });

  it('a confirming visit changes nothing and owes nobody a message', async () => {
    const id = await awaitingReview();
    const res = await inspect('t1dcb', id, visit());
    expect(res.json().returnedCompletion).toBe(false);
    expect((await rt.db.selectFrom('matters').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('completion_requested');
    expect(await rt.db.selectFrom('outbox').select('id').where('matter_id', '=', id).execute()).toEqual([]);
  });

  it('is for the office and inspectors (who may visit any unit’s site), on open matters, with sound input', async () => {
    const edu = await insertMatter(rt, t, { leadUnitId: t.units.edu });
    expect((await inspect('t1liaison', edu, visit())).statusCode).toBe(403);
    const byInspector = await inspect('t1handler', edu, visit({ finding: 'problem', notes: '现场无施工人员' }));
    expect(byInspector.statusCode).toBe(200);
    expect(byInspector.json().inspectors).toEqual(['承办人小李']);
    const closed = await insertMatter(rt, t, { status: 'closed' });
    expect((await inspect('t1dcb', closed, visit())).json().error).toBe('invalid_transition');
    expect((await inspect('t1dcb', edu, visit({ lng: null }))).statusCode).toBe(400);
    expect((await inspect('t1dcb', edu, visit({ finding: 'maybe' }))).statusCode).toBe(400);
    expect((await inspect('t1dcb', edu, visit({ inspectedAt: '2026-12-30T09:00:00+08:00' }))).json().error).toBe('validation_failed');
    const theirs = (await app.inject({ method: 'POST', url: '/api/attachments', ...multipartBody(as(s.t1liaison!), PNG_1PX, 'x.png') })).json();
    expect((await inspect('t1dcb', edu, visit({ attachmentIds: [theirs.id] }))).json().error).toBe('attachment_not_available');
    expect((await inspect('t1dcb', 987654, visit())).statusCode).toBe(404);
  });

  it('groups inspections into campaigns (督查活动)', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/inspection-campaigns', headers: as(s.t1dcb!), payload: { name: '第四季度重点项目暗访', startDate: '2026-11-01', endDate: '2026-12-31' } });
    expect(created.statusCode).toBe(200);
    const c = created.json();
    const bad = await app.inject({ method: 'POST', url: '/api/inspection-campaigns', headers: as(s.t1dcb!), payload: { name: 'x', startDate: '2026-12-01', endDate: '2026-11-01' } });
    expect(bad.statusCode).toBe(400);
    const id = await insertMatter(rt, t);
    await inspect('t1dcb', id, visit({ campaignId: c.id, finding: 'disputes' }));
    expect((await inspect('t1dcb', id, visit({ campaignId: 999 }))).json().error).toBe('campaign_not_found');
    const one = await app.inject({ url: `/api/inspection-campaigns/${c.id}`, headers: as(s.t1dcb!) });
    expect(one.json()).toMatchObject({ name: '第四季度重点项目暗访', inspectionCount: 1, disputedCount: 1 });
    expect(one.json().inspections[0].campaignName).toBe('第四季度重点项目暗访');
    const list = await app.inject({ url: '/api/inspection-campaigns', headers: as(s.t1dcb!) });
    expect(list.json().items.map((x: { id: number }) => x.id)).toContain(c.id);
    expect((await app.inject({ url: '/api/inspection-campaigns', headers: as(s.t1liaison!) })).statusCode).toBe(403);
  });
});
