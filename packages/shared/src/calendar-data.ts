import seed from './data/cn-calendar-2025-2026.json' with { type: 'json' };
import { createCalendar, type CalendarException, type WorkCalendar } from './calendar-core';
import { calendarFromData, type CalendarFileData } from './calendar-import';

/**
 * The State Council's holiday arrangements for 2025 and 2026, the seed of every tenant's calendar.
 * Checked day by day against the notices:
 * - 2025: 国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024-11-12）— 元旦 1/1; 春节 1/28–2/4,
 *   上班 1/26、2/8; 清明 4/4–6; 劳动节 5/1–5, 上班 4/27; 端午 5/31–6/2; 国庆节、中秋节 10/1–8, 上班 9/28、10/11.
 * - 2026: 国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号，2025-11-04）— 元旦 1/1–3, 上班 1/4;
 *   春节 2/15–23, 上班 2/14、2/28; 清明 4/4–6; 劳动节 5/1–5, 上班 5/9; 端午 6/19–21; 中秋 9/25–27;
 *   国庆节 10/1–7, 上班 9/20、10/10.
 * Every date matches. The only difference is naming: the file calls 2025-10-06 “中秋” and the rest of
 * that break “国庆节”, where the notice names the whole 10/1–8 break “国庆节、中秋节”; the days off are the same.
 */
export const OFFICIAL_CN_CALENDAR: CalendarFileData = seed;

/** The official holidays and make-up working days of the seed file, as calendar exceptions. */
export function officialExceptions(): CalendarException[] {
  return calendarFromData(OFFICIAL_CN_CALENDAR).exceptions;
}

/** The years whose official arrangement the seed file holds. */
export function officialCoveredYears(): number[] {
  return calendarFromData(OFFICIAL_CN_CALENDAR).coveredYears;
}

/** A calendar of the official arrangements plus a tenant's own exceptions (closures). */
export function officialCalendar(extra: readonly CalendarException[] = []): WorkCalendar {
  const official = calendarFromData(OFFICIAL_CN_CALENDAR);
  return createCalendar({ exceptions: [...official.exceptions, ...extra], coveredYears: official.coveredYears });
}
