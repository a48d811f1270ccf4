import { DEFAULT_RULE_BOOK, periodOf, shanghaiDate } from '@duban/shared';
import { systemActor } from '../lib/actor';
import { recomputePeriod } from '../modules/assessment/recompute.service';
import { recordTrace } from '../modules/trace/trace.service';
import type { DemoStep } from './demo.seed';

/**
 * The demo's assessment: the default rule book, every quarter of the year so far and the year computed
 * from the demo matters (nothing typed in), and two 容错 applications against real deductions — one
 * approved by the leadership group, one declined by 督查办 — so every assessment page has something true.
 */
export const demoAssessmentStep: DemoStep = async (deps, trx, ctx) => {
  const now = deps.clock.now();
  const t = ctx.tenantId;
  await trx.insertInto('assessment_rule_books').values({ tenant_id: t, version: 1, effective_from: '2000-01-01', rules: JSON.stringify(DEFAULT_RULE_BOOK), created_by: null, created_at: now, updated_at: now }).execute();
  const office = systemActor(t, '区委区政府督查办公室');
  const today = shanghaiDate(now);
  const current = periodOf(today, 'quarter');
  const year = today.slice(0, 4);
  const quarters = [1, 2, 3, 4].map((q) => `${year}Q${q}`).filter((c) => c <= current);
  for (const code of [...quarters, year]) await recomputePeriod(deps, office, code, trx);

  const period = await trx.selectFrom('assessment_periods').select(['id', 'code']).where('tenant_id', '=', t).where('code', '=', current).executeTakeFirstOrThrow();
  const lines = await trx
    .selectFrom('assessment_lines')
    .select(['subject_id', 'line_key'])
    .where('period_id', '=', period.id)
    .where('subject_type', '=', 'unit')
    .where('carrier_role', '=', 'lead')
    .where('rule', '=', 'overdue')
    .orderBy('matter_id')
    .limit(2)
    .execute();
  const outcomes = [
    { status: 'approved' as const, situation: DEFAULT_RULE_BOOK.tolerance.situations[6], reason: '配合单位未按期提供用地手续，本单位已多次函催并报告分管领导', evidence: '函催记录 3 份、专题会议纪要 1 份', verify: '经核实，情况属实，提交领导小组研究', decision: '符合“因配合单位或客观条件制约未能按期完成”情形，予以容错，该项扣分作废' },
    { status: 'rejected' as const, situation: DEFAULT_RULE_BOOK.tolerance.situations[1], reason: '连续降雨影响施工', evidence: '气象资料', verify: '经核实，同期其他单位同类工程按期完成，不属于不可抗力，不予容错', decision: null },
  ];
  for (const [i, line] of lines.entries()) {
    const o = outcomes[i];
    if (!o) break;
    const row = await trx
      .insertInto('assessment_tolerance')
      .values({
        tenant_id: t,
        period_id: period.id,
        subject_type: 'unit',
        subject_id: line.subject_id,
        line_keys: [line.line_key],
        situation: o.situation ?? '',
        reason: o.reason,
        evidence: o.evidence,
        status: o.status,
        applied_by: null,
        applied_at: now,
        verified_by: null,
        verified_at: now,
        verify_note: o.verify,
        decided_by: null,
        decided_at: now,
        decision_reason: o.decision ?? o.verify,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordTrace(trx, deps.clock, office, { action: 'assessment.tolerance_apply', entityType: 'assessment_tolerance', entityId: row.id, after: { period: period.code, subjectType: 'unit', subjectId: line.subject_id, lineKeys: [line.line_key], situation: o.situation, reason: o.reason } });
    await recordTrace(trx, deps.clock, office, { action: 'assessment.tolerance_verify', entityType: 'assessment_tolerance', entityId: row.id, after: { status: o.status === 'approved' ? 'verified' : 'rejected', note: o.verify } });
    if (o.decision) await recordTrace(trx, deps.clock, systemActor(t, '考核工作领导小组'), { action: 'assessment.tolerance_decide', entityType: 'assessment_tolerance', entityId: row.id, after: { status: 'approved', note: o.decision } });
  }
  // The approved exemption counts 0 in the quarter and the year.
  if (lines.length) for (const code of [current, year]) await recomputePeriod(deps, office, code, trx);
};
