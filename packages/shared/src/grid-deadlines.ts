import { holdStage, STAGE_OF_STATUS, GRID_ACTIVE_STATUSES, type GridStage, type GridStatus, type HoldLevel } from './grid-flow';
import { addWorkingMinutes, limitMinutes, type TimeLimit, type WorkClock } from './grid-time';

/** A problem's limit of each stage (from its version of the time-limit table, category and urgency). */
export type LimitOf = (stage: GridStage) => TimeLimit | null;

/** When the stage of `status`, started at `start`, runs out (null: no stage clock in this status). */
export function stageDeadline(clock: WorkClock, limitOf: LimitOf, status: GridStatus, start: Date): Date | null {
  const stage = STAGE_OF_STATUS[status];
  const limit = stage ? limitOf(stage) : null;
  return limit ? addWorkingMinutes(clock, start, limitMinutes(clock, limit)) : null;
}

/**
 * When the level holding the problem has had it too long and it climbs: its own hold limit from arrival, but never
 * before the running stage's deadline (a unit inside its handling time is not overtaken). Null when the status does
 * not climb (待核查, 结案, 挂账 …) or the level has no limit (the top).
 */
export function holdDeadline(clock: WorkClock, limitOf: LimitOf, status: GridStatus, level: HoldLevel, since: Date, stageEnd: Date | null): Date | null {
  if (!GRID_ACTIVE_STATUSES.includes(status)) return null;
  const limit = limitOf(holdStage(level));
  if (!limit) return null;
  const own = addWorkingMinutes(clock, since, limitMinutes(clock, limit));
  return stageEnd && stageEnd > own ? stageEnd : own;
}

/** 结案期限 from 立案: the dispatch, sign, handle and check limits in a row (the clock of 按期结案率). */
export function dueAt(clock: WorkClock, limitOf: LimitOf, registeredAt: Date): Date {
  const total = (['dispatch', 'sign', 'handle', 'verify'] as const).reduce((sum, s) => {
    const l = limitOf(s);
    return sum + (l ? limitMinutes(clock, l) : 0);
  }, 0);
  return addWorkingMinutes(clock, registeredAt, total);
}
