import { AppError, validationError } from '../../errors';
import type { Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { enqueue } from '../outbox/outbox.service';
import { recordTrace } from '../trace/trace.service';
import { actingUnit, rollupAncestors, runAction } from './matter-action';
import { emitMatterEvent } from './matter-events';
import { unfinishedMatter } from './matter-status.sql';
import { linkAttachments } from './matter-report.service';
import * as repo from './matter.repository';

// 延期申请 / 审批, 申请办结 / 审核办结 / 退回.

const link = (id: number) => `/matters/${id}`;

/** 延期申请: a unit asks for a later deadline, with a reason; a sub-matter stays within its parent's. */
export function requestExtension(deps: Deps, actor: Actor, id: number, input: { unitId?: number; requestedDeadline: string; reason: string }) {
  return runAction(deps, actor, id, 'request_extension', async (trx, ctx, now) => {
    const unit = actingUnit(ctx, input.unitId);
    const m = ctx.matter;
    if (input.requestedDeadline <= m.deadline) throw validationError([{ field: 'requestedDeadline', message: `申请的时限应晚于当前时限 ${m.deadline}` }]);
    if (m.parent_id !== null) {
      const parent = await repo.findMatter(trx, actor.tenantId, m.parent_id);
      if (parent && input.requestedDeadline > parent.deadline) throw validationError([{ field: 'requestedDeadline', message: `子事项时限不能晚于上级事项时限（${parent.deadline}）` }]);
    }
    const pending = await trx.selectFrom('extension_requests').select('id').where('matter_id', '=', id).where('unit_id', '=', unit.unit_id).where('status', '=', 'pending').executeTakeFirst();
    // The facts were read with the matter; this re-reads under the matter's lock.
    if (pending) throw new AppError('extension_already_pending', undefined, { action: 'request_extension', status: m.status });
    const row = await trx
      .insertInto('extension_requests')
      .values({ tenant_id: actor.tenantId, matter_id: id, unit_id: unit.unit_id, requested_by: actor.accountId, requested_deadline: input.requestedDeadline, previous_deadline: m.deadline, reason: input.reason, status: 'pending', created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await enqueue(trx, {
      tenantId: actor.tenantId,
      kind: 'matter.extension_requested',
      eventKey: `matter.extension_requested:${row.id}`,
      matterId: id,
      title: `【延期申请】${m.number} ${m.title}`,
      body: `申请将时限由 ${m.deadline} 延至 ${input.requestedDeadline}。理由：${input.reason}`,
      link: link(id),
      personIds: await repo.officePeople(trx, actor.tenantId),
      at: now,
    });
    await repo.updateMatter(trx, actor.tenantId, id, {}, now);
    await recordTrace(trx, deps.clock, actor, { action: 'matter.extension_request', entityType: 'matter', entityId: id, after: { extensionId: row.id, unitId: unit.unit_id, requestedDeadline: input.requestedDeadline, reason: input.reason } });
    return { status: m.status, data: { extensionId: row.id } };
  });
}

/** 审批延期: approval moves the deadline (the original stays on record); either way the unit is told. */
export function decideExtension(deps: Deps, actor: Actor, id: number, extensionId: number, input: { approve: boolean; note?: string }) {
  return runAction(deps, actor, id, 'decide_extension', async (trx, { matter: m }, now) => {
    const ext = await trx.selectFrom('extension_requests').selectAll().where('tenant_id', '=', actor.tenantId).where('matter_id', '=', id).where('id', '=', extensionId).forUpdate().executeTakeFirst();
    if (!ext) throw new AppError('extension_not_found');
    if (ext.status !== 'pending') throw new AppError('invalid_transition', '该延期申请已审批', { action: 'decide_extension', status: m.status, allowedActions: [] });
    const status = input.approve ? 'approved' : 'rejected';
    await trx.updateTable('extension_requests').set({ status, decided_by: actor.accountId, decided_at: now, decision_note: input.note ?? null }).where('id', '=', ext.id).execute();
    if (input.approve) {
      await repo.updateMatter(trx, actor.tenantId, id, { deadline: ext.requested_deadline, deadline_provisional: false }, now);
      await emitMatterEvent(trx, deps, { kind: 'extended', tenantId: actor.tenantId, matterId: id, actor, at: now, matter: m, data: { from: m.deadline, to: ext.requested_deadline, extensionId: ext.id } });
    } else await repo.updateMatter(trx, actor.tenantId, id, {}, now);
    const requester = ext.requested_by === null ? null : await trx.selectFrom('accounts').select('person_id').where('id', '=', ext.requested_by).executeTakeFirst();
    const people = [...(ext.unit_id === null ? [] : await repo.liaisonsOf(trx, actor.tenantId, [ext.unit_id])), ...(requester?.person_id ? [requester.person_id] : [])];
    await enqueue(trx, {
      tenantId: actor.tenantId,
      kind: 'matter.extension_decided',
      eventKey: `matter.extension_decided:${ext.id}`,
      matterId: id,
      title: `【延期${input.approve ? '已批准' : '未批准'}】${m.number} ${m.title}`,
      body: input.approve ? `时限已由 ${ext.previous_deadline} 延至 ${ext.requested_deadline}。${input.note ?? ''}` : `延期申请未获批准，时限仍为 ${m.deadline}。${input.note ?? ''}`,
      link: link(id),
      personIds: people,
      at: now,
    });
    await recordTrace(trx, deps.clock, actor, {
      action: 'matter.extension_decide',
      entityType: 'matter',
      entityId: id,
      before: { deadline: m.deadline },
      after: { extensionId: ext.id, decision: status, deadline: input.approve ? ext.requested_deadline : m.deadline, note: input.note ?? null },
    });
    return { status: m.status };
  });
}

/**
 * 申请办结: a unit asks to finish, with evidence. The matter itself waits for the office's review
 * only once every unit has asked (同时办结), and never while a sub-matter is still open.
 */
export function requestCompletion(deps: Deps, actor: Actor, id: number, input: { unitId?: number; evidence: string; attachmentIds: number[] }) {
  return runAction(deps, actor, id, 'request_completion', async (trx, ctx, now) => {
    const unit = actingUnit(ctx, input.unitId);
    const m = ctx.matter;
    const openChild = await trx
      .selectFrom('matters')
      .select('id')
      .where('tenant_id', '=', actor.tenantId)
      .where('parent_id', '=', id)
      .where(unfinishedMatter(null))
      .limit(1)
      .executeTakeFirst();
    if (openChild) throw new AppError('sub_matters_open', '子事项尚未全部办结，不能申请办结', { action: 'request_completion', status: m.status });
    await trx.updateTable('completion_requests').set({ status: 'superseded' }).where('matter_id', '=', id).where('unit_id', '=', unit.unit_id).where('status', '=', 'pending').execute();
    const row = await trx
      .insertInto('completion_requests')
      .values({ tenant_id: actor.tenantId, matter_id: id, unit_id: unit.unit_id, requested_by: actor.accountId, evidence: input.evidence, status: 'pending', created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('matter_units').set({ status: 'completion_requested', completion_requested_at: now }).where('id', '=', unit.id).execute();
    await linkAttachments(trx, actor, id, 'completion', row.id, input.attachmentIds);
    const allAsked = ctx.units.every((u) => u.id === unit.id || u.status === 'completion_requested' || u.status === 'completed');
    const status = allAsked ? 'completion_requested' : m.status;
    await repo.updateMatter(trx, actor.tenantId, id, allAsked ? { status, completion_requested_at: now } : {}, now);
    if (allAsked) {
      await enqueue(trx, {
        tenantId: actor.tenantId,
        kind: 'matter.completion_requested',
        eventKey: `matter.completion_requested:${id}:${row.id}`,
        matterId: id,
        title: `【申请办结】${m.number} ${m.title}`,
        body: `各责任单位均已申请办结，请审核。`,
        link: link(id),
        personIds: await repo.officePeople(trx, actor.tenantId),
        at: now,
      });
    }
    await recordTrace(trx, deps.clock, actor, { action: 'matter.completion_request', entityType: 'matter', entityId: id, before: { status: m.status }, after: { status, completionId: row.id, unitId: unit.unit_id, evidence: input.evidence } });
    return { status, data: { completionId: row.id } };
  });
}

/** 审核办结: the office accepts; the matter is closed (办结) at 100% and its parents roll up. */
export function acceptCompletion(deps: Deps, actor: Actor, id: number, input: { note?: string }) {
  return runAction(deps, actor, id, 'accept_completion', async (trx, { matter: m }, now) => {
    await trx.updateTable('completion_requests').set({ status: 'accepted', decided_by: actor.accountId, decided_at: now, decision_note: input.note ?? null }).where('matter_id', '=', id).where('status', '=', 'pending').execute();
    await trx.updateTable('matter_units').set({ status: 'completed', completed_at: now, progress: 100 }).where('matter_id', '=', id).execute();
    await repo.updateMatter(trx, actor.tenantId, id, { status: 'closed', closed_at: now, progress: 100, colour: null, colour_reasons: null, ...(Number(m.progress) < 100 ? { last_progress_at: now } : {}) }, now);
    await rollupAncestors(trx, actor.tenantId, m.parent_id, now);
    await emitMatterEvent(trx, deps, { kind: 'closed', tenantId: actor.tenantId, matterId: id, actor, at: now, matter: m, data: { note: input.note ?? null } });
    if (m.colour !== null) await emitMatterEvent(trx, deps, { kind: 'colour_changed', tenantId: actor.tenantId, matterId: id, actor, at: now, from: m.colour, to: null, reasons: [] });
    await recordTrace(trx, deps.clock, actor, { action: 'matter.complete', entityType: 'matter', entityId: id, before: { status: m.status, progress: Number(m.progress) }, after: { status: 'closed', progress: 100, note: input.note ?? null } });
    return { status: 'closed' };
  });
}

/** 退回: the office sends the matter back to work (all units, or those named), with a reason. */
export function returnMatter(deps: Deps, actor: Actor, id: number, input: { reason: string; unitIds?: number[] }) {
  return runAction(deps, actor, id, 'return', async (trx, { matter: m, units }, now) => {
    const asked = units.filter((u) => u.status === 'completion_requested');
    const unknown = (input.unitIds ?? []).filter((uid) => !asked.some((u) => u.unit_id === uid));
    if (unknown.length) throw validationError([{ field: 'unitIds', message: `这些单位没有待审核的办结申请：${unknown.join('、')}` }]);
    const targets = input.unitIds?.length ? asked.filter((u) => input.unitIds?.includes(u.unit_id)) : asked;
    const ids = targets.map((u) => u.unit_id);
    if (ids.length) {
      await trx.updateTable('matter_units').set({ status: 'signed', completion_requested_at: null }).where('matter_id', '=', id).where('unit_id', 'in', ids).execute();
      await trx
        .updateTable('completion_requests')
        .set({ status: 'returned', decided_by: actor.accountId, decided_at: now, decision_note: input.reason })
        .where('matter_id', '=', id)
        .where('unit_id', 'in', ids)
        .where('status', '=', 'pending')
        .execute();
    }
    await repo.updateMatter(trx, actor.tenantId, id, { status: 'in_progress', completion_requested_at: null, return_count: m.return_count + 1 }, now);
    await enqueue(trx, {
      tenantId: actor.tenantId,
      kind: 'matter.returned',
      eventKey: `matter.returned:${id}:${now.getTime()}`,
      matterId: id,
      title: `【退回】${m.number} ${m.title}`,
      body: `办结申请被退回，请继续办理。理由：${input.reason}`,
      link: link(id),
      personIds: [...(await repo.liaisonsOf(trx, actor.tenantId, ids)), ...(await repo.handlersOf(trx, id, ids))],
      at: now,
    });
    await emitMatterEvent(trx, deps, { kind: 'returned', tenantId: actor.tenantId, matterId: id, actor, at: now, matter: m, data: { unitIds: ids, reason: input.reason } });
    await recordTrace(trx, deps.clock, actor, { action: 'matter.return', entityType: 'matter', entityId: id, before: { status: m.status }, after: { status: 'in_progress', units: ids, reason: input.reason } });
    return { status: 'in_progress' };
  });
}
