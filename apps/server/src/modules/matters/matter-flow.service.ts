import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError, validationError } from '../../errors';
import type { Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { enqueue } from '../outbox/outbox.service';
import { recordTrace } from '../trace/trace.service';
import { actingUnit, rollupAncestors, runAction } from './matter-action';
import { emitMatterEvent } from './matter-events';
import * as repo from './matter.repository';

// 交办, 签收, 指定承办人, 撤销, 评价, 归档, 催办: the office's and the units' plain lifecycle steps.

const link = (id: number) => `/matters/${id}`;

/** 交办: hands a registered matter to all its units at once; each unit's liaisons are told. */
export function assignMatter(deps: Deps, actor: Actor, id: number, input: { note?: string; version: number }) {
  return runAction(deps, actor, id, 'assign', async (trx, { matter, units }, now) => {
    if (matter.version !== input.version) throw new AppError('version_conflict', undefined, { currentVersion: matter.version });
    const row = await repo.updateMatter(trx, actor.tenantId, id, { status: 'assigned', assigned_at: now }, now);
    await trx.updateTable('matter_units').set({ status: 'pending', assigned_at: now }).where('matter_id', '=', id).execute();
    for (const u of units) {
      const people = [...(await repo.liaisonsOf(trx, actor.tenantId, [u.unit_id])), ...(await repo.handlersOf(trx, id, [u.unit_id]))];
      await enqueue(trx, {
        tenantId: actor.tenantId,
        kind: 'matter.assigned',
        eventKey: `matter.assigned:${id}:${u.unit_id}:${now.getTime()}`,
        matterId: id,
        title: `【交办】${matter.number} ${matter.title}`,
        body: `请${u.role === 'lead' ? '牵头' : '配合'}办理，时限 ${matter.deadline}，请及时签收。${input.note ? `交办意见：${input.note}` : ''}`,
        link: link(id),
        personIds: people,
        at: now,
      });
    }
    await recordTrace(trx, deps.clock, actor, { action: 'matter.assign', entityType: 'matter', entityId: id, before: { status: matter.status }, after: { status: row.status, units: units.map((u) => u.unit_id), note: input.note ?? null } });
    return { status: row.status };
  });
}

/** 签收: one unit signs for the matter; the first signature puts the matter in progress. */
export function signMatter(deps: Deps, actor: Actor, id: number, input: { unitId?: number }) {
  return runAction(deps, actor, id, 'sign', async (trx, ctx, now) => {
    const unit = actingUnit(ctx, input.unitId);
    await trx.updateTable('matter_units').set({ status: 'signed', signed_at: now, signed_by: actor.accountId }).where('id', '=', unit.id).execute();
    const status = ctx.matter.status === 'assigned' ? 'in_progress' : ctx.matter.status;
    await repo.updateMatter(trx, actor.tenantId, id, { status }, now);
    await emitMatterEvent(trx, deps, { kind: 'signed', tenantId: actor.tenantId, matterId: id, actor, at: now, matter: ctx.matter, unitId: unit.unit_id, data: {} });
    await recordTrace(trx, deps.clock, actor, { action: 'matter.sign', entityType: 'matter', entityId: id, before: { status: ctx.matter.status, unitStatus: unit.status }, after: { status, unitId: unit.unit_id, unitStatus: 'signed' } });
    return { status };
  });
}

/** 指定承办人: a unit hands the matter to handlers of its own. */
export function delegateMatter(deps: Deps, actor: Actor, id: number, input: { unitId?: number; handlerIds: number[] }) {
  return runAction(deps, actor, id, 'delegate', async (trx, ctx, now) => {
    const unit = actingUnit(ctx, input.unitId);
    const people = await trx.selectFrom('people').select(['id', 'unit_id', 'active']).where('tenant_id', '=', actor.tenantId).where('id', 'in', input.handlerIds).execute();
    const issues = input.handlerIds.flatMap((pid, i) => {
      const p = people.find((x) => x.id === pid);
      if (!p) return [{ field: `handlerIds.${i}`, message: `人员（编号 ${pid}）不存在` }];
      if (p.unit_id !== unit.unit_id || !p.active) return [{ field: `handlerIds.${i}`, message: '只能指定本单位在岗人员为承办人' }];
      return [];
    });
    if (issues.length) throw validationError(issues);
    await repo.insertHandlers(trx, actor.tenantId, id, input.handlerIds.map((personId) => ({ personId, unitId: unit.unit_id })), actor.accountId, now);
    await enqueue(trx, {
      tenantId: actor.tenantId,
      kind: 'matter.delegated',
      eventKey: `matter.delegated:${id}:${unit.unit_id}:${now.getTime()}`,
      matterId: id,
      title: `【承办】${ctx.matter.number} ${ctx.matter.title}`,
      body: `您已被指定为该事项的承办人，时限 ${ctx.matter.deadline}。`,
      link: link(id),
      personIds: input.handlerIds,
      at: now,
    });
    await recordTrace(trx, deps.clock, actor, { action: 'matter.delegate', entityType: 'matter', entityId: id, after: { unitId: unit.unit_id, handlerIds: input.handlerIds } });
    return { status: ctx.matter.status };
  });
}

/** 撤销: the office withdraws an open matter, with a reason; the parent's roll-up leaves it out. */
export function cancelMatter(deps: Deps, actor: Actor, id: number, input: { reason: string }) {
  return runAction(deps, actor, id, 'cancel', async (trx, { matter }, now) => {
    await repo.updateMatter(trx, actor.tenantId, id, { status: 'cancelled', cancelled_at: now, cancel_reason: input.reason, colour: null, colour_reasons: null }, now);
    await rollupAncestors(trx, actor.tenantId, matter.parent_id, now);
    const notices = await closeNotices(trx, id, now);
    if (matter.colour !== null) await emitMatterEvent(trx, deps, { kind: 'colour_changed', tenantId: actor.tenantId, matterId: id, actor, at: now, from: matter.colour, to: null, reasons: [] });
    await recordTrace(trx, deps.clock, actor, { action: 'matter.cancel', entityType: 'matter', entityId: id, before: { status: matter.status }, after: { status: 'cancelled', reason: input.reason, closedNotices: notices } });
    return { status: 'cancelled' };
  });
}

/** 评价: the office rates a closed matter 1–5. */
export function rateMatter(deps: Deps, actor: Actor, id: number, input: { rating: number; comment?: string }) {
  return runAction(deps, actor, id, 'rate', async (trx, { matter }, now) => {
    await repo.updateMatter(trx, actor.tenantId, id, { rating: input.rating, rating_comment: input.comment ?? null }, now);
    await recordTrace(trx, deps.clock, actor, { action: 'matter.rate', entityType: 'matter', entityId: id, before: { rating: matter.rating, comment: matter.rating_comment }, after: { rating: input.rating, comment: input.comment ?? null } });
    return { status: matter.status };
  });
}

/** 归档: a closed matter goes to the archive. */
export function archiveMatter(deps: Deps, actor: Actor, id: number) {
  return runAction(deps, actor, id, 'archive', async (trx, { matter }, now) => {
    await repo.updateMatter(trx, actor.tenantId, id, { status: 'archived', archived_at: now }, now);
    const notices = await closeNotices(trx, id, now);
    await recordTrace(trx, deps.clock, actor, { action: 'matter.archive', entityType: 'matter', entityId: id, before: { status: matter.status }, after: { status: 'archived', closedNotices: notices } });
    return { status: 'archived' };
  });
}

/** A matter's notices close with it (archive, cancel): nobody waits on them any more. Returns their numbers. */
async function closeNotices(trx: Transaction<DB>, matterId: number, now: Date): Promise<string[]> {
  const rows = await trx.updateTable('notices').set({ closed_at: now }).where('matter_id', '=', matterId).where('closed_at', 'is', null).returning('number').execute();
  return rows.map((r) => r.number);
}

/** 催办: a reminder by hand to the liaisons and handlers of the units still working on it. */
export function urgeMatter(deps: Deps, actor: Actor, id: number, input: { message?: string }) {
  return runAction(deps, actor, id, 'urge', async (trx, { matter, units }, now) => {
    const open = units.filter((u) => u.status !== 'completed' && u.status !== 'completion_requested').map((u) => u.unit_id);
    const unitIds = open.length ? open : units.map((u) => u.unit_id);
    const message = input.message?.trim() || `请抓紧办理，时限 ${matter.deadline}，并及时汇报进度。`;
    const urge = await trx.insertInto('urges').values({ tenant_id: actor.tenantId, matter_id: id, urged_by: actor.accountId, message, created_at: now }).returning('id').executeTakeFirstOrThrow();
    const people = [...(await repo.liaisonsOf(trx, actor.tenantId, unitIds)), ...(await repo.handlersOf(trx, id, unitIds))];
    await enqueue(trx, {
      tenantId: actor.tenantId,
      kind: 'matter.urged',
      eventKey: `matter.urged:${urge.id}`,
      matterId: id,
      title: `【催办】${matter.number} ${matter.title}`,
      body: message,
      link: link(id),
      payload: { urgeId: urge.id, by: actor.name },
      personIds: people,
      at: now,
    });
    await repo.updateMatter(trx, actor.tenantId, id, {}, now);
    await recordTrace(trx, deps.clock, actor, { action: 'matter.urge', entityType: 'matter', entityId: id, after: { urgeId: urge.id, message, units: unitIds } });
    return { status: matter.status, data: { urgeId: urge.id } };
  });
}
