import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';

// Issue 12, items 8 and 9: offer an action only when it can succeed, say why not, and who may do what.

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
const s: Record<string, Session> = {};

type Detail = { id: number; version: number; number: string; status: string; allowedActions: string[]; blockedActions: { action: string; code: string; message: string }[] };

const post = (who: string, url: string, payload: unknown = {}) => app.inject({ method: 'POST', url, headers: as(s[who]!), payload: payload as object });
const detail = async (who: string, id: number): Promise<Detail> => (await app.inject({ url: `/api/matters/${id}`, headers: as(s[who]!) })).json();

const base = (extra: Record<string, unknown> = {}) => ({ title: '背街小巷整治', content: '完成 12 条背街小巷整治', source: 'superior', leadUnitId: t.units.street, startDate: '2026-03-02', deadline: '2026-06-30', ...extra });

/** A matter registered, assigned and signed for by the street office's liaison. */
async function signedMatter(extra: Record<string, unknown> = {}): Promise<Detail> {
  const m: Detail = (await post('dcb', '/api/matters', base(extra))).json();
  expect((await post('dcb', `/api/matters/${m.id}/assign`, { version: m.version })).statusCode).toBe(200);
  expect((await post('liaison', `/api/matters/${m.id}/sign`)).statusCode).toBe(200);
  return detail('dcb', m.id);
}

