import {
  addWorkdaysNumber,
  isSpanCoveredNumbers,
  isWorkdayNumber,
  workdaysBetweenNumbers,
  yearOfDayNumber,
  yearStart,
  type WorkCalendar,
} from './calendar-core';
import { dayNumber, fromDayNumber, type IsoDate } from './time';

/**
 * Chinese working days (工作日): Monday–Friday, except dated exceptions — statutory holidays
 * (法定节假日, weekends inside a holiday period included), make-up working days (调休上班) and a
 * tenant's own closures. The arrangement is data entered per year (`coveredYears`); for a year
 * without it the calendar can only guess Monday–Friday, so every date computation also has a
 * `…Checked` form that says whether its answer is provisional.
 */
export { createCalendar } from './calendar-core';
export type { CalendarException, CalendarExceptionKind, WorkCalendar } from './calendar-core';

/** A computed date and whether it relied on a year with no official arrangement entered. */
export type CheckedDate = { date: IsoDate; provisional: boolean };
/** A computed working-day count and whether it relied on a year with no official arrangement entered. */
export type CheckedCount = { count: number; provisional: boolean };

/** True when `date` is a working day (provisional outside the covered years: see isCovered). */
export function isWorkday(cal: WorkCalendar, date: IsoDate): boolean {
  return isWorkdayNumber(cal, dayNumber(date));
}

/**
 * The n-th working day after `date` ("N 个工作日" from `date`); n = 0 gives `date` itself when it is
 * a working day, else the next one; n < 0 gives the |n|-th working day before `date`.
 */
export function addWorkdays(cal: WorkCalendar, date: IsoDate, n: number): IsoDate {
  return fromDayNumber(addWorkdaysNumber(cal, dayNumber(date), checkInteger(n)));
}

/** addWorkdays, plus whether any day from `date` to the result lies in an uncovered year. */
export function addWorkdaysChecked(cal: WorkCalendar, date: IsoDate, n: number): CheckedDate {
  const a = dayNumber(date);
  const d = addWorkdaysNumber(cal, a, checkInteger(n));
  return { date: fromDayNumber(d), provisional: !isSpanCoveredNumbers(cal, a, d) };
}

/**
 * Signed working days from a to b, counting the day arrived at but not the day left: the working
 * days in (a, b] when a ≤ b, minus those in [b, a) when b < a. So for a working day b,
 * addWorkdays(cal, a, workdaysBetween(cal, a, b)) === b in both directions, and
 * workdaysBetween(cal, a, addWorkdays(cal, a, n)) === n for every n ≠ 0.
 * Example: deadline 2026-12-01, today 2026-12-03 → 2 (逾期 2 个工作日). O(1) for any span.
 */
export function workdaysBetween(cal: WorkCalendar, a: IsoDate, b: IsoDate): number {
  return workdaysBetweenNumbers(cal, dayNumber(a), dayNumber(b));
}

/** workdaysBetween, plus whether any day from a to b lies in an uncovered year. */
export function workdaysBetweenChecked(cal: WorkCalendar, a: IsoDate, b: IsoDate): CheckedCount {
  const x = dayNumber(a);
  const y = dayNumber(b);
  return { count: workdaysBetweenNumbers(cal, x, y), provisional: !isSpanCoveredNumbers(cal, x, y) };
}

/** The first working day strictly after `date`. */
export function nextWorkday(cal: WorkCalendar, date: IsoDate): IsoDate {
  return addWorkdays(cal, date, 1);
}

/** The last working day strictly before `date`. */
export function previousWorkday(cal: WorkCalendar, date: IsoDate): IsoDate {
  return addWorkdays(cal, date, -1);
}

/** True when the official arrangement for `date`'s year has been entered. */
export function isCovered(cal: WorkCalendar, date: IsoDate): boolean {
  const n = dayNumber(date);
  return isSpanCoveredNumbers(cal, n, n);
}

/**
 * Whether a computation over the dates given (and every day between the earliest and the latest)
 * touched an uncovered year, and which ones — for telling the admin which notice to enter.
 */
export function coverage(cal: WorkCalendar, ...dates: IsoDate[]): { provisional: boolean; uncoveredYears: number[] } {
  if (dates.length === 0) return { provisional: false, uncoveredYears: [] };
  const days = dates.map(dayNumber);
  const lo = Math.min(...days);
  const hi = Math.max(...days);
  if (isSpanCoveredNumbers(cal, lo, hi)) return { provisional: false, uncoveredYears: [] };
  const uncoveredYears: number[] = [];
  for (let y = yearOfDayNumber(lo); y <= yearOfDayNumber(hi); y++) {
    if (!isSpanCoveredNumbers(cal, yearStart(y), yearStart(y + 1) - 1)) uncoveredYears.push(y);
  }
  return { provisional: true, uncoveredYears };
}

function checkInteger(n: number): number {
  if (!Number.isSafeInteger(n)) throw new RangeError(`工作日数应为整数，收到 ${n}`);
  return n;
}
