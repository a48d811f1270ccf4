import { meetingCreateSchema, meetingUpdateSchema, type MeetingCreateInput } from '@duban/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import type { Actor } from '../../lib/actor';
import { signMatter } from '../matters/matter-flow.service';
import { acceptCompletion, requestCompletion } from '../matters/matter-review.service';
import { completeDecision, listDecisions, reopenDecision } from './decision.service';
import { remindDecisions } from './decision-reminders';
import { insertProblem } from './meeting.fixtures';
import { createMeeting, getMeeting, referProblem, updateMeeting } from './meeting.service';

let rt: TestRuntime;
let t: Awaited<ReturnType<typeof seedTenant>>;
const a: Record<string, Actor> = {};

const joint = (extra: Partial<MeetingCreateInput> = {}) =>
  meetingCreateSchema.parse({
    kind: 'joint',
    title: '第12次城市管理联席会议',
    heldOn: '2026-11-19',
    convenorPersonId: t.people.deputy,
    convenorUnitId: t.units.office,
    minutes: '会议研究了大学路积水问题。',
    units: [{ unitId: t.units.housing }, { unitId: t.units.street }, { unitId: t.units.edu, present: false }],
    decisions: [
      { content: '住建局牵头修复大学路排水管网', unitId: t.units.housing, deadline: '2026-12-10' },
      { content: '街道办做好施工期间交通疏导', unitId: t.units.street, deadline: '2026-11-25' },
    ],
    ...extra,
  });
const outbox = (kind: string) => rt.db.selectFrom('outbox as o').innerJoin('outbox_recipients as r', 'r.outbox_id', 'o.id').select(['o.event_key', 'o.title', 'o.body', 'r.person_id']).where('o.kind', '=', kind).execute();
const traces = (action: string) => rt.db.selectFrom('trace').select(['entity_id', 'after']).where('action', '=', action).execute();

