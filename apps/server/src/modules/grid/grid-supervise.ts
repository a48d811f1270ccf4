import { matterCreateSchema, readGridSettings, shanghaiDate, workingMinutesBetween, GRID_URGENCY_LABELS, type GridUrgency } from '@duban/shared';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { systemActor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { assignMatter } from '../matters/matter-flow.service';
import { onMatterClosed } from '../matters/matter-closed';
import { createMatter } from '../matters/matter.service';
import type { Matter } from '../matters/matter.table';
import { recordTrace } from '../trace/trace.service';
import { onProblemClosed } from './grid-hooks';
import { tellReporter } from './grid-notify';
import { timingFor } from './grid-timing';
import { closeHold, recordStep, updateProblem, type ProblemRecord } from './problem.repository';

/**
 * 转入督办: a problem that leaves the district level past its limit, or is passed up to the top level, becomes a
 * supervised matter (source 网格上报) through the matters module's own createMatter, so it is numbered, coloured
 * by the sweep and reminded like any other. It is linked both ways (grid_problems.matter_id; matters.origin_type
 * 'grid_problem' / origin_id) and its lead unit is the unit responsible for the problem: the unit it was
 * dispatched to, else its category's default department, else the tenant's setting (superviseLeadUnitId), else the
 * unit of the street or community that held it. Closing (办结) the matter closes the problem with feedback to
 * whoever reported it (the hook at the end of this file).
 */

const TITLE_MAX = 200;
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A matter created for a problem, to be 交办 once its transaction has committed. */
export type SupervisedMatter = { matterId: number; version: number; tenantId: number; ticket: string };

async function leadUnitOf(trx: Transaction<DB>, p: ProblemRecord, fallback: number | null): Promise<number | null> {
  if (p.dispatched_unit_id !== null) return p.dispatched_unit_id;
  const cat = await trx.selectFrom('grid_categories').select('default_unit_id').where('id', '=', p.category_id).executeTakeFirst();
  if (cat?.default_unit_id) return cat.default_unit_id;
  if (fallback !== null) return fallback;
  if (p.hold_unit_id !== null) return p.hold_unit_id;
  // The nearest unit on the problem's cell chain (its community's or street's office).
  let cellId = p.cell_id;
  for (let i = 0; cellId !== null && i < 8; i++) {
    const c = await trx.selectFrom('grid_cells').select(['unit_id', 'parent_id']).where('id', '=', cellId).executeTakeFirst();
    if (!c) break;
    if (c.unit_id !== null) return c.unit_id;
    cellId = c.parent_id;
  }
  return null;
}

/**
 * Registers the supervised matter of a problem inside the caller's transaction (the problem row as it is after
 * the climb). Null when the tenant turned supervision off, the problem already has its matter, or no unit can
 * lead it (the timeline says so). `by` names who triggered it in the matter's trace.
 */
export async function superviseProblem(trx: Transaction<DB>, deps: Deps, p: ProblemRecord, reason: string, now: Date, by: string): Promise<SupervisedMatter | null> {
  if (p.matter_id !== null) return null;
  const raw = await trx.selectFrom('grid_settings').select('settings').where('tenant_id', '=', p.tenant_id).executeTakeFirst();
  const settings = readGridSettings(raw?.settings);
  if (!settings.superviseEnabled) return null;
  const unitId = await leadUnitOf(trx, p, settings.superviseLeadUnitId);
  if (unitId === null) {
    await recordStep(trx, p, { action: 'supervise', from: p.status, to: p.status, note: '未能转入督办：问题未派遣、类别未设默认责任部门，网格设置中也未指定督办牵头单位', public: false }, now, null);
    return null;
  }
  const actor = systemActor(p.tenant_id, by);
  const content = [`网格问题 ${p.ticket}（${GRID_URGENCY_LABELS[p.urgency as GridUrgency]}）：${p.title}`, p.description, p.address ? `地点：${p.address}` : '', `转入督办原因：${reason}`].filter(Boolean).join('\n');
  const matter: Matter = await createMatter(
    trx,
    deps,
    actor,
    matterCreateSchema.parse({
      title: clip(`网格问题：${p.title}`, TITLE_MAX),
      content,
      source: 'grid',
      sourceDoc: `网格问题 ${p.ticket}`,
      leadUnitId: unitId,
      startDate: shanghaiDate(now),
      deadlineWorkdays: settings.superviseWorkdays,
      priority: p.urgency === 'normal' ? 'normal' : 'urgent',
    }),
  );
  await trx.updateTable('matters').set({ origin_type: 'grid_problem', origin_id: Number(p.id) }).where('id', '=', matter.id).execute();
  const row = await updateProblem(trx, p.id, { matter_id: matter.id }, now);
  await recordStep(trx, row, { action: 'supervise', from: p.status, to: p.status, note: `转入督办：${matter.number}（${reason}）`, data: { matterId: matter.id, number: matter.number }, public: true }, now, null);
  await recordTrace(trx, deps.clock, actor, { action: 'grid.supervise', entityType: 'grid_problem', entityId: p.id, after: { matterId: matter.id, number: matter.number, leadUnitId: unitId, reason } });
  await tellReporter(trx, row, 'supervised', `您反映的问题（编号 ${p.ticket}）已转入督办（${matter.number}），由督查部门跟踪办理。`, now);
  return { matterId: matter.id, version: matter.version, tenantId: p.tenant_id, ticket: p.ticket };
}

/** 交办 the matters created in a committed transaction (each unit's people are told; the sweep's clock runs). */
export async function assignSupervised(deps: Deps, created: readonly SupervisedMatter[]): Promise<void> {
  for (const m of created) await assignMatter(deps, systemActor(m.tenantId, '系统（网格转入督办）'), m.matterId, { version: m.version, note: `网格问题 ${m.ticket} 逾期未办结，转入督办` });
}

// The matter closes (办结): the problem it came from closes its loop — 结案 at the level holding it, the hold
// closed, the statistics counted, the reporter told — in the same transaction as the closing.
onMatterClosed(async (trx, deps, actor, matter, now) => {
  const problems = await trx.selectFrom('grid_problems').selectAll().where('tenant_id', '=', matter.tenant_id).where('matter_id', '=', matter.id).where('closed_at', 'is', null).forUpdate().execute();
  for (const p of problems) {
    const cat = await trx.selectFrom('grid_categories').select('parent_id').where('id', '=', p.category_id).executeTakeFirst();
    // Read through the transaction: the embedded engine has a single connection.
    const timing = await timingFor(trx, { ...p, category_parent_id: cat?.parent_id ?? null, urgency: p.urgency });
    const row = await updateProblem(trx, p.id, { status: 'closed', closed_at: now, resolved_level: p.hold_level, stage_deadline: null, hold_deadline: null, extension_request: null }, now);
    await closeHold(trx, p.id, now, (start) => workingMinutesBetween(timing.clock, start, now), 'resolved');
    await recordStep(trx, row, { action: 'matter_closed', from: p.status, to: 'closed', note: `督办事项 ${matter.number} 已办结`, data: { matterId: matter.id }, public: true }, now, actor.accountId);
    await recordTrace(trx, deps.clock, actor, { action: 'grid.matter_closed', entityType: 'grid_problem', entityId: p.id, before: { status: p.status }, after: { status: 'closed', matterId: matter.id, number: matter.number } });
    await onProblemClosed(trx, row);
    await tellReporter(trx, row, 'closed', `您反映的问题（编号 ${p.ticket}）已通过督办事项 ${matter.number} 办结，欢迎评价：满意/基本满意/不满意。`, now);
  }
});