describe('actions offered only when they can succeed', () => {
  beforeAll(async () => {
    rt = await createTestRuntime({ at: '2026-03-02T02:00:00Z' });
    t = await seedTenant(rt, 'a1');
    app = await testApp(rt);
    for (const [k, u] of Object.entries({ dcb: 'a1dcb', liaison: 'a1liaison', handler: 'a1handler', head: 'a1head', hliaison: 'a1hliaison' })) s[k] = await login(app, u);
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('offers 审批延期 to the office only while an extension request waits', async () => {
    const m = await signedMatter();
    expect(m.allowedActions).not.toContain('decide_extension');
    expect(m.allowedActions).toEqual(expect.arrayContaining(['urge', 'edit']));
    const ext = await post('liaison', `/api/matters/${m.id}/extensions`, { requestedDeadline: '2026-07-31', reason: '汛期停工' });
    expect(ext.statusCode, ext.body).toBe(200);
    expect((await detail('dcb', m.id)).allowedActions).toContain('decide_extension');

    // A second request of the same unit is not offered, and refused with its own reason.
    const mine = await detail('liaison', m.id);
    expect(mine.allowedActions).not.toContain('request_extension');
    expect(mine.blockedActions).toEqual([expect.objectContaining({ action: 'request_extension', code: 'extension_already_pending' })]);
    const again = await post('liaison', `/api/matters/${m.id}/extensions`, { requestedDeadline: '2026-08-31', reason: '再次延期' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'extension_already_pending', message: '本单位已有待审批的延期申请，请等待督查办审批' });

    const eid = (ext.json().extensions as { id: number }[])[0]!.id;
    expect((await post('dcb', `/api/matters/${m.id}/extensions/${eid}/decision`, { approve: true })).statusCode).toBe(200);
    const after = await detail('dcb', m.id);
    expect(after.allowedActions).not.toContain('decide_extension');
    const none = await post('dcb', `/api/matters/${m.id}/extensions/${eid}/decision`, { approve: false });
    expect(none.statusCode).toBe(409);
    expect(none.json().error).toBe('no_pending_extension');
  });

  it('does not offer 申请办结 while a sub-matter is open, and refuses it naming the sub-matter, not a stale page', async () => {
    const parent = await signedMatter({ title: '主干道提升' });
    const child = (await post('dcb', `/api/matters/${parent.id}/children`, base({ title: '人行道铺装', deadline: '2026-05-30' }))).json();
    await post('dcb', `/api/matters/${child.id}/assign`, { version: child.version });

    const seen = await detail('liaison', parent.id);
    expect(seen.allowedActions).toContain('report');
    expect(seen.allowedActions).not.toContain('request_completion');
    expect(seen.blockedActions).toEqual([{ action: 'request_completion', code: 'sub_matters_open', message: `子事项尚未全部办结（1 项未办结：${child.number}），不能申请办结` }]);

    const res = await post('liaison', `/api/matters/${parent.id}/completion`, { evidence: '主体完成' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe('sub_matters_open');
    expect(res.json().message).toContain(child.number);

    // Once the sub-matter is closed, the parent may be completed.
    await post('liaison', `/api/matters/${child.id}/sign`);
    await post('liaison', `/api/matters/${child.id}/completion`, { evidence: '完成' });
    await post('dcb', `/api/matters/${child.id}/completion/accept`, {});
    const open = await detail('liaison', parent.id);
    expect(open.allowedActions).toContain('request_completion');
    expect(open.blockedActions).toEqual([]);
    expect((await post('liaison', `/api/matters/${parent.id}/completion`, { evidence: '主体完成' })).statusCode).toBe(200);
  });

  it('lets the handler report, while the liaison (or the unit head) signs, names handlers and asks for time or to finish', async () => {
    const m: Detail = (await post('dcb', '/api/matters', base({ handlerIds: [t.people.handler] }))).json();
    await post('dcb', `/api/matters/${m.id}/assign`, { version: m.version });
    const h = await detail('handler', m.id);
    expect(h.allowedActions).not.toContain('sign');
    expect(h.allowedActions).not.toContain('delegate');
    const refused = await post('handler', `/api/matters/${m.id}/sign`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toBe('“签收”由本单位联络员或单位负责人办理，承办人负责办理和汇报进度');
    expect((await detail('liaison', m.id)).allowedActions).toEqual(expect.arrayContaining(['sign', 'delegate']));
    expect((await detail('head', m.id)).allowedActions).toContain('sign');
    expect((await post('liaison', `/api/matters/${m.id}/sign`)).statusCode).toBe(200);

    const signed = await detail('handler', m.id);
    expect(signed.allowedActions).toContain('report');
    for (const a of ['request_extension', 'request_completion', 'delegate']) expect(signed.allowedActions).not.toContain(a);
    expect((await post('handler', `/api/matters/${m.id}/extensions`, { requestedDeadline: '2026-07-31', reason: '想延期' })).statusCode).toBe(403);
    expect((await post('handler', `/api/matters/${m.id}/completion`, { evidence: '完成' })).statusCode).toBe(403);
    expect((await post('handler', `/api/matters/${m.id}/reports`, { progress: 30, text: '推进中' })).statusCode).toBe(200);

    // The handler's workbench has nothing to sign; the liaison's does.
    const m2: Detail = (await post('dcb', '/api/matters', base({ title: '待签收事项' }))).json();
    await post('dcb', `/api/matters/${m2.id}/assign`, { version: m2.version });
    const section = async (who: string) => {
      const wb = (await app.inject({ url: '/api/workbench', headers: as(s[who]!) })).json() as { sections: { key: string; count: number }[] };
      return wb.sections.find((x) => x.key === 'to_sign')?.count ?? 0;
    };
    expect(await section('handler')).toBe(0);
    expect(await section('liaison')).toBeGreaterThan(0);
  });

  it('lets the office close the part of a co-unit nobody can act for, so the matter can be completed (traced)', async () => {
    // 区教育局 has no people and no accounts: it can never sign nor ask to finish.
    const m = await signedMatter({ coUnitIds: [t.units.edu] });
    expect((await post('liaison', `/api/matters/${m.id}/completion`, { evidence: '本单位完成' })).json().status).toBe('in_progress');
    expect((await detail('dcb', m.id)).allowedActions).toContain('settle_unit');
    expect((await detail('liaison', m.id)).allowedActions).not.toContain('settle_unit');

    const bad = await post('dcb', `/api/matters/${m.id}/units/settle`, { unitId: t.units.edu, mode: 'reassign', reason: '无人办理' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details).toEqual([expect.objectContaining({ field: 'toUnitId', message: '请选择改派给哪个单位' })]);
    expect((await post('dcb', `/api/matters/${m.id}/units/settle`, { unitId: t.units.street, mode: 'close', reason: 'x' })).statusCode).toBe(400);

    const closed = await post('dcb', `/api/matters/${m.id}/units/settle`, { unitId: t.units.edu, mode: 'close', reason: '该单位无在用账号，配合部分已由牵头单位一并完成' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().status).toBe('completion_requested');
    expect(closed.json().allowedActions).toContain('accept_completion');
    expect(closed.json().allowedActions).not.toContain('settle_unit');
    const trace = await rt.db.selectFrom('trace').select(['action', 'after']).where('entity_type', '=', 'matter').where('entity_id', '=', String(m.id)).where('action', '=', 'matter.unit_close').executeTakeFirstOrThrow();
    expect(JSON.stringify(trace.after)).toContain('该单位无在用账号');
    expect((await post('dcb', `/api/matters/${m.id}/completion/accept`, {})).json().status).toBe('closed');
  });

  it('lets the office reassign that part to another unit, whose liaison then signs for it', async () => {
    const m = await signedMatter({ coUnitIds: [t.units.edu] });
    const moved = await post('dcb', `/api/matters/${m.id}/units/settle`, { unitId: t.units.edu, mode: 'reassign', toUnitId: t.units.housing, reason: '职能调整，改由住建局配合' });
    expect(moved.statusCode, moved.body).toBe(200);
    const units = moved.json().units as { unitId: number; status: string; role: string }[];
    expect(units.map((u) => u.unitId).sort()).toEqual([t.units.street, t.units.housing].sort());
    expect(units.find((u) => u.unitId === t.units.housing)).toMatchObject({ status: 'pending', role: 'co' });
    expect((await post('hliaison', `/api/matters/${m.id}/sign`)).statusCode).toBe(200);
    const told = await rt.db.selectFrom('outbox as o').innerJoin('outbox_recipients as r', 'r.outbox_id', 'o.id').select('r.person_id').where('o.matter_id', '=', m.id).where('o.kind', '=', 'matter.assigned').execute();
    expect(told.map((x) => x.person_id)).toContain(t.people.housingLiaison);
    const again = await post('dcb', `/api/matters/${m.id}/units/settle`, { unitId: t.units.housing, mode: 'reassign', toUnitId: t.units.street, reason: '重复' });
    expect(again.statusCode).toBe(400);
    expect(again.json().details[0].message).toBe('该单位已是此事项的责任单位');
  });
});
