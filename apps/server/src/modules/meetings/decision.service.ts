import type { Transaction } from 'kysely';
import { shanghaiDate, type DecisionListQuery, type DecisionView } from '@duban/shared';
import type { DB } from '../../db/schema';
import { AppError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { onMatterClosed } from '../matters/matter-closed';
import { liaisonsOf, officePeople } from '../matters/matter.repository';
import { enqueue } from '../outbox/outbox.service';
import { recordTrace } from '../trace/trace.service';
import { decisionClock } from './decision-clock';
import { mayComplete, presentDecision } from './meeting.presenter';
import * as repo from './meeting.repository';

const clip = (text: string) => (text.length > 40 ? `${text.slice(0, 39)}…` : text);

/** 议定事项: the decisions the actor sees (their units' for a unit; all for the office), open ones first. */
export async function listDecisions(deps: Deps, actor: Actor, q: DecisionListQuery): Promise<{ items: DecisionView[]; total: number }> {
  requirePermission(actor, 'matter.read');
  const clock = await decisionClock(deps, actor.tenantId);
  const { rows, total } = await repo.listDecisions(deps.db, actor, q, shanghaiDate(clock.now));
  return { items: rows.map((r) => presentDecision(r, clock, actor)), total };
}

async function loadDecision(deps: Deps, actor: Actor, id: number): Promise<DecisionView> {
  const row = await repo.findDecision(deps.db, actor, id);
  if (!row) throw new AppError('decision_not_found');
  return presentDecision(row, await decisionClock(deps, actor.tenantId), actor);
}

// A decision about a referred grid problem leaves its mark on the problem's timeline (the flow's status stays).
async function problemNote(trx: Transaction<DB>, actor: Actor, d: { problem_id: number | null; meeting_id: number; id: number }, action: string, note: string, at: Date): Promise<void> {
  if (d.problem_id === null) return;
  const p = await trx.selectFrom('grid_problems').select(['status', 'hold_level']).where('id', '=', String(d.problem_id)).executeTakeFirst();
  if (!p) return;
  await trx
    .insertInto('grid_problem_events')
    .values({ tenant_id: actor.tenantId, problem_id: String(d.problem_id), at, action, from_status: p.status, to_status: p.status, hold_level: p.hold_level, actor_account_id: actor.accountId, note, data: JSON.stringify({ meetingId: d.meeting_id, decisionId: d.id }) })
    .execute();
}

/**
 * 报送落实情况: the responsible unit's liaison or head (or the office) marks an open decision done with
 * its result; the office is told. A decision that became a matter is finished through the matter.
 */
export async function completeDecision(deps: Deps, actor: Actor, id: number, input: { result: string }): Promise<DecisionView> {
  requirePermission(actor, 'matter.read');
  await inTransaction(deps.db, async (trx) => {
    const d = await repo.findDecision(trx, actor, id, true);
    if (!d) throw new AppError('decision_not_found');
    if (d.matter_id !== null) throw new AppError('decision_tracked_by_matter', `该议定事项已立为督办事项 ${d.matter_number ?? ''}，请在督办事项中汇报进度、申请办结`, { matterId: d.matter_id });
    if (d.status !== 'open') throw new AppError('invalid_transition', '该议定事项已报送落实情况');
    if (!mayComplete(actor, d)) throw new AppError('not_decision_unit');
    const now = deps.clock.now();
    await trx.updateTable('meeting_decisions').set({ status: 'done', result: input.result, done_at: now, done_by: actor.accountId }).where('id', '=', id).execute();
    await problemNote(trx, actor, d, 'meeting_decision_done', `${d.unit_name}落实会议议定事项：${input.result}`, now);
    await enqueue(trx, {
      tenantId: actor.tenantId,
      kind: 'meeting.decision_done',
      eventKey: `meeting.decision_done:${id}:${now.getTime()}`,
      title: `【议定事项已落实】${clip(d.text)}`,
      body: `${d.unit_name}报送了“${d.meeting_title}”（${d.held_on}）议定事项的落实情况：${input.result}`,
      link: `/meetings/${d.meeting_id}`,
      payload: { meetingId: d.meeting_id, decisionId: id },
      personIds: await officePeople(trx, actor.tenantId),
      at: now,
    });
    await recordTrace(trx, deps.clock, actor, {
      action: 'meeting.decision_done',
      entityType: 'meeting',
      entityId: d.meeting_id,
      before: { decisionId: id, status: 'open' },
      after: { decisionId: id, status: 'done', unitId: d.unit_id, deadline: d.deadline, result: input.result, doneAt: now.toISOString() },
    });
  });
  return loadDecision(deps, actor, id);
}

/** 退回: the office finds a decision not carried out after all and sends it back to its unit, with a reason. */
export async function reopenDecision(deps: Deps, actor: Actor, id: number, input: { reason: string }): Promise<DecisionView> {
  requirePermission(actor, 'matter.manage');
  await inTransaction(deps.db, async (trx) => {
    const d = await repo.findDecision(trx, actor, id, true);
    if (!d) throw new AppError('decision_not_found');
    if (d.matter_id !== null) throw new AppError('decision_tracked_by_matter', `该议定事项已立为督办事项 ${d.matter_number ?? ''}，请在督办事项中退回`, { matterId: d.matter_id });
    if (d.status !== 'done') throw new AppError('invalid_transition', '该议定事项尚未报送落实情况，无需退回');
    const now = deps.clock.now();
    await trx.updateTable('meeting_decisions').set({ status: 'open', done_at: null, done_by: null }).where('id', '=', id).execute();
    await enqueue(trx, {
      tenantId: actor.tenantId,
      kind: 'meeting.decision_reopened',
      eventKey: `meeting.decision_reopened:${id}:${now.getTime()}`,
      title: `【议定事项退回】${clip(d.text)}`,
      body: `“${d.meeting_title}”（${d.held_on}）议定事项“${d.text}”的落实情况被退回，请继续落实（时限 ${d.deadline}）。理由：${input.reason}`,
      link: `/meetings/${d.meeting_id}`,
      payload: { meetingId: d.meeting_id, decisionId: id },
      personIds: await liaisonsOf(trx, actor.tenantId, [d.unit_id]),
      at: now,
    });
    await recordTrace(trx, deps.clock, actor, {
      action: 'meeting.decision_reopen',
      entityType: 'meeting',
      entityId: d.meeting_id,
      before: { decisionId: id, status: 'done', result: d.result },
      after: { decisionId: id, status: 'open', reason: input.reason },
    });
  });
  return loadDecision(deps, actor, id);
}

// 一会一督办: closing (办结) the matter a 督查工作例会 decision became marks the decision done, in the same transaction.
onMatterClosed(async (trx, deps, actor, matter, now) => {
  const rows = await trx
    .updateTable('meeting_decisions')
    .set({ status: 'done', result: `督办事项 ${matter.number} 已办结`, done_at: now, done_by: actor.accountId })
    .where('tenant_id', '=', matter.tenant_id)
    .where('matter_id', '=', matter.id)
    .where('status', '=', 'open')
    .returning(['id', 'meeting_id', 'problem_id'])
    .execute();
  for (const d of rows) {
    await problemNote(trx, actor, d, 'meeting_decision_done', `会议议定事项已随督办事项 ${matter.number} 办结`, now);
    await recordTrace(trx, deps.clock, actor, {
      action: 'meeting.decision_matter_closed',
      entityType: 'meeting',
      entityId: d.meeting_id,
      before: { decisionId: d.id, status: 'open' },
      after: { decisionId: d.id, status: 'done', matterId: matter.id, doneAt: now.toISOString() },
    });
  }
});
