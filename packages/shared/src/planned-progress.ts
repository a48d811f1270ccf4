import type { MatterFacts } from './matter-facts';
import { dayNumber, type IsoDate } from './time';

export type PlanFacts = Pick<MatterFacts, 'startDate' | 'deadline' | 'milestones'>;

/**
 * The planned progress % on `date`: 0 on the start date, each milestone's % on its date, 100 on the
 * deadline, linear in between (straight from start to deadline when there are no milestones).
 * Milestones dated on or outside (start, deadline) are left out of the line, and the line never
 * goes down (a later milestone below an earlier one is held at the earlier %). Clamped to 0–100.
 */
export function plannedProgressAt(facts: PlanFacts, date: IsoDate): number {
  return plannedProgressOn(facts, date, dayNumber(date));
}

const clampPercent = (p: number): number => (p < 0 ? 0 : p > 100 ? 100 : p);

/** plannedProgressAt with the day number already known; compares dates as strings to parse only two. */
export function plannedProgressOn(facts: PlanFacts, date: IsoDate, day: number): number {
  const { startDate, deadline } = facts;
  if (date >= deadline) return 100;
  if (date <= startDate) return 0;
  let prevDate = startDate;
  let prevValue = 0; // the highest % planned on or before `date`
  let nextDate = deadline;
  let nextAtDate = 100;
  for (const m of facts.milestones) {
    if (m.date <= startDate || m.date >= deadline) continue;
    const value = clampPercent(m.plannedProgress);
    if (m.date <= date) {
      if (value > prevValue) prevValue = value;
      if (m.date > prevDate) prevDate = m.date;
    } else if (m.date < nextDate) {
      nextDate = m.date;
      nextAtDate = value;
    } else if (m.date === nextDate && value > nextAtDate) {
      nextAtDate = value;
    }
  }
  if (prevDate === date) return prevValue;
  const nextValue = Math.max(prevValue, nextAtDate);
  const from = dayNumber(prevDate);
  return prevValue + ((nextValue - prevValue) * (day - from)) / (dayNumber(nextDate) - from);
}
