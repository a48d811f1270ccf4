import { holdDeadline, type LimitOf } from './grid-deadlines';
import { GRID_ACTIVE_STATUSES, HOLD_LEVEL_LABELS, HOLD_LEVELS, nextHoldLevel, type GridStatus, type HoldLevel } from './grid-flow';
import { formatWorkingMinutes, workingMinutesBetween, type WorkClock } from './grid-time';

/**
 * Automatic escalation, level by level (逐级上报): a problem still being worked on whose level has held it past
 * that level's limit (hold_cell … hold_district in the problem's version of the time-limit table, counted in
 * working time on the tenant's calendar, never before the running stage's own deadline) climbs one level. Levels
 * the problem's cell has no ancestor at are skipped (a cell directly under a street goes 网格 → 街道). Nothing is
 * above the top level: a problem there is not moved (it is already supervised). One level per run: the level it
 * arrives at gets its own full limit from the moment it arrives.
 */

/** A problem as the escalation decision needs it. */
export type EscalationProblem = {
  id: string;
  status: GridStatus;
  holdLevel: HoldLevel;
  /** When its level took it (the start of this level's clock). */
  holdSince: Date;
  /** The running stage's deadline (a unit inside its handling time is not overtaken). */
  stageDeadline: Date | null;
  /** The levels present above the holding one for this problem (by its cell's ancestors), nearest first. */
  levelsAbove: readonly HoldLevel[];
};

/** One climb: from which level to which, how long the level held the clock, and the reason traced and told. */
export type Escalation = {
  id: string;
  from: HoldLevel;
  to: HoldLevel;
  /** When the level's time ran out. */
  deadline: Date;
  /** Working minutes the level held the clock, from holdSince to now (who held the clock). */
  heldMinutes: number;
  /** Working minutes past the deadline. */
  overdueMinutes: number;
  /** When the level it climbs to runs out in turn (null: no limit there, the top). */
  nextDeadline: Date | null;
  /** It leaves the district level or arrives at the top: it becomes a supervised matter (转入督办). */
  supervise: boolean;
  reason: string;
};

/** The reason written on the timeline, in the trace and in the notices. */
export function escalationReason(from: HoldLevel, to: HoldLevel, heldMinutes: number, overdueMinutes: number): string {
  return `${HOLD_LEVEL_LABELS[from]}办理超过时限（已办理 ${formatWorkingMinutes(heldMinutes)}，超时 ${formatWorkingMinutes(overdueMinutes).replace('逾期 ', '')}），自动上报${HOLD_LEVEL_LABELS[to]}`;
}

const TOP: HoldLevel = HOLD_LEVELS[HOLD_LEVELS.length - 1] ?? 'city';

/** Whether arriving at `to` from `from` turns the problem into a supervised matter. */
export function escalationSupervises(from: HoldLevel, to: HoldLevel): boolean {
  return from === 'district' || to === TOP;
}

/**
 * Which problems climb now, and where to. `limitsOf` gives each problem's limits (its version, category and
 * urgency); `clock` is the tenant's working clock. Pure: the same input gives the same answer, in input order.
 */
export function dueEscalations(problems: readonly EscalationProblem[], limitsOf: (p: EscalationProblem) => LimitOf, clock: WorkClock, now: Date): Escalation[] {
  const out: Escalation[] = [];
  for (const p of problems) {
    if (!GRID_ACTIVE_STATUSES.includes(p.status)) continue;
    const to = nextHoldLevel(p.holdLevel, (l) => p.levelsAbove.includes(l));
    if (!to) continue;
    const limitOf = limitsOf(p);
    const deadline = holdDeadline(clock, limitOf, p.status, p.holdLevel, p.holdSince, p.stageDeadline);
    if (!deadline || deadline.getTime() > now.getTime()) continue;
    const heldMinutes = Math.max(0, Math.round(workingMinutesBetween(clock, p.holdSince, now)));
    const overdueMinutes = Math.max(0, Math.round(workingMinutesBetween(clock, deadline, now)));
    // The stage's own deadline is kept: the level above gets its own full limit from now.
    const stageEnd = p.stageDeadline && p.stageDeadline.getTime() > now.getTime() ? p.stageDeadline : null;
    out.push({
      id: p.id,
      from: p.holdLevel,
      to,
      deadline,
      heldMinutes,
      overdueMinutes,
      nextDeadline: holdDeadline(clock, limitOf, p.status, to, now, stageEnd),
      supervise: escalationSupervises(p.holdLevel, to),
      reason: escalationReason(p.holdLevel, to, heldMinutes, overdueMinutes),
    });
  }
  return out;
}
