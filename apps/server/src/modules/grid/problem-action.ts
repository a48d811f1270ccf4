import { holdDeadline, stageDeadline, workingMinutesBetween, type GridAction, type GridStatus, type GridUrgency, type HoldLevel } from '@duban/shared';
import type { Transaction, Updateable } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { recordTrace } from '../trace/trace.service';
import type { GridLevelHoldTable, GridProblemTable } from './grid.table';
import { timingFor, type Timing } from './grid-timing';
import { problemContext, requireGridAction, type ProblemContext } from './problem.access';
import { closeHold, openHold, recordStep, updateProblem, type ProblemRecord, type ProblemStep } from './problem.repository';

/** What an action's body gets: the locked problem and the viewer's part in it, now, and the problem's clock. */
export type ActionScope = { trx: Transaction<DB>; ctx: ProblemContext; now: Date; timing: Timing; actor: Actor; deps: Deps };

/**
 * Runs one action of the flow: the problem's clock is read first (cached, outside the transaction: the embedded
 * engine has one connection), then in one transaction the problem is locked in the actor's scope (404 outside it),
 * the state machine and the facts are checked (403 / 409 with the reason), and `fn` writes the change, its step,
 * its trace and its outbox rows. The live event goes out after commit.
 */
export async function runGridAction(deps: Deps, actor: Actor, id: string | number, action: GridAction, fn: (s: ActionScope) => Promise<ProblemRecord>): Promise<{ id: string; status: GridStatus }> {
  requirePermission(actor, 'grid.read');
  const pre = await deps.db
    .selectFrom('grid_problems as p')
    .innerJoin('grid_categories as gc', 'gc.id', 'p.category_id')
    .select(['p.tenant_id', 'p.limit_version_id', 'p.category_id', 'gc.parent_id as category_parent_id', 'p.urgency'])
    .where('p.tenant_id', '=', actor.tenantId)
    .where('p.id', '=', String(id))
    .executeTakeFirst();
  if (!pre) throw new AppError('grid_problem_not_found');
  const timing = await timingFor(deps.db, { ...pre, urgency: pre.urgency as GridUrgency });
  const row = await inTransaction(deps.db, async (trx) => {
    const ctx = await problemContext(trx, actor, id, true);
    requireGridAction(ctx, action);
    return fn({ trx, ctx, now: deps.clock.now(), timing, actor, deps });
  });
  deps.bus.publish({ tenantId: actor.tenantId, type: 'grid.problem', accountIds: null, data: { problemId: row.id, action, status: row.status } });
  return { id: String(row.id), status: row.status as GridStatus };
}

/** The clock columns of a problem entering `status` at `now` (its stage from now; its level's hold from `holdSince`). */
export function clockColumns(timing: Timing, status: GridStatus, level: HoldLevel, holdSince: Date, now: Date): Pick<Updateable<GridProblemTable>, 'stage_deadline' | 'hold_deadline'> {
  const stage = stageDeadline(timing.clock, timing.limitOf, status, now);
  return { stage_deadline: stage, hold_deadline: holdDeadline(timing.clock, timing.limitOf, status, level, holdSince, stage) };
}

/**
 * Moves the problem: writes its new columns (the clock recomputed for the new status unless the change sets it),
 * its step on the timeline and its trace. Returns the new row.
 */
export async function move(s: ActionScope, to: GridStatus, values: Updateable<GridProblemTable>, step: Omit<ProblemStep, 'from' | 'to'>, trace: Record<string, unknown> = {}): Promise<ProblemRecord> {
  const { trx, ctx, now, timing, actor, deps } = s;
  const p = ctx.p;
  const level = (values.hold_level ?? p.hold_level) as HoldLevel;
  const since = values.hold_since === undefined ? new Date(p.hold_since) : new Date(values.hold_since as Date);
  const clock = 'stage_deadline' in values ? {} : clockColumns(timing, to, level, since, now);
  const row = await updateProblem(trx, p.id, { status: to, ...clock, ...values }, now);
  await recordStep(trx, row, { ...step, from: p.status, to }, now, actor.accountId);
  await recordTrace(trx, deps.clock, actor, {
    action: `grid.${step.action}`,
    entityType: 'grid_problem',
    entityId: p.id,
    before: { status: p.status, holdLevel: p.hold_level, unitId: p.dispatched_unit_id },
    after: { status: to, holdLevel: row.hold_level, unitId: row.dispatched_unit_id, note: step.note ?? null, ...trace },
  });
  return row;
}

/** Closes who held the clock and, unless the problem leaves every level, opens the next holder at `now`. */
export async function passClock(s: ActionScope, leftBy: NonNullable<GridLevelHoldTable['left_by']>, next: { level: HoldLevel; cellId: number | null; unitId: number | null } | null): Promise<void> {
  const { trx, ctx, now, timing } = s;
  await closeHold(trx, ctx.p.id, now, (start) => workingMinutesBetween(timing.clock, start, now), leftBy);
  if (next) await openHold(trx, { tenant_id: ctx.p.tenant_id, problem_id: ctx.p.id, hold_level: next.level, unit_id: next.unitId, cell_id: next.cellId, started_at: now });
}
