import { sql, type QueryCreator, type Transaction } from 'kysely';
import { unitsProgress } from '@duban/shared';
import { executePrepared } from '../../db/prepared';
import type { DB } from '../../db/schema';
import type { Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { claimAttachments } from '../attachments/attachment.service';
import { recordTrace } from '../trace/trace.service';
import { actingUnit, combinedProgress, rollupAncestors, runAction } from './matter-action';
import { emitMatterEvent } from './matter-events';

export type ReportInput = { unitId?: number; progress: number; text: string; investmentDone?: number | null; attachmentIds: number[] };

/**
 * Links the actor's own uploads to what they document. Only files this person uploaded and that are
 * not attached to anything yet may be used; anything else is refused (409 attachment_not_available),
 * so nobody can attach, and then download, a file someone else uploaded.
 */
export async function linkAttachments(trx: Transaction<DB>, actor: Actor, matterId: number, ownerType: 'report' | 'completion', ownerId: number, ids: number[]): Promise<void> {
  if (!ids.length) return;
  await claimAttachments(trx, actor, ids, { type: ownerType, id: ownerId, matterId });
}

/**
 * 进度汇报: a unit reports % and text (with files). In one transaction: the report, the unit's %,
 * the matter's % (its units' average, or its children's roll-up when decomposed), milestones now
 * reached, the parents' roll-up, and the trace. Lean by design: it is the most frequent write.
 */
export async function reportProgress(deps: Deps, actor: Actor, id: number, input: ReportInput) {
  return runAction(deps, actor, id, 'report', async (trx, ctx, now) => {
    const unit = actingUnit(ctx, input.unitId);
    const m = ctx.matter;
    const units = ctx.units.map((u) => (u.id === unit.id ? { progress: input.progress } : { progress: Number(u.progress) }));
    // A decomposed matter's own report counts beside its children's progress (parentProgress).
    const progress = ctx.hasChildren ? (await combinedProgress(trx, actor.tenantId, id, unitsProgress(units))).progress : unitsProgress(units);
    const increased = progress > Number(m.progress);
    // The report and the unit's % in one statement (this and the next prepared on PostgreSQL).
    const reportInsert = trx
      .with('unit_row', (db) => db.updateTable('matter_units').set({ progress: input.progress, last_report_at: now }).where('id', '=', unit.id))
      .insertInto('progress_reports')
      .values({
        tenant_id: actor.tenantId,
        matter_id: id,
        unit_id: unit.unit_id,
        reporter_account_id: actor.accountId,
        reporter_name: actor.name,
        progress: input.progress,
        text: input.text,
        investment_done: input.investmentDone ?? null,
        created_at: now,
      })
      .returning('id');
    const report = (await executePrepared(trx, reportInsert.compile())).rows[0];
    if (!report) throw new Error('progress report not inserted');
    // The matter's % and, when it rose, the milestones it now reaches, in one statement.
    const reached = (db: QueryCreator<DB>) =>
      db.updateTable('milestones').set({ reached_at: now }).where('matter_id', '=', id).where('reached_at', 'is', null).where('planned_progress', '<=', sql<number>`${progress}`);
    const matterUpdate = (increased ? trx.with('reached', reached) : trx)
      .updateTable('matters')
      .set({
        progress,
        last_report_at: now,
        ...(increased ? { last_progress_at: now } : {}),
        ...(input.investmentDone !== undefined && input.investmentDone !== null ? { investment_done: input.investmentDone } : {}),
        updated_at: now,
        version: sql`version + 1`,
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', id);
    await executePrepared(trx, matterUpdate.compile());
    await linkAttachments(trx, actor, id, 'report', report.id, input.attachmentIds);
    if (progress !== Number(m.progress)) await rollupAncestors(trx, actor.tenantId, m.parent_id, now);
    await emitMatterEvent(trx, deps, { kind: 'reported', tenantId: actor.tenantId, matterId: id, actor, at: now, matter: m, unitId: unit.unit_id, data: { reportId: report.id, unitProgress: input.progress, progress } });
    await recordTrace(trx, deps.clock, actor, {
      action: 'matter.report',
      entityType: 'matter',
      entityId: id,
      before: { progress: Number(m.progress), unitProgress: Number(unit.progress) },
      after: { reportId: report.id, unitId: unit.unit_id, unitProgress: input.progress, progress, text: input.text, attachmentIds: input.attachmentIds },
    });
    return { status: m.status, event: 'matter.report' as const, data: { reportId: report.id, unitId: unit.unit_id, progress }, reportId: report.id, progress, unitProgress: input.progress };
  });
}
