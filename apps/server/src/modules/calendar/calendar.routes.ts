import { calendarDayInputSchema, calendarImportInputSchema, calendarYearInputSchema, isoDateSchema } from '@duban/shared';
import { z } from 'zod';
import { actorOf } from '../../http/auth.plugin';
import { okSchema, type App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { calendarCoverage, deleteCalendarDay, getCalendarYear, importCalendar, setCalendarDay, setCalendarYear } from './calendar.admin.service';

const yearSchema = z.coerce.number({ error: '年份应为 1900–9999 之间的整数' }).int({ error: '年份应为整数' }).min(1900, { error: '年份应不早于 1900' }).max(9999, { error: '年份应不晚于 9999' });
const kind = z.enum(['holiday', 'workday', 'closure']);
const day = z.object({ date: z.string(), kind, name: z.string() });
const yearView = z.object({ year: z.number(), covered: z.boolean(), source: z.string().nullable(), days: z.array(day), coveredYears: z.array(z.number()) });
const coverageView = z.object({
  coveredYears: z.array(z.number()),
  currentYear: z.number(),
  nextYearCovered: z.boolean(),
  missingYears: z.array(z.number()),
  provisionalMatters: z.number(),
});

export async function calendarRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/api/calendar',
    { schema: { tags: ['calendar'], summary: '某年的工作日历例外日期（放假、调休上班、本单位休息）', querystring: z.object({ year: yearSchema }), response: { 200: yearView } } },
    async (request) => getCalendarYear(deps, actorOf(request), request.query.year),
  );
  app.get(
    '/api/calendar/coverage',
    { schema: { tags: ['calendar'], summary: '已录入节假日安排的年份、缺失年份和暂定时限数（管理员提示用）', response: { 200: coverageView } } },
    async (request) => calendarCoverage(deps, actorOf(request)),
  );
  app.put(
    '/api/calendar/days/:date',
    { schema: { tags: ['calendar'], summary: '设置某日为放假、调休上班或本单位休息', params: z.object({ date: isoDateSchema }), body: calendarDayInputSchema, response: { 200: day } } },
    async (request) => setCalendarDay(deps, actorOf(request), request.params.date, request.body),
  );
  app.delete(
    '/api/calendar/days/:date',
    { schema: { tags: ['calendar'], summary: '删除某日的例外，恢复周一至周五上班的默认', params: z.object({ date: isoDateSchema }), response: { 200: okSchema } } },
    async (request) => {
      await deleteCalendarDay(deps, actorOf(request), request.params.date);
      return { ok: true as const };
    },
  );
  app.put(
    '/api/calendar/years/:year',
    { schema: { tags: ['calendar'], summary: '标记某年的国务院节假日安排已录入（或未录入）', params: z.object({ year: yearSchema }), body: calendarYearInputSchema, response: { 200: yearView } } },
    async (request) => setCalendarYear(deps, actorOf(request), request.params.year, request.body.covered, request.body.source ?? null),
  );
  app.post(
    '/api/calendar/import',
    {
      schema: {
        tags: ['calendar'],
        summary: '导入日历文件（JSON 或 CSV，与 duban calendar import 相同；有错误时整体不导入）',
        body: calendarImportInputSchema,
        response: { 200: z.object({ days: z.number(), years: z.array(z.number()) }) },
      },
    },
    async (request) => importCalendar(deps, actorOf(request), request.body.text, request.body.fileName ?? null),
  );
}
