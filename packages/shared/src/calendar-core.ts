import { dayNumber, isIsoDate, type IsoDate } from './time';

/**
 * The working-day engine, in day numbers (days since 1970-01-01). Internal to the package:
 * calendar.ts is the public, IsoDate-based face; warning.ts uses these directly to avoid
 * converting dates to strings a million times per sweep.
 */

export type CalendarExceptionKind = 'holiday' | 'workday' | 'closure';

/** A dated departure from the Monday–Friday default. */
export type CalendarException = { date: IsoDate; kind: CalendarExceptionKind; name: string };

export type WorkCalendar = {
  /** Years whose State Council notice has been entered, ascending. */
  readonly coveredYears: readonly number[];
  /** The effective exception of each date (after resolving duplicates, see createCalendar). */
  readonly exceptions: ReadonlyMap<IsoDate, CalendarException>;
  /** Day number of 1 January of the earliest year with any data; the precomputed range starts here. */
  readonly rangeStart: number;
  /** Day number just after 31 December of the latest year with any data (exclusive). */
  readonly rangeEnd: number;
  /** 1 = working day, for each day of [rangeStart, rangeEnd). */
  readonly workdayBits: Uint8Array;
  /** cumulative[i] = working days in [rangeStart, rangeStart + i); length is the range length + 1. */
  readonly cumulative: Int32Array;
  /** Weekdays-only count from the epoch up to rangeStart, so counts join up with the arithmetic outside. */
  readonly baseCount: number;
  /** What to add to weekdaysBefore(n) for n ≥ rangeEnd to continue the cumulative count. */
  readonly tailOffset: number;
  /** Inclusive day-number spans [from, to] of runs of consecutive covered years. */
  readonly coveredSpans: readonly (readonly [number, number])[];
};

const MONDAY = 4; // day number 4 = 1970-01-05, a Monday

/** Weekdays (Mon–Fri) in [epoch, n) in closed form; negative before the epoch, so differences stay right. */
export function weekdaysBefore(n: number): number {
  const m = n - MONDAY;
  const weeks = Math.floor(m / 7);
  return weeks * 5 + Math.min(m - weeks * 7, 5);
}

function isWeekdayNumber(n: number): boolean {
  const dow = (((n + 4) % 7) + 7) % 7; // 0 = Sunday
  return dow !== 0 && dow !== 6;
}

export function yearStart(year: number): number {
  return Math.floor(Date.UTC(year, 0, 1) / 86_400_000);
}

export function yearOfDayNumber(n: number): number {
  return new Date(n * 86_400_000).getUTCFullYear();
}

// A closure or holiday means the office is shut; if the same date is also marked a make-up
// working day (a tenant closing on an official 调休 Saturday), being shut wins.
const KIND_STRENGTH: Record<CalendarExceptionKind, number> = { workday: 0, holiday: 1, closure: 2 };

/** Builds a calendar, precomputing a per-day bitmap and prefix counts over the years that have data. */
export function createCalendar(input: { exceptions: readonly CalendarException[]; coveredYears: readonly number[] }): WorkCalendar {
  const exceptions = new Map<IsoDate, CalendarException>();
  for (const e of input.exceptions) {
    if (!isIsoDate(e.date)) throw new RangeError(`日期“${e.date}”无效`);
    const prev = exceptions.get(e.date);
    if (!prev || KIND_STRENGTH[e.kind] > KIND_STRENGTH[prev.kind]) exceptions.set(e.date, e);
  }
  const coveredYears = [...new Set(input.coveredYears)].sort((a, b) => a - b);
  for (const y of coveredYears) {
    if (!Number.isInteger(y) || y < 1900 || y > 9999) throw new RangeError(`年份“${y}”无效`);
  }

  const years = [...coveredYears, ...[...exceptions.keys()].map((d) => Number(d.slice(0, 4)))];
  const rangeStart = years.length ? yearStart(Math.min(...years)) : 0;
  const rangeEnd = years.length ? yearStart(Math.max(...years) + 1) : 0;
  const length = rangeEnd - rangeStart;
  const workdayBits = new Uint8Array(length);
  for (let i = 0; i < length; i++) workdayBits[i] = isWeekdayNumber(rangeStart + i) ? 1 : 0;
  for (const e of exceptions.values()) workdayBits[dayNumber(e.date) - rangeStart] = e.kind === 'workday' ? 1 : 0;
  const cumulative = new Int32Array(length + 1);
  for (let i = 0; i < length; i++) cumulative[i + 1] = (cumulative[i] ?? 0) + (workdayBits[i] ?? 0);

  const baseCount = weekdaysBefore(rangeStart);
  const tailOffset = baseCount + (cumulative[length] ?? 0) - weekdaysBefore(rangeEnd);

  const coveredSpans: [number, number][] = [];
  for (const y of coveredYears) {
    const last = coveredSpans.at(-1);
    if (last && last[1] === yearStart(y) - 1) last[1] = yearStart(y + 1) - 1;
    else coveredSpans.push([yearStart(y), yearStart(y + 1) - 1]);
  }

  return { coveredYears, exceptions, rangeStart, rangeEnd, workdayBits, cumulative, baseCount, tailOffset, coveredSpans };
}

