import { addWorkdaysNumber, isWorkdayNumber, workdaysBetweenNumbers, type WorkCalendar } from './calendar-core';
import { REPORT_CADENCE_WORKDAYS, type MatterFacts } from './matter-facts';
import { dayNumber, shanghaiDayNumber } from './time';
import type { WarningColour } from './warning-colours';

/** Working days between repeated reminders while a matter keeps its colour. */
export type RepeatIntervals = Record<Exclude<WarningColour, 'green'>, number>;

export const DEFAULT_REPEAT_INTERVALS: Readonly<RepeatIntervals> = Object.freeze({ yellow: 3, blue: 2, red: 1 });

/** Deadline reminders go out this many working days before the deadline (T-3, T-1). */
export const DEADLINE_REMINDER_WORKDAYS = [3, 1] as const;

/**
 * Whether `today` is a repeat day for a colour held since `sinceDay`: a working day that is a
 * positive multiple of `every` working days after it. Day numbers (days since 1970-01-01).
 */
export function isRepeatDay(cal: WorkCalendar, sinceDay: number, today: number, every: number): boolean {
  if (!isWorkdayNumber(cal, today)) return false;
  const n = workdaysBetweenNumbers(cal, sinceDay, today);
  return n > 0 && n % every === 0;
}

/** The first repeat day strictly after `today`. */
export function nextRepeatDay(cal: WorkCalendar, sinceDay: number, today: number, every: number): number {
  const n = Math.max(0, workdaysBetweenNumbers(cal, sinceDay, today));
  let k = Math.floor(n / every) + 1;
  let d = addWorkdaysNumber(cal, sinceDay, k * every);
  while (d <= today) d = addWorkdaysNumber(cal, sinceDay, ++k * every);
  return d;
}

/**
 * Which deadline reminder is due today: 't3' when 2–3 working days remain in (today, deadline],
 * 't1' when 0–1 remain (the deadline is tomorrow's working day or today); null otherwise.
 */
export function deadlineReminderDue(cal: WorkCalendar, today: number, deadline: number): { kind: 't3' | 't1'; remaining: number } | null {
  if (today > deadline) return null;
  const remaining = workdaysBetweenNumbers(cal, today, deadline);
  if (remaining <= 1) return { kind: 't1', remaining };
  if (remaining <= 3) return { kind: 't3', remaining };
  return null;
}

/** The first day after `today` on which a deadline reminder could become due. */
export function nextDeadlineReminderDay(cal: WorkCalendar, today: number, deadline: number): number | null {
  let next: number | null = null;
  for (const n of DEADLINE_REMINDER_WORKDAYS) {
    const d = addWorkdaysNumber(cal, deadline, -n);
    if (d > today && d <= deadline && (next === null || d < next)) next = d;
  }
  return next;
}

/**
 * The day the next scheduled progress report is due (汇报周期 counted in working days from the last
 * report, or from 交办 when there is none); null for matters without a cadence. A day number.
 */
export function reportDueDay(cal: WorkCalendar, facts: Pick<MatterFacts, 'assignedAt' | 'startDate' | 'lastReportAt' | 'reportCadence'>): number | null {
  const every = REPORT_CADENCE_WORKDAYS[facts.reportCadence];
  if (every === 0) return null;
  const clockStart = facts.assignedAt ? shanghaiDayNumber(facts.assignedAt) : dayNumber(facts.startDate);
  const reportDay = facts.lastReportAt ? Math.max(shanghaiDayNumber(facts.lastReportAt), clockStart) : clockStart;
  return addWorkdaysNumber(cal, reportDay, every);
}