describe('联席会议 and 督查工作例会', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    t = await seedTenant(rt, 't1');
    for (const u of ['t1dcb', 't1liaison', 't1handler', 't1hliaison', 't1shuji', 't1deputy']) a[u] = await t.actor(u);
  });
  afterAll(() => rt.close());

  it('records a joint meeting: units present and absent, a referred problem on its timeline, each unit told of its decision', async () => {
    const problem = await insertProblem(rt, t);
    const m = await createMeeting(rt, a.t1dcb!, joint({ problemIds: [problem], decisions: [...joint().decisions, { content: '住建局书面答复群众', unitId: t.units.housing, deadline: '2026-12-01', problemId: problem }] }));
    expect(m).toMatchObject({ kind: 'joint', present: 2, absent: 1, problems: 1, decisions: 3, done: 0, overdue: 0, convenorUnitName: '区督查办', version: 1, canEdit: true });
    expect(m.referred).toEqual([expect.objectContaining({ id: problem, title: '大学路与航海路交叉口雨后积水', closed: false })]);
    expect(m.items.map((d) => [d.seq, d.unitName, d.colour])).toEqual([
      [1, '区住建局', 'green'],
      [2, '五里堡街道办事处', 'yellow'], // three working days left
      [3, '区住建局', 'green'],
    ]);
    const events = await rt.db.selectFrom('grid_problem_events').select(['action', 'note', 'from_status', 'to_status']).where('problem_id', '=', String(problem)).execute();
    expect(events).toEqual([{ action: 'meeting_referred', note: '提请联席会议“第12次城市管理联席会议”（2026-11-19）研究', from_status: 'dispatched', to_status: 'dispatched' }]);
    const told = await outbox('meeting.decision');
    expect(told.filter((o) => o.person_id === t.people.liaison).map((o) => o.body)).toEqual([expect.stringContaining('街道办做好施工期间交通疏导。由五里堡街道办事处落实，时限 2026-11-25')]);
    expect(told.filter((o) => o.person_id === t.people.housingLiaison)).toHaveLength(2);
    expect((await traces('meeting.create')).map((r) => r.entity_id)).toEqual([String(m.id)]);
  });

  it('shows a unit only its own decisions; its liaison reports one done, the office is told and may send it back', async () => {
    const m = await createMeeting(rt, a.t1dcb!, joint());
    const seen = await getMeeting(rt, a.t1liaison!, m.id);
    expect(seen.items.map((d) => d.content)).toEqual(['街道办做好施工期间交通疏导']);
    expect(seen).toMatchObject({ hiddenDecisions: 1, canEdit: false });
    const own = seen.items[0]!;
    expect(own.canComplete).toBe(true);
    expect((await getMeeting(rt, a.t1handler!, m.id)).items[0]?.canComplete).toBe(false);
    await expect(completeDecision(rt, a.t1handler!, own.id, { result: '已疏导' })).rejects.toMatchObject({ code: 'not_decision_unit' });
    const other = m.items.find((d) => d.unitName === '区住建局')!;
    await expect(completeDecision(rt, a.t1liaison!, other.id, { result: '越权' })).rejects.toMatchObject({ code: 'decision_not_found' });

    const done = await completeDecision(rt, a.t1liaison!, own.id, { result: '已安排专人在路口疏导交通' });
    expect(done).toMatchObject({ status: 'done', colour: null, note: '按期落实', result: '已安排专人在路口疏导交通', doneBy: '联络员小张', canComplete: false });
    await expect(completeDecision(rt, a.t1liaison!, own.id, { result: '再报' })).rejects.toMatchObject({ code: 'invalid_transition' });
    expect((await outbox('meeting.decision_done')).map((o) => o.person_id)).toEqual([t.people.supervisor]);

    await expect(reopenDecision(rt, a.t1liaison!, own.id, { reason: '不行' })).rejects.toMatchObject({ code: 'forbidden' });
    const back = await reopenDecision(rt, a.t1dcb!, own.id, { reason: '现场仍然拥堵' });
    expect(back).toMatchObject({ status: 'open', doneAt: null, canComplete: true }); // the office may also record it done
    expect((await outbox('meeting.decision_reopened')).map((o) => o.person_id)).toEqual([t.people.liaison]);
    expect((await traces('meeting.decision_reopen'))[0]?.after).toMatchObject({ decisionId: own.id, reason: '现场仍然拥堵' });

    const mine = await listDecisions(rt, a.t1liaison!, meetingListDefaults());
    expect(mine.items.every((d) => d.unitName === '五里堡街道办事处')).toBe(true);
    const all = await listDecisions(rt, a.t1dcb!, meetingListDefaults());
    expect(all.items.some((d) => d.unitName === '区住建局')).toBe(true);
  });

  it('colours open decisions like matters and reminds their units before and after the deadline, once each', async () => {
    const m = await createMeeting(rt, a.t1dcb!, joint({ title: '提醒测试会议', decisions: [{ content: '清理河道垃圾', unitId: t.units.street, deadline: '2026-11-25' }] }));
    const id = m.items[0]!.id;
    rt.clock.set('2026-11-23T01:00:00Z'); // Monday: 2 working days left
    try {
      expect((await getMeeting(rt, a.t1dcb!, m.id)).items[0]).toMatchObject({ colour: 'yellow', note: '距时限还有 2 个工作日（时限 2026-11-25）' });
      await remindDecisions(rt);
      await remindDecisions(rt);
      const due = (await outbox('meeting.decision_due')).filter((o) => o.event_key.startsWith(`meeting.decision_due:${id}:`));
      expect(due.map((o) => [o.event_key, o.person_id])).toEqual([[`meeting.decision_due:${id}:t3:2026-11-25`, t.people.liaison]]);
      rt.clock.set('2026-11-27T01:00:00Z'); // Friday: 2 working days late
      expect((await getMeeting(rt, a.t1liaison!, m.id)).items[0]).toMatchObject({ colour: 'red', note: '已逾期 2 个工作日（时限 2026-11-25）' });
      expect((await getMeeting(rt, a.t1dcb!, m.id)).overdue).toBe(1);
      await remindDecisions(rt);
      const late = (await outbox('meeting.decision_overdue')).filter((o) => o.event_key === `meeting.decision_overdue:${id}:2026-11-27`);
      expect(late.map((o) => o.person_id).sort()).toEqual([t.people.supervisor, t.people.liaison].sort());
      expect(late[0]?.body).toContain('已逾期 2 个工作日，请立即落实并报送落实情况');
    } finally {
      rt.clock.set('2026-11-20T02:00:00Z');
    }
  });

  it('edits the record under its version; a done decision stays as it was, an open one may move to another unit', async () => {
    const m = await createMeeting(rt, a.t1dcb!, joint({ title: '修改测试会议' }));
    const [housing, street] = m.items;
    await completeDecision(rt, a.t1liaison!, street!.id, { result: '已落实' });
    const input = (over: Record<string, unknown>) =>
      meetingUpdateSchema.parse({
        title: '修改测试会议（纪要定稿）',
        heldOn: '2026-11-19',
        units: [{ unitId: t.units.housing }],
        decisions: [
          { id: street!.id, content: street!.content, unitId: t.units.street, deadline: street!.deadline },
          { id: housing!.id, content: housing!.content, unitId: t.units.edu, deadline: '2026-12-15' },
        ],
        version: 1,
        ...over,
      });
    const edited = await updateMeeting(rt, a.t1dcb!, m.id, input({}));
    expect(edited).toMatchObject({ title: '修改测试会议（纪要定稿）', version: 2, present: 1, absent: 0 });
    expect(edited.items.map((d) => [d.seq, d.unitName, d.status])).toEqual([
      [1, '五里堡街道办事处', 'done'],
      [2, '区教育局', 'open'],
    ]);
    await expect(updateMeeting(rt, a.t1dcb!, m.id, input({}))).rejects.toMatchObject({ code: 'version_conflict' });
    const settled = updateMeeting(rt, a.t1dcb!, m.id, input({ version: 2, decisions: [{ id: street!.id, content: '改写', unitId: t.units.street, deadline: street!.deadline }] }));
    await expect(settled).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringContaining('第 1 项已落实，不能再修改') });
    const dropped = updateMeeting(rt, a.t1dcb!, m.id, input({ version: 2, decisions: [] }));
    await expect(dropped).rejects.toMatchObject({ message: expect.stringContaining('已落实，不能删除') });
    const bad = updateMeeting(rt, a.t1dcb!, m.id, input({ version: 2, heldOn: '2026-11-21', decisions: [{ content: '新事项', unitId: 99_999, deadline: '2026-11-01' }] }));
    await expect(bad).rejects.toMatchObject({ details: expect.arrayContaining([{ field: 'heldOn', message: '会议日期不能晚于今天（2026-11-20）' }, { field: 'decisions.0.unitId', message: '单位（编号 99999）不存在' }]) });
    await expect(updateMeeting(rt, a.t1liaison!, m.id, input({ version: 2 }))).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('refers a problem once; a closed problem, a missing one and a supervision meeting are refused', async () => {
    const m = await createMeeting(rt, a.t1dcb!, joint({ title: '提请测试会议' }));
    const open = await insertProblem(rt, t);
    const closed = await insertProblem(rt, t, { closed: true });
    expect((await referProblem(rt, a.t1dcb!, m.id, open)).referred.map((p) => p.id)).toEqual([open]);
    expect((await referProblem(rt, a.t1dcb!, m.id, open)).version).toBe(2); // twice changes nothing
    await expect(referProblem(rt, a.t1dcb!, m.id, closed)).rejects.toMatchObject({ message: expect.stringContaining('已结案') });
    await expect(referProblem(rt, a.t1dcb!, m.id, 99_999)).rejects.toMatchObject({ code: 'validation_failed' });
    const sup = await createMeeting(rt, a.t1dcb!, meetingCreateSchema.parse({ kind: 'supervision', title: '督查工作例会', heldOn: '2026-11-16' }));
    await expect(referProblem(rt, a.t1dcb!, sup.id, open)).rejects.toMatchObject({ code: 'invalid_transition' });
  });

  it('turns each decision of the weekly 督查工作例会 into a supervised matter; closing the matter marks the decision done', async () => {
    const m = await createMeeting(
      rt,
      a.t1dcb!,
      meetingCreateSchema.parse({
        kind: 'supervision',
        title: '第47次督查工作例会',
        heldOn: '2026-11-16',
        decisions: [{ content: '五里堡街道完成老旧小区加装电梯摸底', unitId: t.units.street, deadline: '2026-12-20' }],
      }),
    );
    const d = m.items[0]!;
    const matter = await rt.db.selectFrom('matters').selectAll().where('id', '=', d.matterId ?? -1).executeTakeFirstOrThrow();
    expect(matter).toMatchObject({ source: 'meeting', status: 'assigned', lead_unit_id: t.units.street, deadline: '2026-12-20', start_date: '2026-11-16', title: '五里堡街道完成老旧小区加装电梯摸底' });
    expect(matter.content).toContain('第47次督查工作例会（2026-11-16）议定事项第 1 项');
    expect(d).toMatchObject({ matterNumber: matter.number, canComplete: false, note: expect.stringContaining(`督办事项 ${matter.number}（已交办）`) });
    await expect(completeDecision(rt, a.t1liaison!, d.id, { result: '直接报' })).rejects.toMatchObject({ code: 'decision_tracked_by_matter' });

    await signMatter(rt, a.t1liaison!, matter.id, {});
    await requestCompletion(rt, a.t1liaison!, matter.id, { evidence: '摸底台账已报', attachmentIds: [] });
    await acceptCompletion(rt, a.t1dcb!, matter.id, {});
    const after = (await getMeeting(rt, a.t1dcb!, m.id)).items[0];
    expect(after).toMatchObject({ status: 'done', result: `督办事项 ${matter.number} 已办结`, colour: null });
    expect((await traces('meeting.decision_matter_closed')).map((r) => r.entity_id)).toEqual([String(m.id)]);
  });
});

function meetingListDefaults() {
  return { page: 1, pageSize: 50 };
}
