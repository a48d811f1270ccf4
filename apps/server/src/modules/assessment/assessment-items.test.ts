import { parsePeriod, shanghaiDate } from '@duban/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { systemActor } from '../../lib/actor';
import { tenantCalendar } from '../calendar/calendar.service';
import { recordSatisfactionVote } from '../satisfaction/satisfaction.service';
import { recordTrace } from '../trace/trace.service';
import { applyAppeal, decideAppeal, extendAppeal, listAppeals } from './appeals.service';
import { seedOutcomes } from './assessment.fixtures';
import { recomputeDirtyPeriods } from './auto-recompute.service';
import { addItem, removeItem } from './items.service';
import { derivePeriod, publishPeriod, recomputePeriod } from './recompute.service';
import { bookInForce } from './rulebook.service';

let rt: TestRuntime;
let t: Awaited<ReturnType<typeof seedTenant>>;
let late: number;

const stored = async (code: string) => {
  const period = await rt.db.selectFrom('assessment_periods').select('id').where('tenant_id', '=', t.tenantId).where('code', '=', code).executeTakeFirstOrThrow();
  const lines = await rt.db.selectFrom('assessment_lines').select(['subject_type', 'subject_id', 'line_key', 'rule', 'points', 'exempt', 'text']).where('period_id', '=', period.id).orderBy('subject_type').orderBy('subject_id').orderBy('line_key').execute();
  const totals = await rt.db.selectFrom('assessment_totals').select(['subject_type', 'subject_id', 'total', 'raw', 'rank']).where('period_id', '=', period.id).orderBy('subject_type').orderBy('subject_id').execute();
  return { lines, totals };
};
const unitTotal = async (code: string, unitId: number) => (await stored(code)).totals.find((x) => x.subject_type === 'unit' && x.subject_id === unitId)?.total;

