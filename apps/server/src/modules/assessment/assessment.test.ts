import { DEFAULT_RULE_BOOK, parsePeriod, shanghaiDate } from '@duban/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { systemActor } from '../../lib/actor';
import { tenantCalendar } from '../calendar/calendar.service';
import { seedOutcomes } from './assessment.fixtures';
import { derivePeriod, publishPeriod, recomputePeriod } from './recompute.service';
import { bookInForce, saveRuleBook } from './rulebook.service';
import { cadreArchive } from './league.service';
import { applyTolerance, decideTolerance, whatIf } from './tolerance.service';

let rt: TestRuntime;
let t: Awaited<ReturnType<typeof seedTenant>>;
let late: number;

const stored = async (code: string) => {
  const period = await rt.db.selectFrom('assessment_periods').select('id').where('tenant_id', '=', t.tenantId).where('code', '=', code).executeTakeFirstOrThrow();
  const lines = await rt.db.selectFrom('assessment_lines').select(['subject_type', 'subject_id', 'line_key', 'points', 'exempt', 'text']).where('period_id', '=', period.id).orderBy('subject_type').orderBy('subject_id').orderBy('line_key').execute();
  const totals = await rt.db.selectFrom('assessment_totals').select(['subject_type', 'subject_id', 'total', 'raw', 'rank', 'flagged']).where('period_id', '=', period.id).orderBy('subject_type').orderBy('subject_id').execute();
  return { lines, totals };
};

