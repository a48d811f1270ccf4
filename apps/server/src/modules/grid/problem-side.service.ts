import { addWorkingMinutes, escalationSupervises, GRID_RATING_LABELS, HOLD_LEVEL_LABELS, holdDeadline, holdLevelOfCell, visitReopens, type gridActionSchemas, type GridStatus, type HoldLevel } from '@duban/shared';
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema';
import type { Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import type { GridExtensionRequest } from './grid.table';
import { trackProblemStats } from './grid-stats';
import { assignSupervised, superviseProblem, type SupervisedMatter } from './grid-supervise';
import { handlerPeople, levelPeople, tellPeople, tellReporter } from './grid-notify';
import { clockColumns, move, passClock, runGridAction, type ActionScope } from './problem-action';
import { parentCell, type HoldPlace, type ProblemRecord } from './problem.repository';

// 延期, 上报上级 (超出本级权限), 挂账 / 恢复, 回访: the side paths of the flow.

type Body<K extends keyof typeof gridActionSchemas> = z.output<(typeof gridActionSchemas)[K]>;
type Id = string | number;

/** 申请延期: the unit asks its level for more working hours, with the reason. */
export function requestExtension(deps: Deps, actor: Actor, id: Id, body: Body<'request_extension'>) {
  return runGridAction(deps, actor, id, 'request_extension', async (s) => {
    const request: GridExtensionRequest = { minutes: Math.round(body.hours * 60), reason: body.reason, byAccountId: actor.accountId, byName: actor.name, at: s.now.toISOString() };
    const p = s.ctx.p;
    const row = await move(s, p.status as GridStatus, { extension_request: JSON.stringify(request), stage_deadline: p.stage_deadline }, { action: 'request_extension', note: body.reason, data: { hours: body.hours }, public: false });
    const here: HoldPlace = { level: row.hold_level, cellId: row.hold_cell_id, unitId: row.hold_unit_id };
    await tellPeople(s.trx, row, 'grid.extension.requested', `申请延期 ${body.hours} 个工作时：${body.reason}`, await levelPeople(s.trx, actor.tenantId, here), s.now);
    return row;
  });
}

/** 审批延期: approved, the stage and 结案期限 move by the hours asked (in working time); either way the unit is told. */
export function decideExtension(deps: Deps, actor: Actor, id: Id, body: Body<'decide_extension'>) {
  return runGridAction(deps, actor, id, 'decide_extension', async (s) => {
    const p = s.ctx.p;
    const req = p.extension_request;
    const minutes = req?.minutes ?? 0;
    const { clock, limitOf } = s.timing;
    const later = (d: Date | string | null) => (d === null ? null : addWorkingMinutes(clock, new Date(d), minutes));
    const stage = body.approve ? later(p.stage_deadline) : p.stage_deadline;
    const row = await move(
      s,
      p.status as GridStatus,
      {
        extension_request: null,
        stage_deadline: stage,
        ...(body.approve
          ? { due_at: later(p.due_at), extension_count: p.extension_count + 1, hold_deadline: holdDeadline(clock, limitOf, p.status as GridStatus, p.hold_level, new Date(p.hold_since), stage ? new Date(stage) : null) }
          : {}),
      },
      { action: 'decide_extension', note: body.note ?? null, data: { approve: body.approve, minutes }, public: false },
    );
    await tellPeople(s.trx, row, 'grid.extension.decided', `延期申请${body.approve ? '已批准' : '未批准'}${body.note ? `：${body.note}` : ''}`, await handlerPeople(s.trx, actor.tenantId, row.dispatched_unit_id, row.handler_account_id), s.now);
    return row;
  });
}

/**
 * The level above a problem's hold: the parent of the holding cell (社区 → 街道 by the tree), the district when the
 * cell has no parent, the city above the district; null past the top.
 */
export async function levelAbove(trx: Transaction<DB>, p: Pick<ProblemRecord, 'hold_level' | 'hold_cell_id'>): Promise<HoldPlace | null> {
  if (p.hold_level === 'city') return null;
  if (p.hold_level === 'district') return { level: 'city', cellId: null, unitId: null };
  const up = p.hold_cell_id === null ? undefined : await parentCell(trx, p.hold_cell_id);
  if (!up) return { level: 'district', cellId: null, unitId: null };
  return { level: holdLevelOfCell(up.level), cellId: up.id, unitId: up.unit_id };
}

/**
 * 上报上级: the level marks the problem beyond its power; it climbs one level with the reason, the level's hold
 * closes and the next opens. A dispatch in progress is withdrawn: the level above decides who can handle it.
 */
export async function escalateProblem(deps: Deps, actor: Actor, id: Id, body: Body<'escalate'>) {
  let supervised: SupervisedMatter | null = null;
  const out = await runGridAction(deps, actor, id, 'escalate', async (s) => {
    const p = s.ctx.p;
    const next = await levelAbove(s.trx, p);
    if (!next) throw new Error('unreachable: escalate is blocked at the top level');
    const dispatched = p.status === 'dispatched' || p.status === 'handling';
    const to = (dispatched ? 'registered' : p.status) as GridStatus;
    const row = await move(
      s,
      to,
      {
        hold_level: next.level,
        hold_cell_id: next.cellId,
        hold_unit_id: next.unitId,
        hold_since: s.now,
        ...(dispatched ? { dispatched_unit_id: null, handler_account_id: null, extension_request: null } : {}),
      },
      { action: 'escalate', note: body.reason, data: { from: p.hold_level, to: next.level, auto: false }, public: true },
    );
    await passClock(s, 'beyond_power', next);
    await tellPeople(s.trx, row, 'grid.escalated', `下级上报（超出权限）：${body.reason}`, await levelPeople(s.trx, actor.tenantId, next), s.now);
    // Passed up from the district (to the top level): it becomes a supervised matter (转入督办).
    if (escalationSupervises(p.hold_level, next.level)) supervised = await superviseProblem(s.trx, deps, row, body.reason, s.now, actor.name);
    return row;
  });
  if (supervised) await assignSupervised(deps, [supervised]);
  return out;
}

/** 挂账: parked as not solvable now, with the reason and a review date; its level's clock stops. */
export function parkProblem(deps: Deps, actor: Actor, id: Id, body: Body<'park'>) {
  return runGridAction(deps, actor, id, 'park', async (s) => {
    const row = await move(s, 'parked', { park_reason: body.reason, parked_until: body.reviewOn, stage_deadline: null, hold_deadline: null, extension_request: null }, { action: 'park', note: body.reason, data: { reviewOn: body.reviewOn }, public: true });
    await passClock(s, 'parked', null);
    return row;
  });
}

/** 恢复办理: a parked problem is taken up again by its level, to be dispatched anew. */
export function unparkProblem(deps: Deps, actor: Actor, id: Id, body: Body<'unpark'>) {
  return runGridAction(deps, actor, id, 'unpark', async (s) => {
    const row = await move(s, 'registered', { park_reason: null, parked_until: null, hold_since: s.now, dispatched_unit_id: null, handler_account_id: null }, { action: 'unpark', note: body.note ?? null, public: true });
    await passClock(s, 'parked', { level: row.hold_level, cellId: row.hold_cell_id, unitId: row.hold_unit_id });
    return row;
  });
}

/**
 * 回访: the reporter's rating (满意 / 基本满意 / 不满意). The first 不满意 reopens the problem at the level that closed
 * it (to be dispatched again); a second one is recorded and it stays closed.
 */
export function visitProblem(deps: Deps, actor: Actor, id: Id, body: Body<'visit'>) {
  return runGridAction(deps, actor, id, 'visit', (s) => applyVisit(s, body));
}

/**
 * The 回访 rule inside an action's transaction, shared by the platform's visit and the citizen's own rating through
 * the private link (modules/citizens): rated → 已回访, or the first 不满意 reopens at the level that closed it. The
 * rating (and a reopening) changes what the closed problem counts in the statistics: moved by the difference.
 */
export function applyVisit(s: ActionScope, body: Body<'visit'>, extra: Record<string, unknown> = {}): Promise<ProblemRecord> {
  return trackProblemStats(s.trx, s.actor.tenantId, s.ctx.p.id, () => visitInTransaction(s, body, extra));
}

async function visitInTransaction(s: ActionScope, body: Body<'visit'>, extra: Record<string, unknown>): Promise<ProblemRecord> {
  const { actor } = s;
  const p = s.ctx.p;
  const rated = { rating: body.rating, rating_comment: body.comment ?? null, visited_at: s.now };
  if (!visitReopens(body.rating, p.reopen_count)) {
    const row = await move(s, 'visited', { ...rated, stage_deadline: null, hold_deadline: null }, { action: 'visit', note: body.comment ?? null, data: { rating: body.rating, ...extra }, public: true });
    return row;
  }
  const level = (p.resolved_level ?? p.hold_level) as HoldLevel;
  const row = await move(
    s,
    'registered',
    {
      ...rated,
      ...clockColumns(s.timing, 'registered', level, s.now, s.now),
      hold_level: level,
      hold_since: s.now,
      closed_at: null,
      resolved_level: null,
      handled_by: null,
      dispatched_unit_id: null,
      handler_account_id: null,
      reopen_count: p.reopen_count + 1,
    },
    { action: 'visit', note: body.comment ?? null, data: { rating: body.rating, reopened: true, ...extra }, public: true },
  );
  const here: HoldPlace = { level, cellId: row.hold_cell_id, unitId: row.hold_unit_id };
  await passClock(s, 'closed', here);
  await tellPeople(s.trx, row, 'grid.reopened', `回访${GRID_RATING_LABELS[body.rating]}，问题重新办理（${HOLD_LEVEL_LABELS[level]}）：${body.comment ?? ''}`, await levelPeople(s.trx, actor.tenantId, here), s.now);
  await tellReporter(s.trx, row, 'reopened', `您对问题（编号 ${row.ticket}）的办理结果不满意，已重新办理。`, s.now);
  return row;
}
