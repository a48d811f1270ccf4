import {
  addWorkdaysNumber,
  isSpanCoveredNumbers,
  workdaysBetweenNumbers,
  type WorkCalendar,
} from './calendar-core';
import { REPORT_CADENCE_WORKDAYS, type MatterFacts, type MatterStatus } from './matter-facts';
import { plannedProgressOn } from './planned-progress';
import type { WarningColour } from './warning-colours';
import {
  dueSoonText,
  laggingText,
  milestoneText,
  missedReportText,
  noProgressText,
  noReportText,
  overdueText,
  type WarningReason,
} from './warning-reasons';
import { DEFAULT_THRESHOLDS, type WarningThresholds } from './warning-thresholds';
import { dayNumber, fromDayNumber, shanghaiDate, shanghaiDayNumber, type IsoDate } from './time';

/**
 * The four-colour warning (四色预警, SPEC §2): one pure function, called by the sweep job, the API
 * and the UI alike. Precedence red 逾期未办 > blue 进度停滞 > yellow 进度滞后 > green 正常推进.
 * The rules are spelled out in docs/warning-rules.md; keep the two in step.
 */

export type WarningResult = {
  colour: WarningColour | null;
  /** Every rule that fired, worst first; empty for green and for uncoloured matters. */
  reasons: WarningReason[];
  /** Planned progress % today (Asia/Shanghai), for the planned-vs-actual chart. */
  plannedProgress: number;
  /** A working-day count behind this result used a year whose holiday arrangement is not entered. */
  provisional: boolean;
};

// Closed, archived and cancelled matters are finished; a registered one has not been handed to
// anyone yet (no unit, no handler), so there is nobody to warn — it is coloured from 交办 on.
const COLOURED: Record<MatterStatus, boolean> = {
  registered: false,
  assigned: true,
  in_progress: true,
  completion_requested: true,
  closed: false,
  archived: false,
  cancelled: false,
};

const RANK: Record<WarningColour, number> = { green: 0, yellow: 1, blue: 2, red: 3 };

// A sweep evaluates a million matters at the same "now"; remember its date string.
let memoTime = Number.NaN;
let memoDate = '';

