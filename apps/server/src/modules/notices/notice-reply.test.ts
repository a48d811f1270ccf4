import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { insertMatter, multipartBody, PNG_1PX } from '../../../test/files-fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { enqueue } from '../outbox/outbox.service';
import { pendingOfficeReminders } from '../warnings/sweep.office';
import { loadTenantRules } from '../warnings/tenant-rules';

// Issue 12, item 10: a 督查通知单 that asks for a written reply (书面报送) by a date takes the reply of each unit
// it was sent to (text and files), shows it to the office, and reminds a unit that has not replied.

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
const s: Record<string, Session> = {};

const post = (who: string, url: string, payload: Record<string, unknown> = {}) => app.inject({ method: 'POST', url, headers: as(s[who]!), payload });
const issue = async (matterId: number) => {
  const res = await post('dcb', `/api/matters/${matterId}/notices`, {
    title: '关于加快推进的督查通知',
    body: '请加快推进，并书面报送落实情况。',
    replyBy: '2026-11-27',
    recipients: [{ personId: t.people.head, roleLabel: '党工委书记' }, { personId: t.people.housingLiaison }],
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { id: number };
};
const owedAt = async (iso: string) => {
  const rules = new Map([[t.tenantId, await loadTenantRules(rt.db, t.tenantId, {})]]);
  const owed = await pendingOfficeReminders(rt.db, new Date(iso), rules, async () => [t.people.supervisor]);
  return owed.filter((o) => o.kind.startsWith('notice.reply'));
};

describe('written replies to a notice (书面报送)', () => {
  let matterId: number;
  beforeAll(async () => {
    rt = await createTestRuntime({ at: '2026-11-20T02:00:00Z' });
    t = await seedTenant(rt, 'r1');
    app = await testApp(rt);
    for (const u of ['dcb', 'head', 'liaison', 'handler', 'hliaison']) s[u] = await login(app, `r1${u}`);
    matterId = await insertMatter(rt, t, { coUnitIds: [t.units.housing] });
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('takes the reply of a recipient unit’s liaison, with files, and shows it to the office, traced', async () => {
    const n = await issue(matterId);
    const file = (await app.inject({ method: 'POST', url: '/api/attachments', ...multipartBody(as(s.liaison!), PNG_1PX, '现场照片.png', 'image/png') })).json() as { id: number };
    const res = await post('liaison', `/api/notices/${n.id}/replies`, { body: '已组织力量加快施工，预计 12 月底完工。', attachmentIds: [file.id] });
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    expect(view.replies).toHaveLength(1);
    expect(view.replies[0]).toMatchObject({ unitId: t.units.street, unitName: '五里堡街道办事处', body: '已组织力量加快施工，预计 12 月底完工。', submittedBy: 'r1liaison', submittedAt: '2026-11-20T02:00:00.000Z' });
    expect(view.replies[0].attachments.map((a: { fileName: string }) => a.fileName)).toEqual(['现场照片.png']);
    expect(view.replyUnits).toEqual([
      { unitId: t.units.housing, unitName: '区住建局', repliedAt: null },
      { unitId: t.units.street, unitName: '五里堡街道办事处', repliedAt: '2026-11-20T02:00:00.000Z' },
    ].sort((a, b) => a.unitId - b.unitId));

    // The office reads it on the matter page, with the file it can download.
    const page = (await app.inject({ url: `/api/matters/${matterId}`, headers: as(s.dcb!) })).json();
    const onPage = page.notices.find((x: { id: number }) => x.id === n.id);
    expect(onPage.replies[0]).toMatchObject({ unitName: '五里堡街道办事处', body: '已组织力量加快施工，预计 12 月底完工。' });
    expect(onPage.replies[0].attachments).toHaveLength(1);
    expect(onPage.canReply).toBe(false);
    expect((await app.inject({ url: onPage.replies[0].attachments[0].url, headers: as(s.dcb!) })).statusCode).toBe(200);
    const mine = (await app.inject({ url: `/api/matters/${matterId}`, headers: as(s.head!) })).json();
    expect(mine.notices.find((x: { id: number }) => x.id === n.id).canReply).toBe(true);

    const trace = await rt.db.selectFrom('trace').select('after').where('action', '=', 'notice.reply').where('entity_id', '=', String(n.id)).executeTakeFirstOrThrow();
    expect(JSON.stringify(trace.after)).toContain('现场照片.png');
    const told = await rt.db.selectFrom('outbox').innerJoin('outbox_recipients', 'outbox_recipients.outbox_id', 'outbox.id').select(['outbox.kind', 'outbox_recipients.person_id']).where('outbox.kind', '=', 'notice.replied').execute();
    expect(told).toEqual([{ kind: 'notice.replied', person_id: t.people.supervisor }]);
  });

  it('refuses others, and bad input, with stable codes and Chinese messages', async () => {
    const n = await issue(matterId);
    const handler = await post('handler', `/api/notices/${n.id}/replies`, { body: '承办人报送' });
    expect(handler.statusCode).toBe(403);
    expect(handler.json().error).toBe('not_notice_reply_unit');
    const office = await post('dcb', `/api/notices/${n.id}/replies`, { body: '督查办报送' });
    expect(office.json().error).toBe('not_notice_reply_unit');
    const empty = await post('head', `/api/notices/${n.id}/replies`, { body: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('请填写报送内容');
    const missing = await post('head', `/api/notices/${n.id}/replies`, {});
    expect(missing.statusCode).toBe(400);
    const tooMany = await post('head', `/api/notices/${n.id}/replies`, { body: '附件太多', attachmentIds: Array.from({ length: 21 }, (_, i) => i + 1) });
    expect(tooMany.statusCode).toBe(400);
    const someoneElses = await post('head', `/api/notices/${n.id}/replies`, { body: '别人的附件', attachmentIds: [987654] });
    expect(someoneElses.json().error).toBe('attachment_not_available');
    expect((await post('head', '/api/notices/999999/replies', { body: '不存在' })).json().error).toBe('notice_not_found');
  });

  it('reminds a unit that has not replied the working day before the date, and again once it has passed', async () => {
    const other = await insertMatter(rt, t, { coUnitIds: [t.units.housing] });
    const n = await issue(other);
    expect((await post('head', `/api/notices/${n.id}/replies`, { body: '街道已报送' })).statusCode).toBe(200);

    expect((await owedAt('2026-11-25T02:00:00Z')).filter((o) => o.eventKey.includes(`:${n.id}:`))).toEqual([]);
    const due = (await owedAt('2026-11-26T02:00:00Z')).filter((o) => o.eventKey.includes(`:${n.id}:`));
    expect(due.map((o) => [o.kind, o.personIds])).toEqual([['notice.reply_due', [t.people.housingLiaison]]]);
    expect(due[0]!.body).toContain('区住建局尚未报送');
    for (const o of due) await enqueue(rt.db, o);
    expect((await owedAt('2026-11-27T02:00:00Z')).filter((o) => o.eventKey.includes(`:${n.id}:`))).toEqual([]);

    const late = (await owedAt('2026-11-30T02:00:00Z')).filter((o) => o.eventKey.includes(`:${n.id}:`));
    expect(late.map((o) => [o.kind, o.personIds])).toEqual([['notice.reply_overdue', [t.people.housingLiaison, t.people.supervisor]]]);
    expect(late[0]!.title).toMatch(/^【通知单逾期未回复】测督通〔2026〕\d+号$/);
    for (const o of late) await enqueue(rt.db, o);
    expect((await owedAt('2026-12-01T02:00:00Z')).filter((o) => o.eventKey.includes(`:${n.id}:`))).toEqual([]);
  });

  it('takes no reply once the notice closed with its matter', async () => {
    const closing = await insertMatter(rt, t);
    const n = await issue(closing);
    await rt.db.updateTable('matters').set({ status: 'closed', closed_at: rt.clock.now() }).where('id', '=', closing).execute();
    expect((await post('dcb', `/api/matters/${closing}/archive`)).statusCode).toBe(200);
    const res = await post('head', `/api/notices/${n.id}/replies`, { body: '归档后报送' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe('notice_closed');
    expect(res.json().message).toContain('已随事项归档或撤销而关闭');
    expect((await owedAt('2026-11-30T02:00:00Z')).filter((o) => o.eventKey.includes(`:${n.id}:`))).toEqual([]);
  });
});