/** O(1): inside the precomputed range read the bitmap, outside it Monday–Friday. */
export function isWorkdayNumber(cal: WorkCalendar, n: number): boolean {
  if (n >= cal.rangeStart && n < cal.rangeEnd) return cal.workdayBits[n - cal.rangeStart] === 1;
  return isWeekdayNumber(n);
}

/** Working days in [epoch, n): a global running count, so any span is a difference of two calls. */
export function workdaysBefore(cal: WorkCalendar, n: number): number {
  if (n <= cal.rangeStart) return weekdaysBefore(n);
  if (n >= cal.rangeEnd) return weekdaysBefore(n) + cal.tailOffset;
  return cal.baseCount + (cal.cumulative[n - cal.rangeStart] ?? 0);
}

/** Signed working days from a to b: (a, b] when a ≤ b, −[b, a) when b < a. */
export function workdaysBetweenNumbers(cal: WorkCalendar, a: number, b: number): number {
  return b >= a ? workdaysBefore(cal, b + 1) - workdaysBefore(cal, a + 1) : workdaysBefore(cal, b) - workdaysBefore(cal, a);
}

// Up to this many steps a day-by-day walk beats a binary search (and most deadlines are a few days).
const WALK_LIMIT = 64;

/** The n-th working day after day a (before it when n < 0); n = 0 is a itself or the next working day. */
export function addWorkdaysNumber(cal: WorkCalendar, a: number, n: number): number {
  if (n === 0) return isWorkdayNumber(cal, a) ? a : addWorkdaysNumber(cal, a, 1);
  const step = n > 0 ? 1 : -1;
  const goal = Math.abs(n);
  if (goal <= WALK_LIMIT) {
    let d = a;
    for (let seen = 0; seen < goal; ) {
      d += step;
      if (isWorkdayNumber(cal, d)) seen++;
    }
    return d;
  }
  // Forward: the smallest d > a with workdaysBefore(d + 1) − workdaysBefore(a + 1) ≥ n.
  // Backward: the largest d < a with workdaysBefore(a) − workdaysBefore(d) ≥ |n|.
  const target = n > 0 ? workdaysBefore(cal, a + 1) + n : workdaysBefore(cal, a) - goal;
  const reached = (d: number): boolean => (n > 0 ? workdaysBefore(cal, d + 1) >= target : workdaysBefore(cal, d) <= target);
  let span = goal * 2 + 14;
  while (!reached(a + step * span)) span *= 2;
  let lo = 1;
  let hi = span; // reached at distance hi, not at distance lo − 1 (= 0, since a itself is excluded)
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (reached(a + step * mid)) hi = mid;
    else lo = mid + 1;
  }
  return a + step * lo;
}

/** True when every day of [from, to] lies in a year whose official arrangement has been entered. */
export function isSpanCoveredNumbers(cal: WorkCalendar, from: number, to: number): boolean {
  const lo = Math.min(from, to);
  const hi = Math.max(from, to);
  for (const [s, e] of cal.coveredSpans) if (lo >= s && hi <= e) return true;
  return false;
}
