import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { multipartBody, PNG_1PX } from '../../../test/files-fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
const s: Record<string, Session> = {};

type Json = Record<string, unknown> & { id: number; version: number; status: string };

const post = async (who: string, url: string, payload: unknown = {}) => app.inject({ method: 'POST', url, headers: as(s[who]!), payload: payload as object });
const get = async (who: string, url: string) => app.inject({ url, headers: as(s[who]!) });
const detail = async (who: string, id: number): Promise<Json> => (await get(who, `/api/matters/${id}`)).json();

function base(extra: Record<string, unknown> = {}) {
  return { title: '老旧小区改造加装电梯', content: '年内完成 20 部电梯加装', source: 'superior', leadUnitId: t.units.street, coUnitIds: [t.units.housing], startDate: '2026-03-02', deadline: '2026-06-30', ...extra };
}

async function create(extra: Record<string, unknown> = {}): Promise<Json> {
  const res = await post('dcb', '/api/matters', base(extra));
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const NAMES: Record<string, string> = { dcb: 'h1dcb', liaison: 'h1liaison', handler: 'h1handler', hliaison: 'h1hliaison', shuji: 'h1shuji', deputy: 'h1deputy', other: 'h2dcb', admin: 'h1admin' };

/** Moves time on; sessions idle that long expire, so everyone signs in again. */
async function advance(ms: number) {
  rt.clock.advance(ms);
  for (const [k, u] of Object.entries(NAMES)) s[k] = await login(app, u);
}

async function outboxKinds(matterId: number) {
  return rt.db
    .selectFrom('outbox as o')
    .innerJoin('outbox_recipients as r', 'r.outbox_id', 'o.id')
    .select(['o.kind', 'r.person_id'])
    .where('o.matter_id', '=', matterId)
    .orderBy('o.id')
    .orderBy('r.person_id')
    .execute();
}

describe('matters over HTTP', () => {
  beforeAll(async () => {
    rt = await createTestRuntime({ at: '2026-03-02T02:00:00Z' });
    t = await seedTenant(rt, 'h1');
    await seedTenant(rt, 'h2');
    app = await testApp(rt);
    for (const [k, u] of Object.entries(NAMES)) s[k] = await login(app, u);
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('runs the whole lifecycle: 立项 → 交办 → 签收 → 汇报 → 延期 → 申请办结 → 退回 → 办结 → 评价 → 归档', async () => {
    const m = await create({ handlerIds: [t.people.handler], milestones: [{ date: '2026-04-30', plannedProgress: 40, description: '完成设计' }], leadLeaderId: t.people.deputy });
    expect(m.number).toMatch(/^测督〔2026〕\d+号$/);
    expect(m.status).toBe('registered');
    expect(m.allowedActions).toEqual(expect.arrayContaining(['edit', 'assign', 'cancel', 'decompose']));

    // Signing before 交办 is refused with the allowed actions listed.
    const early = await post('liaison', `/api/matters/${m.id}/sign`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toBe('invalid_transition');
    expect(early.json().details.allowedActions).toEqual([]);

    const assigned = await post('dcb', `/api/matters/${m.id}/assign`, { version: m.version, note: '请抓紧' });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json().status).toBe('assigned');
    const ob = await outboxKinds(m.id);
    expect(ob.filter((o) => o.kind === 'matter.assigned').map((o) => o.person_id)).toEqual(expect.arrayContaining([t.people.liaison, t.people.housingLiaison, t.people.handler]));

    // A unit reports only after signing (unit-level state).
    const unsigned = await post('hliaison', `/api/matters/${m.id}/reports`, { progress: 10, text: '开始' });
    expect(unsigned.statusCode).toBe(409);
    expect(unsigned.json().details.allowedActions).toEqual(expect.arrayContaining(['sign']));

    const signed = await post('liaison', `/api/matters/${m.id}/sign`);
    expect(signed.json().status).toBe('in_progress');
    expect(signed.json().units.find((u: { unitId: number }) => u.unitId === t.units.street).status).toBe('signed');
    expect((await post('hliaison', `/api/matters/${m.id}/sign`)).statusCode).toBe(200);

    await advance(86_400_000);
    // A file that is not the reporter's own unattached upload is refused, and the report is not written.
    const foreign = await post('handler', `/api/matters/${m.id}/reports`, { progress: 60, text: '完成 12 部', attachmentIds: [987654] });
    expect(foreign.statusCode, foreign.body).toBe(409);
    expect(foreign.json().error).toBe('attachment_not_available');
    // … and so is a real upload of somebody else's (here the office's): it could otherwise be read through the matter.
    const theirs = (await app.inject({ method: 'POST', url: '/api/attachments', ...multipartBody(as(s.dcb!), PNG_1PX, 'office.png') })).json();
    const stolen = await post('handler', `/api/matters/${m.id}/reports`, { progress: 60, text: '完成 12 部', attachmentIds: [theirs.id] });
    expect(stolen.statusCode, stolen.body).toBe(409);
    expect(stolen.json().error).toBe('attachment_not_available');
    const r1 = await post('handler', `/api/matters/${m.id}/reports`, { progress: 60, text: '完成 12 部' });
    expect(r1.statusCode, r1.body).toBe(200);
    expect(r1.json().progress).toBe(30);
    await post('hliaison', `/api/matters/${m.id}/reports`, { progress: 40, text: '审批完成' });
    const d = await detail('dcb', m.id);
    expect(d.progress).toBe(50);
    expect((d.reports as unknown[]).length).toBe(2);
    expect((d.milestones as { reached: boolean }[])[0]?.reached).toBe(true);
    // … and stored as reached when the report raised the progress past it (not only inferred from the %).
    const stored = await rt.db.selectFrom('milestones').select('reached_at').where('matter_id', '=', m.id).executeTakeFirstOrThrow();
    expect(stored.reached_at).not.toBeNull();
    expect((d.progressSeries as { date: string; actual: number | null }[]).find((p) => p.date === '2026-03-03')?.actual).toBe(50);

    const ext = await post('liaison', `/api/matters/${m.id}/extensions`, { requestedDeadline: '2026-07-31', reason: '汛期停工' });
    expect(ext.statusCode, ext.body).toBe(200);
    const eid = (ext.json().extensions as { id: number }[])[0]!.id;
    const decided = await post('dcb', `/api/matters/${m.id}/extensions/${eid}/decision`, { approve: true, note: '同意' });
    expect(decided.json().deadline).toBe('2026-07-31');
    expect(decided.json().originalDeadline).toBe('2026-06-30');
    expect((await outboxKinds(m.id)).some((o) => o.kind === 'matter.extension_decided' && o.person_id === t.people.liaison)).toBe(true);

    // 同时办结: the matter waits for review only when every unit asked.
    const c1 = await post('liaison', `/api/matters/${m.id}/completion`, { evidence: '已全部完成' });
    expect(c1.json().status).toBe('in_progress');
    const c2 = await post('hliaison', `/api/matters/${m.id}/completion`, { evidence: '配合完成' });
    expect(c2.json().status).toBe('completion_requested');
    expect((await outboxKinds(m.id)).some((o) => o.kind === 'matter.completion_requested' && o.person_id === t.people.supervisor)).toBe(true);

    const returned = await post('dcb', `/api/matters/${m.id}/return`, { reason: '缺少验收材料', unitIds: [t.units.street] });
    expect(returned.json().status).toBe('in_progress');
    expect(returned.json().returnCount).toBe(1);
    expect((await outboxKinds(m.id)).filter((o) => o.kind === 'matter.returned').map((o) => o.person_id)).toEqual(expect.arrayContaining([t.people.liaison, t.people.handler]));
    await post('liaison', `/api/matters/${m.id}/completion`, { evidence: '补充验收材料' });
    const closed = await post('dcb', `/api/matters/${m.id}/completion/accept`, { note: '同意办结' });
    expect(closed.json().status).toBe('closed');
    expect(closed.json().progress).toBe(100);
    expect(closed.json().allowedActions).toEqual(expect.arrayContaining(['rate', 'archive']));

    expect((await post('dcb', `/api/matters/${m.id}/rate`, { rating: 5, comment: '群众满意' })).json().rating).toBe(5);
    const archived = await post('dcb', `/api/matters/${m.id}/archive`);
    expect(archived.json().status).toBe('archived');
    const cancel = await post('dcb', `/api/matters/${m.id}/cancel`, { reason: 'x' });
    expect(cancel.statusCode).toBe(409);
    expect(cancel.json().details).toMatchObject({ action: 'cancel', status: 'archived', allowedActions: [] });

    const trace = await rt.db.selectFrom('trace').select('action').where('entity_type', '=', 'matter').where('entity_id', '=', String(m.id)).orderBy('seq').execute();
    expect(trace.map((x) => x.action)).toEqual([
      'matter.create',
      'matter.assign',
      'matter.sign',
      'matter.sign',
      'matter.report',
      'matter.report',
      'matter.extension_request',
      'matter.extension_decide',
      'matter.completion_request',
      'matter.completion_request',
      'matter.return',
      'matter.completion_request',
      'matter.complete',
      'matter.rate',
      'matter.archive',
    ]);
  });

  it('refuses office-only actions to units (403) and unit actions to the office', async () => {
    const m = await create();
    expect((await post('liaison', `/api/matters/${m.id}/assign`, { version: m.version })).statusCode).toBe(403);
    await post('dcb', `/api/matters/${m.id}/assign`, { version: m.version });
    expect((await post('dcb', `/api/matters/${m.id}/sign`)).statusCode).toBe(403);
    const reject = await post('dcb', `/api/matters/${m.id}/completion/accept`);
    expect(reject.statusCode).toBe(409);
    expect(reject.json().details.allowedActions).toEqual(expect.arrayContaining(['urge', 'cancel']));
  });

  it('urges by hand: an outbox message to the units’ liaisons and handlers, recorded in urges', async () => {
    const m = await create({ handlerIds: [t.people.handler] });
    await post('dcb', `/api/matters/${m.id}/assign`, { version: m.version });
    const urged = await post('shuji', `/api/matters/${m.id}/urges`, { message: '请本周内汇报' });
    expect(urged.statusCode, urged.body).toBe(200);
    expect((urged.json().urges as { message: string }[])[0]?.message).toBe('请本周内汇报');
    const rows = (await outboxKinds(m.id)).filter((o) => o.kind === 'matter.urged').map((o) => o.person_id);
    expect(rows.sort()).toEqual([t.people.liaison, t.people.handler, t.people.housingLiaison].sort());
    expect((await post('liaison', `/api/matters/${m.id}/urges`, {})).statusCode).toBe(403);
  });

  it('keeps data in scope: units, leaders, the office, and never another tenant (404)', async () => {
    const edu = await create({ title: '教育局事项', leadUnitId: t.units.edu, coUnitIds: [] });
    expect((await get('liaison', `/api/matters/${edu.id}`)).statusCode).toBe(404);
    expect((await get('shuji', `/api/matters/${edu.id}`)).statusCode).toBe(200);
    expect((await get('deputy', `/api/matters/${edu.id}`)).statusCode).toBe(404);
    const led = await create({ title: '副区长牵头', leadUnitId: t.units.edu, coUnitIds: [], leadLeaderId: t.people.deputy });
    expect((await get('deputy', `/api/matters/${led.id}`)).statusCode).toBe(200);
    expect((await get('other', `/api/matters/${edu.id}`)).statusCode).toBe(404);
    expect((await post('other', `/api/matters/${edu.id}/urges`, {})).statusCode).toBe(404);
    const list = (await get('liaison', '/api/matters?pageSize=200')).json();
    expect(list.items.every((i: { title: string }) => i.title !== '教育局事项')).toBe(true);
    expect((await get('other', '/api/matters')).json().total).toBe(0);
    expect((await get('admin', '/api/matters')).statusCode).toBe(403);
  });

  it('gives the second of two concurrent editors 409 version_conflict and keeps the first edit', async () => {
    const m = await create();
    const first = await app.inject({ method: 'PUT', url: `/api/matters/${m.id}`, headers: as(s.dcb!), payload: { ...base({ title: '第一次修改' }), version: m.version } });
    expect(first.statusCode, first.body).toBe(200);
    const second = await app.inject({ method: 'PUT', url: `/api/matters/${m.id}`, headers: as(s.dcb!), payload: { ...base({ title: '第二次修改' }), version: m.version } });
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toBe('version_conflict');
    expect((await detail('dcb', m.id)).title).toBe('第一次修改');
  });

  it('answers bad input with 400 naming the field, in Chinese', async () => {
    const bad = async (payload: Record<string, unknown>, field: string) => {
      const res = await post('dcb', '/api/matters', base(payload));
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error).toBe('validation_failed');
      expect(res.json().details.map((d: { field: string }) => d.field)).toContain(field);
      expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
    };
    await bad({ deadline: '2026-01-01' }, 'deadline');
    await bad({ milestones: [{ date: '2026-08-01', plannedProgress: 50 }] }, 'milestones.0.date');
    await bad({ milestones: [{ date: '2026-04-01', plannedProgress: 150 }] }, 'milestones.0.plannedProgress');
    await bad({ leadUnitId: 999999 }, 'leadUnitId');
    await bad({ coUnitIds: [999998] }, 'coUnitIds');
    await bad({ handlerIds: [999997] }, 'handlerIds.0');
    await bad({ leadLeaderId: 999996 }, 'leadLeaderId');
    await bad({ title: '   ' }, 'title');
    const m = await create();
    await post('dcb', `/api/matters/${m.id}/assign`, { version: m.version });
    await post('liaison', `/api/matters/${m.id}/sign`);
    const pct = await post('liaison', `/api/matters/${m.id}/reports`, { progress: 101, text: 'x' });
    expect(pct.statusCode).toBe(400);
    const child = await post('dcb', `/api/matters/${m.id}/children`, base({ title: '子事项', deadline: '2026-07-30' }));
    expect(child.statusCode).toBe(400);
    expect(child.json().details[0].field).toBe('deadline');
  });

  it('counts "N 个工作日" through the working-day calendar and marks uncovered years provisional', async () => {
    const m = await create({ startDate: '2026-09-30', deadline: null, deadlineWorkdays: 3 });
    expect(m.deadline).toBe('2026-10-10'); // 国庆 1–7 off, 10-10 is a make-up Saturday
    expect(m.deadlineProvisional).toBe(false);
    const later = await create({ startDate: '2027-03-01', deadline: null, deadlineWorkdays: 10 });
    expect(later.deadlineProvisional).toBe(true);
  });

  it('decomposes into sub-matters whose progress rolls up to the parent by weight', async () => {
    const parent = await create({ title: '重点项目' });
    const a = (await post('dcb', `/api/matters/${parent.id}/children`, base({ title: '子一', coUnitIds: [], weight: 1, deadline: '2026-05-30' }))).json();
    const b = (await post('dcb', `/api/matters/${parent.id}/children`, base({ title: '子二', coUnitIds: [], weight: 3, deadline: '2026-05-30' }))).json();
    expect(a.parent.id).toBe(parent.id);
    for (const c of [a, b]) {
      await post('dcb', `/api/matters/${c.id}/assign`, { version: c.version });
      await post('liaison', `/api/matters/${c.id}/sign`);
    }
    await post('liaison', `/api/matters/${a.id}/reports`, { progress: 100, text: '完成' });
    await post('liaison', `/api/matters/${b.id}/reports`, { progress: 20, text: '推进' });
    const p = await detail('dcb', parent.id);
    expect(p.progress).toBe(40); // (100×1 + 20×3) / 4
    expect((p.children as unknown[]).length).toBe(2);
    expect(p.childCount).toBe(2);
  });

  it('shows each role its workbench', async () => {
    const m = await create();
    await post('dcb', `/api/matters/${m.id}/assign`, { version: m.version });
    const wb = (await get('liaison', '/api/workbench')).json();
    const toSign = wb.sections.find((x: { key: string }) => x.key === 'to_sign');
    expect(toSign.count).toBeGreaterThan(0);
    expect(toSign.items.some((i: { matterId: number }) => i.matterId === m.id)).toBe(true);
    await post('liaison', `/api/matters/${m.id}/sign`);
    await post('hliaison', `/api/matters/${m.id}/sign`);
    await post('liaison', `/api/matters/${m.id}/extensions`, { requestedDeadline: '2026-09-30', reason: '资金未到位' });
    const office = (await get('dcb', '/api/workbench')).json();
    const ext = office.sections.find((x: { key: string }) => x.key === 'to_approve_extension');
    expect(ext.items.some((i: { matterId: number; note: string }) => i.matterId === m.id && i.note.includes('2026-09-30'))).toBe(true);
    const notice = await rt.db
      .insertInto('notices')
      .values({ tenant_id: t.tenantId, matter_id: m.id, year: 2026, seq: 901, number: '测督通〔2026〕901号', title: '督查通知单', body: '请按期办结' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await rt.db.insertInto('notice_recipients').values({ tenant_id: t.tenantId, notice_id: notice.id, person_id: t.people.liaison }).execute();
    const notices = (await get('liaison', '/api/workbench')).json().sections.find((x: { key: string }) => x.key === 'notices_to_acknowledge');
    expect(notices.items.map((i: { refId: number }) => i.refId)).toContain(notice.id);
    expect((await get('dcb', '/api/workbench')).json().sections.find((x: { key: string }) => x.key === 'notices_to_acknowledge').count).toBe(0);
    await advance(20 * 86_400_000);
    const later = (await get('liaison', '/api/workbench')).json();
    expect(later.sections.find((x: { key: string }) => x.key === 'to_report').items.some((i: { matterId: number }) => i.matterId === m.id)).toBe(true);
  });

  it('manages the category dictionary', async () => {
    const created = await post('dcb', '/api/categories', { name: '营商环境', sort: 50 });
    expect(created.statusCode).toBe(200);
    expect((await post('dcb', '/api/categories', { name: '营商环境' })).statusCode).toBe(409);
    const list = (await get('liaison', '/api/categories')).json().items;
    expect(list.map((c: { name: string }) => c.name)).toContain('营商环境');
    const used = await create({ categoryId: t.categories['民生实事'] });
    expect(used.categoryName).toBe('民生实事');
    const del = await app.inject({ method: 'DELETE', url: `/api/categories/${t.categories['民生实事']}`, headers: as(s.dcb!) });
    expect(del.statusCode).toBe(409);
    expect((await app.inject({ method: 'DELETE', url: `/api/categories/${created.json().id}`, headers: as(s.dcb!) })).statusCode).toBe(200);
    expect((await post('liaison', '/api/categories', { name: '不行' })).statusCode).toBe(403);
  });
});
