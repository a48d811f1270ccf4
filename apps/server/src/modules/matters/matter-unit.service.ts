import { unitsProgress, type SettleUnitInput } from '@duban/shared';
import { validationError } from '../../errors';
import type { Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { enqueue } from '../outbox/outbox.service';
import { recordTrace } from '../trace/trace.service';
import { rollupAncestors, runAction } from './matter-action';
import * as repo from './matter.repository';

/**
 * 单位办结/改派: the office settles one unit's open part without editing the matter, for a unit that cannot act
 * (typically nobody there has an active account, so it can never sign or ask to finish). `close` counts the part as
 * done (100%); `reassign` hands it to another unit, which signs for it anew. Either way the reason is traced, and
 * when every remaining unit has asked to finish the matter goes to review as 申请办结 would.
 */
export function settleUnit(deps: Deps, actor: Actor, id: number, input: SettleUnitInput) {
  return runAction(deps, actor, id, 'settle_unit', async (trx, ctx, now) => {
    const m = ctx.matter;
    const unit = ctx.units.find((u) => u.unit_id === input.unitId);
    if (!unit) throw validationError([{ field: 'unitId', message: '该单位不是此事项的责任单位' }]);
    if (unit.status !== 'pending' && unit.status !== 'signed') throw validationError([{ field: 'unitId', message: '该单位已申请办结或已办结，请通过审核办结或退回处理' }]);
    const before = { unitId: unit.unit_id, role: unit.role, status: unit.status, progress: Number(unit.progress) };

    if (input.mode === 'close') {
      await trx.updateTable('matter_units').set({ status: 'completed', completed_at: now, progress: 100 }).where('id', '=', unit.id).execute();
      const units = ctx.units.map((u) => (u.id === unit.id ? { ...u, status: 'completed' as const, progress: 100 } : u));
      const progress = ctx.hasChildren ? Number(m.progress) : unitsProgress(units.map((u) => ({ progress: Number(u.progress) })));
      const allAsked = units.every((u) => u.status === 'completion_requested' || u.status === 'completed');
      const status = allAsked ? 'completion_requested' : m.status;
      await repo.updateMatter(trx, actor.tenantId, id, { progress, ...(allAsked ? { status, completion_requested_at: now } : {}), ...(progress > Number(m.progress) ? { last_progress_at: now } : {}) }, now);
      await rollupAncestors(trx, actor.tenantId, m.parent_id, now);
      if (allAsked) {
        await enqueue(trx, {
          tenantId: actor.tenantId,
          kind: 'matter.completion_requested',
          eventKey: `matter.completion_requested:${id}:settle:${unit.id}:${now.getTime()}`,
          matterId: id,
          title: `【申请办结】${m.number} ${m.title}`,
          body: '各责任单位均已申请办结或已由督查办办结，请审核。',
          link: `/matters/${id}`,
          personIds: await repo.officePeople(trx, actor.tenantId),
          at: now,
        });
      }
      await recordTrace(trx, deps.clock, actor, { action: 'matter.unit_close', entityType: 'matter', entityId: id, before: { ...before, matterStatus: m.status }, after: { unitId: unit.unit_id, status: 'completed', progress: 100, matterStatus: status, reason: input.reason } });
      return { status };
    }

    const toUnitId = input.toUnitId ?? 0;
    if (ctx.units.some((u) => u.unit_id === toUnitId)) throw validationError([{ field: 'toUnitId', message: '该单位已是此事项的责任单位' }]);
    const target = await trx.selectFrom('units').select(['id', 'name']).where('tenant_id', '=', actor.tenantId).where('id', '=', toUnitId).where('active', '=', true).executeTakeFirst();
    if (!target) throw validationError([{ field: 'toUnitId', message: '单位不存在或已停用' }]);
    await trx.deleteFrom('matter_handlers').where('matter_id', '=', id).where('unit_id', '=', unit.unit_id).execute();
    await trx
      .updateTable('matter_units')
      .set({ unit_id: toUnitId, status: 'pending', progress: 0, assigned_at: now, signed_at: null, signed_by: null, last_report_at: null, completion_requested_at: null, completed_at: null })
      .where('id', '=', unit.id)
      .execute();
    const units = ctx.units.map((u) => (u.id === unit.id ? { progress: 0 } : { progress: Number(u.progress) }));
    const progress = ctx.hasChildren ? Number(m.progress) : unitsProgress(units);
    await repo.updateMatter(trx, actor.tenantId, id, { progress, ...(unit.role === 'lead' ? { lead_unit_id: toUnitId } : {}) }, now);
    await rollupAncestors(trx, actor.tenantId, m.parent_id, now);
    await enqueue(trx, {
      tenantId: actor.tenantId,
      kind: 'matter.assigned',
      eventKey: `matter.assigned:${id}:${toUnitId}:${now.getTime()}`,
      matterId: id,
      title: `【交办】${m.number} ${m.title}`,
      body: `督查办将该事项中原由其他单位承担的部分改派给贵单位，请及时签收。时限：${m.deadline}`,
      link: `/matters/${id}`,
      personIds: await repo.liaisonsOf(trx, actor.tenantId, [toUnitId]),
      at: now,
    });
    await recordTrace(trx, deps.clock, actor, { action: 'matter.unit_reassign', entityType: 'matter', entityId: id, before, after: { unitId: toUnitId, unitName: target.name, role: unit.role, status: 'pending', reason: input.reason } });
    return { status: m.status };
  });
}
