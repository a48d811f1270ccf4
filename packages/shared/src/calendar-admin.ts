import { z } from 'zod';
import './zod-zh';
import type { CalendarExceptionKind } from './calendar-core';
import type { IsoDate } from './time';

export const CALENDAR_KIND_LABELS: Record<CalendarExceptionKind, string> = { holiday: '放假', workday: '调休上班', closure: '本单位休息' };

/** PUT /api/calendar/days/{date}: make a date a holiday, a make-up working day or a local closure. */
export const calendarDayInputSchema = z.object({
  kind: z.enum(['holiday', 'workday', 'closure'], { error: '类型应为 放假（holiday）、调休上班（workday）或本单位休息（closure）' }),
  name: z.string().trim().min(1, { error: '请填写名称，如“春节”' }).max(50, { error: '名称不超过 50 个字' }),
});
export type CalendarDayInput = z.infer<typeof calendarDayInputSchema>;

/** POST /api/calendar/import: the file's text (JSON or CSV, see docs/warning-rules.md §2.3). */
export const calendarImportInputSchema = z.object({
  text: z.string().min(1, { error: '文件为空' }).max(1_000_000, { error: '文件过大（不超过 1 MB）' }),
  fileName: z.string().max(200).optional(),
});

/** PUT /api/calendar/years/{year}: whether that year's State Council notice has been entered. */
export const calendarYearInputSchema = z.object({
  covered: z.boolean({ error: '请说明该年度的节假日安排是否已录入' }),
  source: z.string().trim().max(200, { error: '来源不超过 200 个字' }).nullish(),
});

export type CalendarDayView = { date: IsoDate; kind: CalendarExceptionKind; name: string };
export type CalendarYearView = {
  year: number;
  covered: boolean;
  source: string | null;
  days: CalendarDayView[];
  coveredYears: number[];
};
/** What the admin banner needs: which years still lack their notice, and how many deadlines are provisional. */
export type CalendarCoverageView = {
  coveredYears: number[];
  currentYear: number;
  nextYearCovered: boolean;
  missingYears: number[];
  provisionalMatters: number;
};