/** Decides a matter's warning colour at `now`, with every reason that applies. */
export function evaluateColour(
  facts: MatterFacts,
  now: Date,
  cal: WorkCalendar,
  thresholds: WarningThresholds = DEFAULT_THRESHOLDS,
): WarningResult {
  if (now.getTime() !== memoTime) {
    memoTime = now.getTime();
    memoDate = shanghaiDate(now);
  }
  const todayIso: IsoDate = memoDate;
  const today = shanghaiDayNumber(now);
  const planned = plannedProgressOn(facts, todayIso, today);
  if (!COLOURED[facts.status]) return { colour: null, reasons: [], plannedProgress: planned, provisional: false };

  const reasons: WarningReason[] = [];
  let provisional = false;
  const deadline = dayNumber(facts.deadline);
  const progress = facts.progress;

  // Red: past the (possibly extended) deadline; counted in working days after it, today included.
  if (today > deadline) {
    const overdueWorkdays = workdaysBetweenNumbers(cal, deadline, today);
    if (!isSpanCoveredNumbers(cal, deadline, today)) provisional = true;
    reasons.push({
      code: 'overdue',
      colour: 'red',
      text: overdueText(facts.deadline, overdueWorkdays),
      deadline: facts.deadline,
      overdueWorkdays,
      overdueDays: today - deadline,
    });
  }

  // Blue: a matter at 100% has nothing left to report, and one awaiting the office's review
  // (申请办结) waits on the office, not on the unit — neither stalls.
  if (progress < 100 && facts.status !== 'completion_requested') {
    const clockStart = facts.assignedAt ? shanghaiDayNumber(facts.assignedAt) : dayNumber(facts.startDate);
    // A report from before the (latest) assignment does not push the clock back.
    const reportDay = facts.lastReportAt ? Math.max(shanghaiDayNumber(facts.lastReportAt), clockStart) : clockStart;
    const silent = today - reportDay;
    if (silent > thresholds.stallDays) {
      const everReported = facts.lastReportAt !== null && shanghaiDayNumber(facts.lastReportAt) >= clockStart;
      reasons.push({
        code: 'no_report',
        colour: 'blue',
        text: noReportText(silent, everReported),
        days: silent,
        stallDays: thresholds.stallDays,
        since: fromDayNumber(reportDay),
        everReported,
      });
    }

    const cadence = facts.reportCadence;
    const every = REPORT_CADENCE_WORKDAYS[cadence];
    // A report is due by the every-th working day after the last one; missed once that day is
    // over. Needs at least every + 1 calendar days, so recent reporters skip the calendar walk.
    if (cadence !== 'none' && silent > every) {
      const due = addWorkdaysNumber(cal, reportDay, every);
      if (!isSpanCoveredNumbers(cal, reportDay, Math.min(due, today))) provisional = true;
      if (due < today) {
        const dueDate = fromDayNumber(due);
        reasons.push({
          code: 'missed_report',
          colour: 'blue',
          text: missedReportText(cadence, dueDate),
          cadence,
          cadenceWorkdays: every,
          since: fromDayNumber(reportDay),
          dueDate,
        });
      }
    }

    const increaseDay = facts.lastProgressIncreaseAt
      ? Math.max(shanghaiDayNumber(facts.lastProgressIncreaseAt), clockStart)
      : clockStart;
    const flat = today - increaseDay;
    if (flat > thresholds.stallDays) {
      reasons.push({
        code: 'no_progress',
        colour: 'blue',
        text: noProgressText(flat, progress),
        days: flat,
        stallDays: thresholds.stallDays,
        since: fromDayNumber(increaseDay),
        progress,
      });
    }
  }

  // Yellow.
  if (progress < planned - thresholds.lagTolerance) {
    reasons.push({
      code: 'lagging',
      colour: 'yellow',
      text: laggingText(planned, progress),
      plannedProgress: planned,
      progress,
      gap: planned - progress,
      lagTolerance: thresholds.lagTolerance,
    });
  }
  for (const m of facts.milestones) {
    // The milestone's own day is still allowed; it is missed from the day after.
    if (m.date < todayIso && progress < m.plannedProgress) {
      const description = m.description ?? null;
      reasons.push({
        code: 'milestone_missed',
        colour: 'yellow',
        text: milestoneText(m.date, m.plannedProgress, description),
        milestoneDate: m.date,
        plannedProgress: m.plannedProgress,
        progress,
        description,
      });
    }
  }
  if (today <= deadline && progress < thresholds.dueSoonProgress) {
    // Due soon when at most dueSoonWorkdays working days remain in (today, deadline]: exactly when
    // the deadline comes before the (dueSoonWorkdays + 1)-th working day after today, which only
    // needs the calendar up to that day, however far away the deadline is.
    const limit = addWorkdaysNumber(cal, today, thresholds.dueSoonWorkdays + 1);
    if (!isSpanCoveredNumbers(cal, today, Math.min(deadline, limit))) provisional = true;
    if (deadline < limit) {
      const remainingWorkdays = workdaysBetweenNumbers(cal, today, deadline);
      reasons.push({
        code: 'due_soon',
        colour: 'yellow',
        text: dueSoonText(remainingWorkdays, facts.deadline, todayIso, progress, thresholds.dueSoonProgress),
        deadline: facts.deadline,
        remainingWorkdays,
        progress,
        dueSoonProgress: thresholds.dueSoonProgress,
      });
    }
  }

  let colour: WarningColour = 'green';
  for (const r of reasons) if (RANK[r.colour] > RANK[colour]) colour = r.colour;
  return { colour, reasons, plannedProgress: planned, provisional };
}
