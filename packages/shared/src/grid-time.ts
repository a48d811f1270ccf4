import { z } from 'zod';
import { isWorkdayNumber, workdaysBefore, addWorkdaysNumber, type WorkCalendar } from './calendar-core';

/**
 * Working time for grid problems (网格事件的工作时限). A limit is in 工作时 (working hours) or 工作日 (working
 * days) as the 数字化城市管理 standards (CJ/T 315, GB/T 30428.8) and 12345 practice count them: time runs only on
 * the working days of the Chinese calendar (statutory holidays off, 调休 Saturdays on) and only inside the day's
 * working periods (by default 08:30–12:00 and 14:30–18:00, Asia/Shanghai, set per tenant). One working day is one
 * day's worth of working periods (7 hours by default), so "1 个工作日" from 17:00 on a Friday ends at 17:00 on the
 * Monday. Everything is a difference of one running count — working minutes since the epoch — so who held the
 * clock, time left and deadlines agree to the millisecond.
 */

/** A working period of a day, in minutes since 00:00 Asia/Shanghai: [start, end). */
export type WorkPeriod = { start: number; end: number };

export const DEFAULT_WORK_PERIODS: readonly string[] = ['08:30-12:00', '14:30-18:00'];

const PERIOD = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;

/** Parses 'HH:MM-HH:MM' periods; null with a Chinese reason when they are malformed, out of order or overlap. */
export function parseWorkPeriods(texts: readonly string[]): { periods: WorkPeriod[] } | { error: string } {
  if (!texts.length) return { error: '至少设置一个工作时段' };
  const periods: WorkPeriod[] = [];
  for (const t of texts) {
    const m = PERIOD.exec(t.trim());
    if (!m) return { error: `工作时段“${t}”格式应为 08:30-12:00` };
    const start = Number(m[1]) * 60 + Number(m[2]);
    const end = Number(m[3]) * 60 + Number(m[4]);
    if (end > 1440 || end <= start) return { error: `工作时段“${t}”的结束时间应晚于开始时间` };
    const prev = periods.at(-1);
    if (prev && start < prev.end) return { error: `工作时段“${t}”与前一时段重叠或未按时间先后排列` };
    periods.push({ start, end });
  }
  return { periods };
}

/** zod schema of the periods as a tenant sets them (grid_settings.workPeriods). */
export const workPeriodsSchema = z
  .array(z.string())
  .max(6, { error: '工作时段最多 6 个' })
  .superRefine((texts, ctx) => {
    const r = parseWorkPeriods(texts);
    if ('error' in r) ctx.addIssue({ code: 'custom', message: r.error });
  });

/** The calendar and the day's periods, with what the arithmetic needs precomputed. */
export type WorkClock = {
  cal: WorkCalendar;
  periods: readonly WorkPeriod[];
  /** Working minutes in one working day. */
  dayMinutes: number;
  /** before[i] = working minutes of a day before period i starts. */
  before: readonly number[];
};

/** A working clock over a tenant's calendar and working periods. */
export function workClock(cal: WorkCalendar, periods: readonly WorkPeriod[]): WorkClock {
  const before: number[] = [];
  let sum = 0;
  for (const p of periods) {
    before.push(sum);
    sum += p.end - p.start;
  }
  if (sum <= 0) throw new RangeError('工作时段为空');
  return { cal, periods, dayMinutes: sum, before };
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Working minutes of a day already past at `minute` (minutes since midnight, fractional allowed). */
function workedInDay(clock: WorkClock, minute: number): number {
  let done = 0;
  for (const p of clock.periods) {
    if (minute <= p.start) break;
    done += Math.min(minute, p.end) - p.start;
  }
  return done;
}

/**
 * The running count: working minutes from the epoch to `at` (fractional). Differences of it are working time;
 * it stands still outside working periods and on days off.
 */
export function workIndex(clock: WorkClock, at: Date): number {
  const local = at.getTime() + SHANGHAI_OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  const base = workdaysBefore(clock.cal, day) * clock.dayMinutes;
  if (!isWorkdayNumber(clock.cal, day)) return base;
  return base + workedInDay(clock, (local - day * DAY_MS) / MINUTE_MS);
}

/** Signed working minutes from a to b ("who held the clock", time left before a deadline). */
export function workingMinutesBetween(clock: WorkClock, a: Date, b: Date): number {
  // Both indexes count from the epoch (millions of minutes), so their difference carries an error of about 1e-9 of
  // a minute, which could make it exceed the time elapsed; instants are whole milliseconds and so is the working
  // time between them: rounding to the millisecond gives the exact figure.
  return Math.round((workIndex(clock, b) - workIndex(clock, a)) * MINUTE_MS) / MINUTE_MS;
}

/**
 * The instant `minutes` of working time after `start`: the earliest moment at which that much working time has
 * passed (a limit that ends with a day's last period ends at its close, 18:00, not at the next morning).
 * Zero or less gives `start` itself.
 */
export function addWorkingMinutes(clock: WorkClock, start: Date, minutes: number): Date {
  if (!(minutes > 0)) return new Date(start.getTime());
  const target = workIndex(clock, start) + minutes;
  const startDay = Math.floor((start.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS);
  // The target falls in the n-th working day since the epoch (1-based), the day on which the count passes it.
  const n = Math.ceil(target / clock.dayMinutes - 1e-9);
  const ahead = n - workdaysBefore(clock.cal, startDay);
  // ahead ≥ 1: the start day's own count is below the target. The ahead-th working day on or after startDay.
  const day = addWorkdaysNumber(clock.cal, startDay - 1, Math.max(1, ahead));
  let rest = target - workdaysBefore(clock.cal, day) * clock.dayMinutes;
  let minute = clock.periods[0]?.start ?? 0;
  for (let i = 0; i < clock.periods.length; i++) {
    const p = clock.periods[i];
    if (!p) continue;
    const len = p.end - p.start;
    if (rest <= len || i === clock.periods.length - 1) {
      minute = p.start + Math.min(rest, len);
      break;
    }
    rest -= len;
  }
  return new Date(day * DAY_MS - SHANGHAI_OFFSET_MS + Math.round(minute * MINUTE_MS));
}

/** A time limit as the tables hold it. */
export type TimeLimit = { amount: number; unit: 'hour' | 'day' };

/** A limit in working minutes (工作日 = one day's working periods). */
export function limitMinutes(clock: WorkClock, limit: TimeLimit): number {
  return limit.unit === 'hour' ? limit.amount * 60 : limit.amount * clock.dayMinutes;
}

/** The deadline of a limit started at `start`. */
export function deadlineAfter(clock: WorkClock, start: Date, limit: TimeLimit): Date {
  return addWorkingMinutes(clock, start, limitMinutes(clock, limit));
}

/** A limit as people read it: 4 个工作时, 1 个工作日, 0.5 个工作日. */
export function formatLimit(limit: TimeLimit): string {
  return `${Number(limit.amount.toFixed(2))} 个${limit.unit === 'hour' ? '工作时' : '工作日'}`;
}

/** Working minutes as people read them: 3 小时 20 分, 逾期 1 小时 5 分 (negative = past). */
export function formatWorkingMinutes(minutes: number): string {
  const m = Math.round(Math.abs(minutes));
  const h = Math.floor(m / 60);
  const text = h ? `${h} 小时${m % 60 ? ` ${m % 60} 分` : ''}` : `${m} 分钟`;
  return minutes < 0 ? `逾期 ${text}` : text;
}
