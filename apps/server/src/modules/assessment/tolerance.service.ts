import { periodTotal, rankWithinGroups, ruleBookSchema, type toleranceInputSchema, type ToleranceView, type WhatIf } from '@duban/shared';
import type { z } from 'zod';
import { AppError } from '../../errors';
import { requirePermission, systemActor, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { recordTrace } from '../trace/trace.service';
import type { ToleranceRow, ToleranceStatus } from './assessment.table';
import { canSeeSubject, periodRow, presentLines } from './league.service';
import { recomputePeriod } from './recompute.service';

type Input = z.infer<typeof toleranceInputSchema>;

async function subjectName(deps: Deps, tenantId: number, type: 'unit' | 'person', id: number): Promise<string> {
  const row = type === 'unit'
    ? await deps.db.selectFrom('units').select('name').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst()
    : await deps.db.selectFrom('people').select('name').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row?.name ?? '';
}

async function present(deps: Deps, tenantId: number, r: ToleranceRow): Promise<ToleranceView> {
  const period = await deps.db.selectFrom('assessment_periods').select('code').where('id', '=', r.period_id).executeTakeFirstOrThrow();
  const lines = (await presentLines(deps.db, tenantId, r.period_id, r.subject_type, [r.subject_id])).filter((l) => r.line_keys.includes(l.key));
  return {
    id: r.id,
    period: period.code,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    subjectName: await subjectName(deps, tenantId, r.subject_type, r.subject_id),
    lines,
    situation: r.situation,
    reason: r.reason,
    evidence: r.evidence,
    status: r.status,
    appliedAt: r.applied_at.toISOString(),
    verifyNote: r.verify_note,
    decisionReason: r.decision_reason,
    decidedAt: r.decided_at ? r.decided_at.toISOString() : null,
  };
}

/** 容错申请: a unit's people (for their unit) or a cadre (for themself) against named deductions of a period. */
export async function applyTolerance(deps: Deps, actor: Actor, input: Input): Promise<ToleranceView> {
  const own = input.subjectType === 'person' ? actor.personId === input.subjectId : actor.permissions.has('matter.handle') && actor.unitId === input.subjectId;
  if (!own) throw new AppError('forbidden', '只能为本单位或本人的扣分申请容错');
  const p = await periodRow(deps.db, actor.tenantId, input.period);
  const rules = ruleBookSchema.parse(p.rules);
  if (!rules.tolerance.situations.includes(input.situation)) throw new AppError('validation_failed', '容错情形须从本地区规定的情形中选择', [{ field: 'situation', message: '容错情形须从规定的情形中选择' }]);
  const keys = [...new Set(input.lineKeys)];
  const lines = await deps.db
    .selectFrom('assessment_lines as l')
    .innerJoin('matters as m', 'm.id', 'l.matter_id')
    .leftJoin('categories as c', 'c.id', 'm.category_id')
    .select(['l.line_key', 'l.points', 'l.exempt', 'c.name as category', 'm.number'])
    .where('l.period_id', '=', p.id)
    .where('l.subject_type', '=', input.subjectType)
    .where('l.subject_id', '=', input.subjectId)
    .where('l.line_key', 'in', keys)
    .execute();
  if (lines.length !== keys.length || lines.some((l) => l.points >= 0 || l.exempt)) throw new AppError('tolerance_line_invalid');
  const excluded = lines.find((l) => l.category && rules.tolerance.exclusions.includes(l.category));
  if (excluded) throw new AppError('tolerance_excluded', `${excluded.number}属于“${excluded.category}”，不适用容错`);
  const open = await deps.db.selectFrom('assessment_tolerance').select('line_keys').where('tenant_id', '=', actor.tenantId).where('period_id', '=', p.id).where('status', 'in', ['submitted', 'verified', 'approved']).execute();
  if (open.some((o) => o.line_keys.some((k) => keys.includes(k)))) throw new AppError('tolerance_pending');
  const row = await inTransaction(deps.db, async (trx) => {
    const r = await trx
      .insertInto('assessment_tolerance')
      .values({ tenant_id: actor.tenantId, period_id: p.id, subject_type: input.subjectType, subject_id: input.subjectId, line_keys: keys, situation: input.situation, reason: input.reason, evidence: input.evidence, applied_by: actor.accountId, applied_at: deps.clock.now() })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordTrace(trx, deps.clock, actor, { action: 'assessment.tolerance_apply', entityType: 'assessment_tolerance', entityId: r.id, after: { period: p.code, subjectType: input.subjectType, subjectId: input.subjectId, lineKeys: keys, situation: input.situation, reason: input.reason, evidence: input.evidence } });
    return r;
  });
  return present(deps, actor.tenantId, row);
}

async function findOwn(deps: Deps, actor: Actor, id: number): Promise<ToleranceRow> {
  const r = await deps.db.selectFrom('assessment_tolerance').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst();
  if (!r || !canSeeSubject(actor, r.subject_type, r.subject_id)) throw new AppError('tolerance_not_found');
  return r;
}

/** Applications the actor may see: all for 督查办 and leaders, else their unit's and their own. */
export async function listTolerance(deps: Deps, actor: Actor): Promise<ToleranceView[]> {
  let q = deps.db.selectFrom('assessment_tolerance').selectAll().where('tenant_id', '=', actor.tenantId);
  if (!actor.permissions.has('assess.read')) {
    q = q.where((eb) => eb.or([eb.and([eb('subject_type', '=', 'person'), eb('subject_id', '=', actor.personId ?? -1)]), eb.and([eb('subject_type', '=', 'unit'), eb('subject_id', '=', actor.permissions.has('matter.handle') ? (actor.unitId ?? -1) : -1)])]));
  }
  const rows = await q.orderBy('id', 'desc').limit(200).execute();
  return Promise.all(rows.map((r) => present(deps, actor.tenantId, r)));
}

export async function getTolerance(deps: Deps, actor: Actor, id: number): Promise<ToleranceView> {
  return present(deps, actor.tenantId, await findOwn(deps, actor, id));
}

/** Score and rank of the applicant with and without the exemption, within its peer group, before anyone decides. */
export async function whatIf(deps: Deps, actor: Actor, id: number): Promise<WhatIf> {
  requirePermission(actor, 'assess.read');
  const r = await findOwn(deps, actor, id);
  const total = await deps.db.selectFrom('assessment_totals').select(['peer_group']).where('period_id', '=', r.period_id).where('subject_type', '=', r.subject_type).where('subject_id', '=', r.subject_id).executeTakeFirst();
  if (!total) throw new AppError('tolerance_not_found');
  const period = await deps.db.selectFrom('assessment_periods as p').innerJoin('assessment_rule_books as b', 'b.id', 'p.rule_book_id').select('b.rules').where('p.id', '=', r.period_id).executeTakeFirstOrThrow();
  const cap = ruleBookSchema.parse(period.rules).periodCap;
  const members = await deps.db.selectFrom('assessment_totals').select('subject_id').where('period_id', '=', r.period_id).where('subject_type', '=', r.subject_type).where('peer_group', '=', total.peer_group).execute();
  const lines = await deps.db.selectFrom('assessment_lines').select(['subject_id', 'line_key', 'points', 'exempt']).where('period_id', '=', r.period_id).where('subject_type', '=', r.subject_type).where('subject_id', 'in', members.map((m) => m.subject_id)).execute();
  const keys = new Set(r.line_keys);
  const standing = (withExemption: boolean) => {
    const scored = members.map((m) => {
      const own = lines.filter((l) => l.subject_id === m.subject_id).map((l) => ({ points: l.points, exempt: l.exempt || (withExemption && keys.has(l.line_key)) }));
      return { id: m.subject_id, group: total.peer_group, score: periodTotal(own, cap).total };
    });
    const me = rankWithinGroups(scored).find((x) => x.id === r.subject_id);
    return { total: me?.score ?? 0, rank: me?.rank ?? 0 };
  };
  return { without: standing(false), with: standing(true), groupSize: members.length };
}

/** 督查办 verifies (passes to the leadership group) or declines; the leadership group decides. Approval recomputes the period. */
export async function decideTolerance(deps: Deps, actor: Actor, id: number, stage: 'verify' | 'decide', input: { approve: boolean; note: string }): Promise<ToleranceView> {
  requirePermission(actor, stage === 'verify' ? 'assess.manage' : 'assess.decide');
  const now = deps.clock.now();
  const row = await inTransaction(deps.db, async (trx) => {
    const r = await trx.selectFrom('assessment_tolerance').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!r) throw new AppError('tolerance_not_found');
    const expected = stage === 'verify' ? 'submitted' : 'verified';
    if (r.status !== expected) throw new AppError('invalid_transition', stage === 'verify' ? '该申请不在待核实状态' : '该申请须先经督查办核实');
    const status: ToleranceStatus = stage === 'verify' ? (input.approve ? 'verified' : 'rejected') : input.approve ? 'approved' : 'rejected';
    const patch = stage === 'verify'
      ? { status, verified_by: actor.accountId, verified_at: now, verify_note: input.note, ...(input.approve ? {} : { decided_by: actor.accountId, decided_at: now, decision_reason: input.note }) }
      : { status, decided_by: actor.accountId, decided_at: now, decision_reason: input.note };
    const updated = await trx.updateTable('assessment_tolerance').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await recordTrace(trx, deps.clock, actor, { action: `assessment.tolerance_${stage}`, entityType: 'assessment_tolerance', entityId: id, before: { status: r.status }, after: { status, note: input.note, lineKeys: r.line_keys } });
    if (status === 'approved') {
      // The exempted lines count 0 from now on in every computed period that has them.
      const periods = await trx.selectFrom('assessment_lines as l').innerJoin('assessment_periods as p', 'p.id', 'l.period_id').select('p.code').distinct().where('l.tenant_id', '=', actor.tenantId).where('l.line_key', 'in', r.line_keys).execute();
      for (const p of periods) await recomputePeriod(deps, systemActor(actor.tenantId, actor.name), p.code, trx);
    }
    return updated;
  });
  return present(deps, actor.tenantId, row);
}