describe('assessment recompute (real database)', () => {
  beforeAll(async () => {
    rt = await createTestRuntime({ at: '2026-12-05T02:00:00Z' });
    t = await seedTenant(rt, 't1');
    ({ late } = await seedOutcomes(rt, t));
  });
  afterAll(() => rt.close());

  it('derives each unit’s and cadre’s lines from the log: lateness, own red warning, the unit’s own return, the rating', async () => {
    const r = await recomputePeriod(rt, systemActor(t.tenantId), '2026Q4');
    expect(r).toMatchObject({ code: '2026Q4', ruleBookVersion: 1, units: 2 });
    const { lines, totals } = await stored('2026Q4');
    const street = lines.filter((l) => l.subject_type === 'unit' && l.subject_id === t.units.street);
    expect(street.map((l) => l.points).sort()).toEqual([-1, -1.5, -2, 1, 1.5].sort());
    expect(street.find((l) => l.line_key === `${late}:overdue:2026-10-01`)?.text).toBe('测督〔2026〕1号 逾期 3 个工作日 × −0.5 = −1.5，依据《督查考核办法（默认）》第 7 条（第 1 版）'.replace('1号', `${late}号`));
    // The co-unit carries half, and not the street's returned completion.
    const housing = lines.filter((l) => l.subject_type === 'unit' && l.subject_id === t.units.housing);
    expect(housing.map((l) => l.points).sort()).toEqual([-0.5, -0.75, 0.5, 0.75].sort());
    expect(totals.find((x) => x.subject_type === 'unit' && x.subject_id === t.units.street)).toMatchObject({ total: -2, rank: 1 }) // 街道 and 区直单位 are ranked apart;
    expect(totals.find((x) => x.subject_type === 'unit' && x.subject_id === t.units.housing)).toMatchObject({ total: 0, rank: 1 });
    expect(totals.filter((x) => x.subject_type === 'person').map((x) => x.subject_id).sort()).toEqual([t.people.leader, t.people.head, t.people.handler].sort());
  });

  it('recomputing from the log gives exactly the stored figures', async () => {
    const first = await stored('2026Q4');
    const p = parsePeriod('2026Q4')!;
    const book = await bookInForce(rt.db, t.tenantId, p.to, rt.clock.now());
    const derived = await derivePeriod(rt.db, await tenantCalendar(rt.db, t.tenantId), t.tenantId, p, book, shanghaiDate(rt.clock.now()));
    const sum = (xs: { points: number }[]) => Math.round(xs.reduce((s, x) => s + x.points, 0) * 100) / 100;
    expect(derived.lines).toHaveLength(first.lines.length);
    expect(sum(derived.lines)).toBe(sum(first.lines));
    expect(derived.totals.map((x) => x.total).sort()).toEqual(first.totals.map((x) => x.total).sort());
    await recomputePeriod(rt, systemActor(t.tenantId), '2026Q4');
    expect(await stored('2026Q4')).toEqual(first);
  });

  it('an edit of a rule book used by a published period makes a new version; the published period replays its own', async () => {
    await publishPeriod(rt, systemActor(t.tenantId), '2026Q4');
    const saved = await saveRuleBook(rt, systemActor(t.tenantId), { rules: { ...DEFAULT_RULE_BOOK, overdueDay: { ...DEFAULT_RULE_BOOK.overdueDay, points: -1 } }, effectiveFrom: '2026-10-01', version: 1 });
    expect(saved).toMatchObject({ version: 2, locked: false });
    const before = await stored('2026Q4');
    expect((await recomputePeriod(rt, systemActor(t.tenantId), '2026Q4')).ruleBookVersion).toBe(1);
    expect(await stored('2026Q4')).toEqual(before);
    expect((await recomputePeriod(rt, systemActor(t.tenantId), '2026')).ruleBookVersion).toBe(2);
  });

  it('容错: the handler applies against a deduction, 督查办 verifies, the what-if shows both, the leaders approve: exactly those lines are exempt', async () => {
    const handler = await t.actor('t1handler');
    const before = await stored('2026Q4');
    const key = `${late}:overdue:2026-10-01`;
    const app = await applyTolerance(rt, handler, { period: '2026Q4', subjectType: 'person', subjectId: t.people.handler, lineKeys: [key], situation: '因配合单位或客观条件制约未能按期完成', reason: '配合单位未按时提供资料', evidence: '往来函件三份' });
    expect(app).toMatchObject({ status: 'submitted', lines: [{ key, points: -1.5, exempt: false }] });
    await expect(decideTolerance(rt, await t.actor('t1shuji'), app.id, 'decide', { approve: true, note: '同意' })).rejects.toMatchObject({ code: 'invalid_transition' });
    await decideTolerance(rt, await t.actor('t1dcb'), app.id, 'verify', { approve: true, note: '情况属实' });
    const w = await whatIf(rt, await t.actor('t1dcb'), app.id);
    expect(w.with.total - w.without.total).toBe(1.5);
    const decided = await decideTolerance(rt, await t.actor('t1shuji'), app.id, 'decide', { approve: true, note: '符合容错情形，予以免责' });
    expect(decided).toMatchObject({ status: 'approved', decisionReason: '符合容错情形，予以免责', lines: [{ key, exempt: true, tolerance: { status: 'approved' } }] });
    const after = await stored('2026Q4');
    const changed = after.lines.filter((l, i) => l.exempt !== before.lines[i]?.exempt);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((l) => l.line_key === key && l.exempt)).toBe(true);
    const trace = await rt.db.selectFrom('trace').select('action').where('tenant_id', '=', t.tenantId).where('action', 'like', 'assessment.tolerance%').orderBy('seq').execute();
    expect(trace.map((x) => x.action)).toEqual(['assessment.tolerance_apply', 'assessment.tolerance_verify', 'assessment.tolerance_decide']);
  });

  it('容错 declined by 督查办 keeps the deduction; nobody applies for someone else’s lines', async () => {
    const key = `${late}:red_warning:`;
    const line = (await stored('2026Q4')).lines.find((l) => l.subject_type === 'unit' && l.subject_id === t.units.street && l.line_key.startsWith(key))!;
    const app = await applyTolerance(rt, await t.actor('t1head'), { period: '2026Q4', subjectType: 'unit', subjectId: t.units.street, lineKeys: [line.line_key], situation: '先行先试、探索创新中出现失误', reason: '红色预警期间已全力推进', evidence: '工作台账' });
    const declined = await decideTolerance(rt, await t.actor('t1dcb'), app.id, 'verify', { approve: false, note: '不属于容错情形' });
    expect(declined).toMatchObject({ status: 'rejected', lines: [{ exempt: false }] });
    await expect(applyTolerance(rt, await t.actor('t1handler'), { period: '2026Q4', subjectType: 'unit', subjectId: t.units.housing, lineKeys: [line.line_key], situation: '先行先试、探索创新中出现失误', reason: '替别人申请', evidence: '无' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('a cadre sees their own archive, not a colleague’s', async () => {
    const mine = await cadreArchive(rt, await t.actor('t1handler'), t.people.handler, '2026Q4');
    expect(mine.periods.find((p) => p.code === '2026Q4')?.standing).toMatchObject({ personId: t.people.handler });
    expect(mine.lines.length).toBeGreaterThan(0);
    await expect(cadreArchive(rt, await t.actor('t1handler'), t.people.head, '2026Q4')).rejects.toMatchObject({ code: 'forbidden' });
  });
});
