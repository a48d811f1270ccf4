import { addWorkdaysNumber, type WorkCalendar } from './calendar-core';
import { isOpenMatter, REPORT_CADENCE_WORKDAYS, type MatterFacts } from './matter-facts';
import { plannedProgressOn } from './planned-progress';
import { dayNumber, fromDayNumber, shanghaiDayNumber } from './time';
import type { WarningColour } from './warning-colours';
import { DEFAULT_THRESHOLDS, type WarningThresholds } from './warning-thresholds';

/**
 * The first day after `now` (Asia/Shanghai day number) on which evaluateColour could give a worse
 * colour than `colour` with the same facts; null when it never will (red, or an uncoloured matter).
 * Without a write a matter's colour only ever worsens (every rule is a "since" or "by" rule), so the
 * sweep need not look at the matter again before this day — the key to a steady-state sweep that
 * touches few rows. May be early (it is then only checked once more for nothing), never late.
 */
export function nextColourChangeDay(
  facts: MatterFacts,
  colour: WarningColour | null,
  now: Date,
  cal: WorkCalendar,
  thresholds: WarningThresholds = DEFAULT_THRESHOLDS,
): number | null {
  if (!isOpenMatter(facts.status) || colour === 'red' || colour === null) return null;
  const today = shanghaiDayNumber(now);
  const deadline = dayNumber(facts.deadline);
  const candidates: number[] = [deadline + 1];
  const progress = facts.progress;

  if (progress < 100 && facts.status !== 'completion_requested' && colour !== 'blue') {
    const clockStart = facts.assignedAt ? shanghaiDayNumber(facts.assignedAt) : dayNumber(facts.startDate);
    const reportDay = facts.lastReportAt ? Math.max(shanghaiDayNumber(facts.lastReportAt), clockStart) : clockStart;
    candidates.push(reportDay + thresholds.stallDays + 1);
    const increaseDay = facts.lastProgressIncreaseAt ? Math.max(shanghaiDayNumber(facts.lastProgressIncreaseAt), clockStart) : clockStart;
    candidates.push(increaseDay + thresholds.stallDays + 1);
    const every = REPORT_CADENCE_WORKDAYS[facts.reportCadence];
    if (every > 0) candidates.push(addWorkdaysNumber(cal, reportDay, every) + 1);
  }

  if (colour === 'green') {
    for (const m of facts.milestones) if (progress < m.plannedProgress) candidates.push(dayNumber(m.date) + 1);
    if (progress < thresholds.dueSoonProgress && deadline > today) {
      // The (dueSoonWorkdays + 1)-th working day before the deadline is never later than the first due-soon day,
      // but across a holiday it can be today or earlier while the matter is not due soon yet (green today, at
      // the 18th of June 2026, due-soon from the 22nd after the 端午 break): then tomorrow, early rather than late.
      candidates.push(Math.max(today + 1, addWorkdaysNumber(cal, deadline, -(thresholds.dueSoonWorkdays + 1))));
    }
    const lagDay = firstLaggingDay(facts, today, deadline, thresholds.lagTolerance);
    if (lagDay !== null) candidates.push(lagDay);
  }

  let next: number | null = null;
  for (const c of candidates) if (c > today && (next === null || c < next)) next = c;
  return next;
}

// Planned progress never goes down, so the first day it exceeds progress + tolerance is a binary search.
function firstLaggingDay(facts: MatterFacts, today: number, deadline: number, tolerance: number): number | null {
  const behind = (d: number) => facts.progress < plannedProgressOn(facts, fromDayNumber(d), d) - tolerance;
  if (deadline <= today || !behind(deadline)) return null;
  let lo = today + 1;
  let hi = deadline;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (behind(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
