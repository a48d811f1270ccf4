import { addWorkdaysChecked, isWorkday, type WorkCalendar } from './calendar';
import type { IsoDate } from './time';

/** A deadline as stored: a date, and "N 个工作日" from the start date when it was counted that way. */
export type CountedDeadline = { id: number; startDate: IsoDate; deadline: IsoDate; deadlineWorkdays: number | null; provisional: boolean };

/** A counted deadline the calendar now puts elsewhere (or makes certain). */
export type DeadlineRecount = { id: number; from: IsoDate; to: IsoDate; provisional: boolean };

/**
 * Recounts "N 个工作日" deadlines through a changed calendar (an imported year, an edited day):
 * always from the start date, never by shifting the old result, so recounting after any sequence of
 * calendar changes equals counting with the final calendar from the start. Only counted deadlines
 * whose date or 暂定 flag changes are returned; fixed dates are left alone (see isHolidayDeadline).
 */
export function recountDeadlines(cal: WorkCalendar, deadlines: readonly CountedDeadline[]): DeadlineRecount[] {
  const out: DeadlineRecount[] = [];
  for (const d of deadlines) {
    if (d.deadlineWorkdays === null) continue;
    const r = addWorkdaysChecked(cal, d.startDate, d.deadlineWorkdays);
    if (r.date !== d.deadline || r.provisional !== d.provisional) out.push({ id: d.id, from: d.deadline, to: r.date, provisional: r.provisional });
  }
  return out;
}

/** A fixed deadline that falls on a day off under the calendar (e.g. a holiday entered after it was set). */
export function isHolidayDeadline(cal: WorkCalendar, deadline: IsoDate): boolean {
  return !isWorkday(cal, deadline);
}
