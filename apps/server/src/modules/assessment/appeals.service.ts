import { addDays, appealAdmission, appealClock, appealExtension, APPEAL_CLOCKS, shanghaiDate, type appealDecisionSchema, type appealExtendSchema, type appealInputSchema, type AppealView } from '@duban/shared';
import type { z } from 'zod';
import { AppError } from '../../errors';
import { requirePermission, systemActor, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { recordTrace } from '../trace/trace.service';
import type { AppealRow } from './assessment.table';
import { canSeeSubject, periodRow } from './league.service';
import { recomputePeriod } from './recompute.service';

type Input = z.infer<typeof appealInputSchema>;
type Decision = z.infer<typeof appealDecisionSchema>;
type Extension = z.infer<typeof appealExtendSchema>;

/**
 * 复核 / 申诉 of a published score (公务员法 art. 95, calendar days): 复核 within 30 days of publication,
 * decided by 督查办 within 30; 申诉 within 15 days of the 复核 decision (or, without a 复核, within 30 days of
 * publication), decided by the leadership group within 60, extendable once by up to 30. The order and the clocks
 * are appealAdmission() / appealExtension() in packages/shared. The score stands while under appeal; a decision that changes it adds a correction line to the period
 * (recomputed under its own rule book version) and never edits the lines already there.
 */

const dateOf = (d: Date | null) => (d ? shanghaiDate(d) : null);

async function present(deps: Deps, tenantId: number, rows: AppealRow[]): Promise<AppealView[]> {
  if (!rows.length) return [];
  const today = shanghaiDate(deps.clock.now());
  const periodIds = [...new Set(rows.map((r) => r.period_id))];
  const parentIds = rows.flatMap((r) => (r.parent_id ? [r.parent_id] : []));
  const [periods, parents, totals, units, people] = await Promise.all([
    deps.db.selectFrom('assessment_periods').select(['id', 'code', 'published_at']).where('id', 'in', periodIds).execute(),
    parentIds.length ? deps.db.selectFrom('assessment_appeals').select(['id', 'decided_at']).where('id', 'in', parentIds).execute() : [],
    deps.db.selectFrom('assessment_totals').select(['period_id', 'subject_type', 'subject_id', 'total']).where('period_id', 'in', periodIds).execute(),
    deps.db.selectFrom('units').select(['id', 'name']).where('tenant_id', '=', tenantId).where('id', 'in', rows.filter((r) => r.subject_type === 'unit').map((r) => r.subject_id).concat([-1])).execute(),
    deps.db.selectFrom('people').select(['id', 'name']).where('tenant_id', '=', tenantId).where('id', 'in', rows.filter((r) => r.subject_type === 'person').map((r) => r.subject_id).concat([-1])).execute(),
  ]);
  return rows.map((r) => {
    const p = periods.find((x) => x.id === r.period_id);
    const direct = r.kind === 'appeal' && r.parent_id === null;
    const startOn = r.kind === 'review' || direct ? (dateOf(p?.published_at ?? null) ?? today) : (dateOf(parents.find((x) => x.id === r.parent_id)?.decided_at ?? null) ?? today);
    const decidedOn = dateOf(r.decided_at);
    const clock = appealClock(r.kind, startOn, shanghaiDate(r.applied_at), decidedOn, today, { direct, extendedDays: r.extended_days });
    return {
      id: r.id,
      kind: r.kind,
      parentId: r.parent_id,
      period: p?.code ?? '',
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      subjectName: (r.subject_type === 'unit' ? units : people).find((x) => x.id === r.subject_id)?.name ?? '',
      total: totals.find((x) => x.period_id === r.period_id && x.subject_type === r.subject_type && x.subject_id === r.subject_id)?.total ?? null,
      reason: r.reason,
      evidence: r.evidence,
      status: r.status,
      delta: r.delta,
      decisionNote: r.decision_note,
      appliedAt: r.applied_at.toISOString(),
      decidedAt: r.decided_at ? r.decided_at.toISOString() : null,
      clock,
      appealBy: r.kind === 'review' && decidedOn ? addDays(decidedOn, APPEAL_CLOCKS.appeal.applyDays) : null,
      direct,
      extendedDays: r.extended_days,
      extensionNote: r.extension_note,
    };
  });
}

/** Applications the actor may see: all for 督查办 and leaders, else their unit's and their own; newest first. */
export async function listAppeals(deps: Deps, actor: Actor): Promise<AppealView[]> {
  const rows = await deps.db.selectFrom('assessment_appeals').selectAll().where('tenant_id', '=', actor.tenantId).orderBy('id', 'desc').limit(500).execute();
  return present(deps, actor.tenantId, rows.filter((r) => canSeeSubject(actor, r.subject_type, r.subject_id)));
}

/** 复核 by the unit (its people) or the cadre themself, within the clock; 申诉 after the 复核 decision, or directly. */
export async function applyAppeal(deps: Deps, actor: Actor, input: Input): Promise<AppealView> {
  const own = input.subjectType === 'person' ? actor.personId === input.subjectId : actor.permissions.has('matter.handle') && actor.unitId === input.subjectId;
  if (!own) throw new AppError('forbidden', '只能对本单位或本人的考核结果申请复核或申诉');
  const p = await periodRow(deps.db, actor.tenantId, input.period);
  if (p.status !== 'published' || !p.published_at) throw new AppError('appeal_not_published');
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  const row = await inTransaction(deps.db, async (trx) => {
    const mine = await trx.selectFrom('assessment_appeals').selectAll().where('tenant_id', '=', actor.tenantId).where('period_id', '=', p.id).where('subject_type', '=', input.subjectType).where('subject_id', '=', input.subjectId).orderBy('id').forUpdate().execute();
    const admitted = appealAdmission(
      input.kind,
      shanghaiDate(p.published_at ?? now),
      today,
      mine.map((a) => ({ id: a.id, kind: a.kind, status: a.status, decidedOn: dateOf(a.decided_at) })),
    );
    if (!admitted.ok) throw new AppError(admitted.code, admitted.message);
    const parentId = admitted.parentId;
    const r = await trx
      .insertInto('assessment_appeals')
      .values({ tenant_id: actor.tenantId, kind: input.kind, parent_id: parentId, period_id: p.id, subject_type: input.subjectType, subject_id: input.subjectId, reason: input.reason, evidence: input.evidence, delta: null, applied_by: actor.accountId, applied_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordTrace(trx, deps.clock, actor, { action: 'assessment.appeal_apply', entityType: 'assessment_appeal', entityId: r.id, after: { kind: input.kind, period: p.code, subjectType: input.subjectType, subjectId: input.subjectId, reason: input.reason, evidence: input.evidence, parentId } });
    return r;
  });
  const [view] = await present(deps, actor.tenantId, [row]);
  if (!view) throw new AppError('appeal_not_found');
  return view;
}

/** 复核 decided by 督查办, 申诉 by the leadership group: 维持 (upheld) or 更正 (a correction line of `delta` points). */
export async function decideAppeal(deps: Deps, actor: Actor, id: number, input: Decision): Promise<AppealView> {
  const now = deps.clock.now();
  const row = await inTransaction(deps.db, async (trx) => {
    const r = await trx.selectFrom('assessment_appeals').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!r) throw new AppError('appeal_not_found');
    requirePermission(actor, r.kind === 'review' ? 'assess.manage' : 'assess.decide');
    if (r.status !== 'pending') throw new AppError('invalid_transition', '该申请已有决定');
    const delta = input.outcome === 'changed' ? input.delta : null;
    const updated = await trx.updateTable('assessment_appeals').set({ status: input.outcome, delta, decision_note: input.note, decided_by: actor.accountId, decided_at: now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await recordTrace(trx, deps.clock, actor, { action: 'assessment.appeal_decide', entityType: 'assessment_appeal', entityId: id, before: { status: r.status }, after: { kind: r.kind, outcome: input.outcome, delta, note: input.note } });
    if (input.outcome === 'changed') {
      const p = await trx.selectFrom('assessment_periods').select('code').where('id', '=', r.period_id).executeTakeFirstOrThrow();
      await recomputePeriod(deps, systemActor(actor.tenantId, actor.name), p.code, trx);
    }
    return updated;
  });
  const [view] = await present(deps, actor.tenantId, [row]);
  if (!view) throw new AppError('appeal_not_found');
  return view;
}

/** The leadership group extends a pending 申诉's decision deadline once, by up to 30 days, before it has passed. */
export async function extendAppeal(deps: Deps, actor: Actor, id: number, input: Extension): Promise<AppealView> {
  requirePermission(actor, 'assess.decide');
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  const row = await inTransaction(deps.db, async (trx) => {
    const r = await trx.selectFrom('assessment_appeals').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!r) throw new AppError('appeal_not_found');
    const clock = appealClock(r.kind, today, shanghaiDate(r.applied_at), dateOf(r.decided_at), today, { extendedDays: r.extended_days });
    const refused = appealExtension({ kind: r.kind, status: r.status, extendedDays: r.extended_days, decideBy: clock.decideBy }, input.days, today);
    if (refused) throw new AppError(refused.code, refused.message);
    const updated = await trx.updateTable('assessment_appeals').set({ extended_days: input.days, extension_note: input.note, extended_by: actor.accountId, extended_at: now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await recordTrace(trx, deps.clock, actor, { action: 'assessment.appeal_extend', entityType: 'assessment_appeal', entityId: id, before: { decideBy: clock.decideBy }, after: { days: input.days, note: input.note, decideBy: addDays(clock.decideBy ?? today, input.days) } });
    return updated;
  });
  const [view] = await present(deps, actor.tenantId, [row]);
  if (!view) throw new AppError('appeal_not_found');
  return view;
}
