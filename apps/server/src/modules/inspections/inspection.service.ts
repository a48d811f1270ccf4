import { canTransition, MATTER_STATUS_LABELS, TRANSITIONS, type InspectionDetail, type inspectionInputSchema } from '@duban/shared';
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema';
import { AppError, validationError } from '../../errors';
import { requireAnyPermission, requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { attachmentsByOwner, claimAttachments } from '../attachments/attachment.service';
import { findVisibleMatter, inspectionScope } from '../attachments/matter-access';
import { enqueue } from '../outbox/outbox.service';
import { emitMatterEvent } from '../matters/matter-events';
import { recordTrace } from '../trace/trace.service';
import { presentInspection } from './inspection.presenter';
import * as repo from './inspection.repository';

/** Why a dispute sends a matter back (退回), as the handlers read it. */
export const DISPUTE_REASON = '现场督查与汇报不符';

type Input = z.infer<typeof inspectionInputSchema>;
type Matter = Awaited<ReturnType<typeof findVisibleMatter>>;

/**
 * Records a field inspection (现场督查). A finding that disputes the reports marks the latest
 * report disputed, returns a pending completion request (the matter goes back to 办理中 as with
 * 退回) and owes the units' liaisons and the handlers a message; all in one transaction.
 */
export async function createInspection(deps: Deps, actor: Actor, matterId: number, input: Input): Promise<InspectionDetail> {
  requirePermission(actor, 'matter.inspect');
  const matter = await findVisibleMatter(deps.db, inspectionScope(actor), matterId);
  if (!canTransition(matter.status, 'inspect')) {
    throw new AppError('invalid_transition', `事项当前为“${MATTER_STATUS_LABELS[matter.status]}”，不能记录现场督查`, { allowedFrom: TRANSITIONS.inspect.from });
  }
  const now = deps.clock.now();
  const inspectedAt = new Date(input.inspectedAt);
  if (inspectedAt.getTime() > now.getTime() + 10 * 60_000) throw validationError([{ field: 'inspectedAt', message: '督查时间不能晚于当前时间' }]);
  if ((input.lat == null) !== (input.lng == null)) throw validationError([{ field: 'lat', message: '经纬度须同时填写' }]);
  const inspectorIds = [...new Set(input.inspectorIds?.length ? input.inspectorIds : actor.personId !== null ? [actor.personId] : [])];
  if (inspectorIds.length) {
    const found = await deps.db.selectFrom('people').select('id').where('tenant_id', '=', actor.tenantId).where('id', 'in', inspectorIds).execute();
    const missing = inspectorIds.filter((id) => !found.some((p) => p.id === id));
    if (missing.length) throw new AppError('person_not_found', `督查人员（编号 ${missing.join('、')}）不存在`);
  }
  if (input.campaignId != null) {
    const c = await deps.db.selectFrom('inspection_campaigns').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', input.campaignId).executeTakeFirst();
    if (!c) throw new AppError('campaign_not_found');
  }

  const id = await inTransaction(deps.db, async (trx) => {
    const report = await repo.latestReport(trx, matter.id);
    const row = await trx
      .insertInto('inspections')
      .values({
        tenant_id: actor.tenantId,
        matter_id: matter.id,
        campaign_id: input.campaignId ?? null,
        inspected_at: inspectedAt,
        location: input.location ?? '',
        lat: input.lat ?? null,
        lng: input.lng ?? null,
        accuracy: input.accuracy ?? null,
        finding: input.finding,
        unannounced: input.unannounced ?? false,
        notes: input.notes ?? '',
        report_id: report?.id ?? null,
        recorded_by: actor.accountId,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (inspectorIds.length) await trx.insertInto('inspection_inspectors').values(inspectorIds.map((person_id) => ({ inspection_id: row.id, person_id }))).execute();
    const files = await claimAttachments(trx, actor, input.attachmentIds ?? [], { type: 'inspection', id: row.id, matterId: matter.id });
    const returned = input.finding === 'disputes' ? await disputeReports(trx, deps, actor, matter, row.id, report?.id ?? null, now) : false;
    if (input.finding !== 'confirms') {
      const what = input.finding === 'disputes' ? `${DISPUTE_REASON}${returned ? '，办结申请已退回' : ''}` : '发现问题';
      await enqueue(trx, {
        tenantId: actor.tenantId,
        kind: input.finding === 'disputes' ? 'inspection.disputed' : 'inspection.problem',
        eventKey: `inspection.${input.finding}:${row.id}`,
        matterId: matter.id,
        title: `现场督查：${what}（${matter.number}）`,
        body: `${matter.title}：${what}。${input.notes ? `督查意见：${input.notes}` : ''}请尽快核实整改并如实汇报。`,
        link: `/matters/${matter.id}`,
        payload: { inspectionId: row.id, finding: input.finding, returnedCompletion: returned },
        personIds: await repo.matterResponsibles(trx, actor.tenantId, matter.id),
        at: now,
      });
    }
    await recordTrace(trx, deps.clock, actor, {
      action: 'inspection.create',
      entityType: 'inspection',
      entityId: row.id,
      after: { matterId: matter.id, finding: input.finding, unannounced: input.unannounced ?? false, location: input.location ?? '', inspectorIds, attachmentIds: files.map((f) => f.id), returnedCompletion: returned },
    });
    return row.id;
  });
  const [detail] = await loadInspections(deps, actor.tenantId, { ids: [id] });
  if (!detail) throw new AppError('not_found');
  return detail;
}

// The dispute's effect: the latest report is marked disputed; a pending completion request is
// returned and the matter goes back to 办理中, exactly as the office's 退回 would.
async function disputeReports(trx: Transaction<DB>, deps: Deps, actor: Actor, matter: Matter, inspectionId: number, reportId: number | null, now: Date): Promise<boolean> {
  if (reportId !== null) await trx.updateTable('progress_reports').set({ disputed_at: now }).where('id', '=', reportId).execute();
  const returned = await trx
    .updateTable('completion_requests')
    .set({ status: 'returned', decided_by: actor.accountId, decided_at: now, decision_note: DISPUTE_REASON })
    .where('tenant_id', '=', actor.tenantId)
    .where('matter_id', '=', matter.id)
    .where('status', '=', 'pending')
    .returning(['id', 'unit_id'])
    .execute();
  if (matter.status !== 'completion_requested' && !returned.length) return false;
  // The whole row as it was, for the 'returned' event's subscribers.
  const before = await trx.selectFrom('matters').selectAll().where('id', '=', matter.id).executeTakeFirstOrThrow();
  if (matter.status === 'completion_requested') {
    await trx
      .updateTable('matters')
      .set((eb) => ({ status: 'in_progress', completion_requested_at: null, return_count: eb('return_count', '+', 1), version: eb('version', '+', 1), updated_at: now }))
      .where('id', '=', matter.id)
      .execute();
  }
  await trx
    .updateTable('matter_units')
    .set({ status: 'signed', completion_requested_at: null })
    .where('matter_id', '=', matter.id)
    .where('status', '=', 'completion_requested')
    .execute();
  await trx.updateTable('inspections').set({ returned_completion: true }).where('id', '=', inspectionId).execute();
  await emitMatterEvent(trx, deps, { kind: 'returned', tenantId: actor.tenantId, matterId: matter.id, actor, at: now, matter: before, data: { reason: DISPUTE_REASON, inspectionId, completionRequestIds: returned.map((r) => r.id) } });
  await recordTrace(trx, deps.clock, actor, {
    action: 'inspection.return',
    entityType: 'matter',
    entityId: matter.id,
    before: { status: matter.status },
    after: { status: matter.status === 'completion_requested' ? 'in_progress' : matter.status, reason: DISPUTE_REASON, inspectionId, completionRequestIds: returned.map((r) => r.id) },
  });
  return true;
}

async function loadInspections(deps: Deps, tenantId: number, where: Parameters<typeof repo.listInspections>[2]): Promise<InspectionDetail[]> {
  const rows = await repo.listInspections(deps.db, tenantId, where);
  const ids = rows.map((r) => r.id);
  const [inspectors, files] = await Promise.all([repo.inspectorsOf(deps.db, ids), attachmentsByOwner(deps, tenantId, 'inspection', ids)]);
  return rows.map((r) =>
    presentInspection(
      r,
      inspectors.filter((i) => i.inspection_id === r.id).map((i) => i.name),
      files.get(r.id) ?? [],
    ),
  );
}

/** A matter's inspections, newest first, for those who see the matter (and for inspectors). */
export async function listMatterInspections(deps: Deps, actor: Actor, matterId: number): Promise<InspectionDetail[]> {
  requireAnyPermission(actor, 'matter.read', 'matter.inspect');
  const matter = await findVisibleMatter(deps.db, inspectionScope(actor), matterId);
  return loadInspections(deps, actor.tenantId, { matterId: matter.id });
}

/** The inspections of a campaign (督查活动), for the office and inspectors. */
export async function listCampaignInspections(deps: Deps, actor: Actor, campaignId: number): Promise<InspectionDetail[]> {
  requirePermission(actor, 'matter.inspect');
  return loadInspections(deps, actor.tenantId, { campaignId });
}