describe('加扣分 items, 满意率 points, 复核 / 申诉 and the recompute job (real database)', () => {
  beforeAll(async () => {
    rt = await createTestRuntime({ at: '2026-12-05T02:00:00Z' });
    t = await seedTenant(rt, 't1');
    ({ late } = await seedOutcomes(rt, t));
    await recomputePeriod(rt, systemActor(t.tenantId), '2026Q4');
  });
  afterAll(() => rt.close());

  it('a 通报批评 recorded by 督查办 becomes exactly one line and recomputes the draft period; its removal takes exactly that line away', async () => {
    const before = await stored('2026Q4');
    const dcb = await t.actor('t1dcb');
    const item = await addItem(rt, dcb, { kind: 'criticise', subjectType: 'unit', subjectId: t.units.street, matterId: late, docNumber: '测督通〔2026〕9号', docDate: '2026-11-30', title: '关于部分单位办理督办事项不力的通报' });
    expect(item).toMatchObject({ kind: 'criticise', points: -2, subjectName: '五里堡街道办事处', matter: { id: late } });
    const after = await stored('2026Q4');
    const added = after.lines.filter((l) => !before.lines.some((b) => b.line_key === l.line_key && b.subject_id === l.subject_id && b.subject_type === l.subject_type));
    expect(added).toEqual([expect.objectContaining({ subject_type: 'unit', subject_id: t.units.street, line_key: `item:${item.id}`, rule: 'criticise', points: -2 })]);
    expect(added[0]?.text).toBe(`测督〔2026〕${late}号 通报批评（测督通〔2026〕9号，2026-11-30）× −2 = −2，依据《督查考核办法（默认）》第 13 条（第 1 版）`);
    expect(await unitTotal('2026Q4', t.units.street)).toBe((before.totals.find((x) => x.subject_type === 'unit' && x.subject_id === t.units.street)?.total ?? 0) - 2);
    // Recomputing from the log gives exactly the stored figures.
    const p = parsePeriod('2026Q4')!;
    const derived = await derivePeriod(rt.db, await tenantCalendar(rt.db, t.tenantId), t.tenantId, p, await bookInForce(rt.db, t.tenantId, p.to, rt.clock.now()), shanghaiDate(rt.clock.now()));
    expect(derived.lines.map((l) => `${l.subject}|${l.key}|${l.points}`).sort()).toEqual(after.lines.map((l) => `${l.subject_type}:${l.subject_id}|${l.line_key}|${l.points}`).sort());
    await removeItem(rt, dcb, item.id, '误登，撤销');
    expect(await stored('2026Q4')).toEqual(before);
    await expect(addItem(rt, await t.actor('t1head'), { kind: 'praise', subjectType: 'unit', subjectId: t.units.street, matterId: null, docNumber: '自己表扬自己', docDate: '2026-11-30', title: '不可以' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('满意率 turns into unit points with the votes as evidence', async () => {
    for (const [i, level] of (['satisfied', 'satisfied', 'basic', 'unknown'] as const).entries()) {
      await rt.db.transaction().execute((trx) => recordSatisfactionVote(trx, t.tenantId, { unitId: t.units.housing, rater: 'citizen', level, ratedOn: '2026-11-10', channel: 'import', sourceRef: `test:${i}` }));
    }
    await recomputePeriod(rt, systemActor(t.tenantId), '2026Q4');
    const line = (await stored('2026Q4')).lines.find((l) => l.rule === 'satisfaction');
    // (100 + 100 + 70) / 3 = 90 → (90 − 85) × 0.2 = 1; 不了解 not counted.
    expect(line).toMatchObject({ subject_type: 'unit', subject_id: t.units.housing, points: 1 });
    expect(line?.text).toContain('满意率 90%（有效评价 3 票）');
  });

  it('missed scheduled reports are derived from the cadence and the reports made, and a disputed inspection deducts', async () => {
    const m = await rt.db.selectFrom('matters').select(['assigned_at', 'start_date']).where('id', '=', late).executeTakeFirstOrThrow();
    await rt.db.updateTable('matters').set({ report_cadence: 'weekly', assigned_at: new Date('2026-10-30T02:00:00Z') }).where('id', '=', late).execute();
    await rt.db.insertInto('progress_reports').values({ tenant_id: t.tenantId, matter_id: late, unit_id: t.units.street, reporter_account_id: null, reporter_name: '承办人', progress: 50, text: '按周汇报', investment_done: null, disputed_at: null, created_at: new Date('2026-11-06T02:00:00Z') }).execute();
    const ins = await rt.db.insertInto('inspections').values({ tenant_id: t.tenantId, matter_id: late, campaign_id: null, inspected_at: new Date('2026-11-18T02:00:00Z'), lat: null, lng: null, accuracy: null, finding: 'disputes', report_id: null, recorded_by: null, created_at: new Date('2026-11-18T02:00:00Z') }).returning('id').executeTakeFirstOrThrow();
    await recomputePeriod(rt, systemActor(t.tenantId), '2026Q4');
    const mine = (await stored('2026Q4')).lines.filter((l) => l.subject_type === 'unit' && l.subject_id === t.units.street);
    // Weekly from 10-30: due 11-06 (reported that day), then 11-13 and 11-20 missed, closed 11-25; capped at −3 per matter.
    expect(mine.filter((l) => l.rule === 'missed_report').map((l) => l.line_key)).toEqual([`${late}:missed_report:2026-11-13`, `${late}:missed_report:2026-11-20`]);
    expect(mine.find((l) => l.rule === 'disputed_inspection')).toMatchObject({ line_key: `${late}:disputed_inspection:${ins.id}`, points: -2 });
    await rt.db.deleteFrom('inspections').where('id', '=', ins.id).execute();
    await rt.db.deleteFrom('progress_reports').where('matter_id', '=', late).execute();
    await rt.db.updateTable('matters').set({ report_cadence: 'none', assigned_at: m.assigned_at }).where('id', '=', late).execute();
    await recomputePeriod(rt, systemActor(t.tenantId), '2026Q4');
  });

  it('the recompute job recomputes an open period only when its inputs moved', async () => {
    const first = await recomputeDirtyPeriods(rt);
    expect(first.ran).toBe(true);
    // The running year had never been computed: the job computes it; the quarter is clean.
    expect(first.recomputed).toEqual([`${t.tenantId}:2026`]);
    expect((await recomputeDirtyPeriods(rt)).recomputed).toEqual([]);
    await rt.db.transaction().execute((trx) => recordTrace(trx, rt.clock, systemActor(t.tenantId), { action: 'matter.rate', entityType: 'matter', entityId: late, after: { rating: 1 } }));
    expect((await recomputeDirtyPeriods(rt)).recomputed.sort()).toEqual([`${t.tenantId}:2026`, `${t.tenantId}:2026Q4`]);
    expect((await stored('2026Q4')).lines.some((l) => l.rule === 'rating' && l.points === -1)).toBe(true);
  });

  it('复核 → 更正 adds a correction line and keeps every other line; 申诉 waits for the leaders with its clock; the score stands meanwhile', async () => {
    const head = await t.actor('t1head');
    await expect(applyAppeal(rt, head, { kind: 'review', period: '2026Q4', subjectType: 'unit', subjectId: t.units.street, reason: '红色预警系系统误判', evidence: '情况说明一份' })).rejects.toMatchObject({ code: 'appeal_not_published' });
    await publishPeriod(rt, systemActor(t.tenantId), '2026Q4');
    await expect(addItem(rt, await t.actor('t1dcb'), { kind: 'praise', subjectType: 'unit', subjectId: t.units.street, matterId: null, docNumber: '测批〔2026〕1号', docDate: '2026-12-01', title: '批示表扬' })).rejects.toMatchObject({ code: 'assessment_period_published' });
    const before = await stored('2026Q4');
    const review = await applyAppeal(rt, head, { kind: 'review', period: '2026Q4', subjectType: 'unit', subjectId: t.units.street, reason: '红色预警系系统误判', evidence: '情况说明一份' });
    expect(review).toMatchObject({ status: 'pending', clock: { applyBy: '2027-01-04', decideBy: '2027-01-04', daysLeft: 30, overdue: false } });
    expect(await stored('2026Q4')).toEqual(before);
    await expect(applyAppeal(rt, head, { kind: 'appeal', period: '2026Q4', subjectType: 'unit', subjectId: t.units.street, reason: '复核未决先申诉', evidence: '无' })).rejects.toMatchObject({ code: 'appeal_needs_review', message: '复核尚未决定：请在复核决定后 15 日内提出申诉' });
    await expect(decideAppeal(rt, await t.actor('t1head'), review.id, { outcome: 'changed', delta: 1, note: '自己决定' })).rejects.toMatchObject({ code: 'forbidden' });
    const decided = await decideAppeal(rt, await t.actor('t1dcb'), review.id, { outcome: 'changed', delta: 1, note: '经复核，红色预警期间已报延期，更正加 1 分' });
    expect(decided).toMatchObject({ status: 'changed', delta: 1, appealBy: '2026-12-20' });
    const after = await stored('2026Q4');
    const correction = after.lines.filter((l) => !before.lines.some((b) => b.line_key === l.line_key && b.subject_id === l.subject_id && b.subject_type === l.subject_type));
    expect(correction).toEqual([expect.objectContaining({ line_key: `appeal:${review.id}`, rule: 'correction', points: 1 })]);
    expect(after.lines.filter((l) => l.rule !== 'correction')).toEqual(before.lines);
    expect(await unitTotal('2026Q4', t.units.street)).toBe((before.totals.find((x) => x.subject_type === 'unit' && x.subject_id === t.units.street)?.total ?? 0) + 1);

    const appeal = await applyAppeal(rt, head, { kind: 'appeal', period: '2026Q4', subjectType: 'unit', subjectId: t.units.street, reason: '更正分值不足以反映实际', evidence: '补充材料两份' });
    expect(appeal).toMatchObject({ kind: 'appeal', parentId: review.id, status: 'pending', clock: { applyBy: '2026-12-20', decideBy: '2027-02-03', daysLeft: 60 } });
    await expect(decideAppeal(rt, await t.actor('t1dcb'), appeal.id, { outcome: 'upheld', delta: 0, note: '维持' })).rejects.toMatchObject({ code: 'forbidden' });
    rt.clock.set(new Date('2027-02-05T02:00:00Z'));
    const overdue = (await listAppeals(rt, await t.actor('t1shuji'))).find((a) => a.id === appeal.id);
    expect(overdue?.clock).toMatchObject({ overdue: true, daysLeft: -2 });
    const upheld = await decideAppeal(rt, await t.actor('t1shuji'), appeal.id, { outcome: 'upheld', delta: 0, note: '维持复核决定' });
    expect(upheld).toMatchObject({ status: 'upheld', clock: { decidedLate: true, overdue: false } });
    const trace = await rt.db.selectFrom('trace').select('action').where('tenant_id', '=', t.tenantId).where('action', 'like', 'assessment.appeal%').orderBy('seq').execute();
    expect(trace.map((x) => x.action)).toEqual(['assessment.appeal_apply', 'assessment.appeal_decide', 'assessment.appeal_apply', 'assessment.appeal_decide']);
  });

  it('申诉 without a 复核 within 30 days of publication (then no 复核); the leaders extend its decision once by up to 30 days; late requests get their dates', async () => {
    rt.clock.set(new Date('2026-12-20T02:00:00Z')); // 2026Q4 was published on 2026-12-05
    const handler = await t.actor('t1handler');
    const self = { period: '2026Q4', subjectType: 'person' as const, subjectId: t.people.handler, reason: '两项逾期系配合单位原因', evidence: '配合单位函件两份' };
    const direct = await applyAppeal(rt, handler, { ...self, kind: 'appeal' });
    expect(direct).toMatchObject({ kind: 'appeal', parentId: null, direct: true, status: 'pending', extendedDays: 0, clock: { applyBy: '2027-01-04', decideBy: '2027-02-18', daysLeft: 60 } });
    await expect(applyAppeal(rt, handler, { ...self, kind: 'review' })).rejects.toMatchObject({ code: 'appeal_duplicate', message: '已不经复核直接提出申诉，不能再申请复核' });
    await expect(applyAppeal(rt, handler, { ...self, kind: 'appeal' })).rejects.toMatchObject({ code: 'appeal_duplicate' });
    // Extension: the leadership group's, once, at most 30 days, before the deadline passes.
    await expect(extendAppeal(rt, await t.actor('t1dcb'), direct.id, { days: 30, note: '情况复杂' })).rejects.toMatchObject({ code: 'forbidden' });
    const shuji = await t.actor('t1shuji');
    const extended = await extendAppeal(rt, shuji, direct.id, { days: 30, note: '涉及多个配合单位，需逐一核实' });
    expect(extended).toMatchObject({ extendedDays: 30, extensionNote: '涉及多个配合单位，需逐一核实', clock: { decideBy: '2027-03-20', daysLeft: 90 } });
    await expect(extendAppeal(rt, shuji, direct.id, { days: 5, note: '再延' })).rejects.toMatchObject({ code: 'appeal_extension_refused', message: '该申诉的决定期限已延长过一次，不能再延长' });
    const review = (await listAppeals(rt, shuji)).find((a) => a.kind === 'review');
    await expect(extendAppeal(rt, shuji, review!.id, { days: 10, note: '复核延长' })).rejects.toMatchObject({ code: 'appeal_extension_refused' });
    // Late: 复核 and a direct 申诉 after 30 days of publication say until when they could be made.
    rt.clock.set(new Date('2027-01-10T02:00:00Z'));
    const head = await t.actor('t1head');
    const mine = { period: '2026Q4', subjectType: 'person' as const, subjectId: t.people.head, reason: '本人得分有误需复核', evidence: '情况说明' };
    await expect(applyAppeal(rt, head, { ...mine, kind: 'review' })).rejects.toMatchObject({ code: 'appeal_window_closed', message: '已超过复核申请期限：应在考核结果发布（2026-12-05）后 30 日内（至 2027-01-04）提出' });
    await expect(applyAppeal(rt, head, { ...mine, kind: 'appeal' })).rejects.toMatchObject({ code: 'appeal_window_closed', message: '已超过申诉期限：不经复核直接申诉的，应在考核结果发布（2026-12-05）后 30 日内（至 2027-01-04）提出' });
    const trace = await rt.db.selectFrom('trace').select('action').where('tenant_id', '=', t.tenantId).where('action', '=', 'assessment.appeal_extend').execute();
    expect(trace).toHaveLength(1);
  });
});
