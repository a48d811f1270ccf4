import {
  parseCalendarFile,
  shanghaiDate,
  type CalendarCoverageView,
  type CalendarDayInput,
  type CalendarDayView,
  type CalendarYearView,
  type IsoDate,
} from '@duban/shared';
import { sql } from 'kysely';
import { AppError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { unfinishedMatter } from '../matters/matter-status.sql';
import { recordTrace } from '../trace/trace.service';
import { listYears, upsertCalendar } from './calendar.repository';
import { recountWorkdayDeadlines } from './calendar.recount';
import { invalidateCalendar } from './calendar.service';

/** A year's exceptions and whether its official notice is entered; anyone in the tenant may read it. */
export async function getCalendarYear(deps: Deps, actor: Actor, year: number): Promise<CalendarYearView> {
  requirePermission(actor, 'org.read');
  const days = await deps.db
    .selectFrom('calendar_days')
    .select(['date', 'kind', 'name'])
    .where('tenant_id', '=', actor.tenantId)
    .where('date', '>=', `${year}-01-01`)
    .where('date', '<=', `${year}-12-31`)
    .orderBy('date')
    .orderBy('kind')
    .execute();
  const years = await listYears(deps.db, actor.tenantId);
  const entry = years.find((y) => y.year === year);
  return { year, covered: !!entry, source: entry?.source ?? null, days, coveredYears: years.map((y) => y.year) };
}

/** Makes `date` one kind of exception (replacing what it was). */
export async function setCalendarDay(deps: Deps, actor: Actor, date: IsoDate, input: CalendarDayInput): Promise<CalendarDayView> {
  requirePermission(actor, 'calendar.manage');
  const view = { date, kind: input.kind, name: input.name };
  await inTransaction(deps.db, async (trx) => {
    const before = await trx.selectFrom('calendar_days').select(['kind', 'name']).where('tenant_id', '=', actor.tenantId).where('date', '=', date).execute();
    await trx.deleteFrom('calendar_days').where('tenant_id', '=', actor.tenantId).where('date', '=', date).execute();
    await trx.insertInto('calendar_days').values({ tenant_id: actor.tenantId, ...view }).execute();
    await recountWorkdayDeadlines(trx, deps, actor.tenantId);
    await recordTrace(trx, deps.clock, actor, { action: 'calendar.day_set', entityType: 'calendar', entityId: date, before: before.length ? { days: before } : null, after: view });
  });
  invalidateCalendar(deps.db, actor.tenantId);
  return view;
}

/** Returns `date` to the weekday default. */
export async function deleteCalendarDay(deps: Deps, actor: Actor, date: IsoDate): Promise<void> {
  requirePermission(actor, 'calendar.manage');
  await inTransaction(deps.db, async (trx) => {
    const removed = await trx.deleteFrom('calendar_days').where('tenant_id', '=', actor.tenantId).where('date', '=', date).returning(['kind', 'name']).execute();
    if (!removed.length) throw new AppError('not_found', `${date} 不是日历中的例外日期`);
    await recountWorkdayDeadlines(trx, deps, actor.tenantId);
    await recordTrace(trx, deps.clock, actor, { action: 'calendar.day_delete', entityType: 'calendar', entityId: date, before: { days: removed } });
  });
  invalidateCalendar(deps.db, actor.tenantId);
}

/** Marks a year's official arrangement as entered (or not). */
export async function setCalendarYear(deps: Deps, actor: Actor, year: number, covered: boolean, source: string | null): Promise<CalendarYearView> {
  requirePermission(actor, 'calendar.manage');
  await inTransaction(deps.db, async (trx) => {
    if (covered) {
      await trx
        .insertInto('calendar_years')
        .values({ tenant_id: actor.tenantId, year, source })
        .onConflict((oc) => oc.columns(['tenant_id', 'year']).doUpdateSet({ source, updated_at: deps.clock.now() }))
        .execute();
    } else {
      await trx.deleteFrom('calendar_years').where('tenant_id', '=', actor.tenantId).where('year', '=', year).execute();
    }
    await recountWorkdayDeadlines(trx, deps, actor.tenantId);
    await recordTrace(trx, deps.clock, actor, { action: 'calendar.year', entityType: 'calendar', entityId: year, after: { year, covered, source } });
  });
  invalidateCalendar(deps.db, actor.tenantId);
  return getCalendarYear(deps, actor, year);
}

/**
 * Imports a calendar file (the same parser as `duban calendar import`): all or nothing — any bad
 * row rejects the whole file, listing every problem with its line number.
 */
export async function importCalendar(deps: Deps, actor: Actor, text: string, fileName: string | null = null): Promise<{ days: number; years: number[] }> {
  requirePermission(actor, 'calendar.manage');
  const parsed = parseCalendarFile(text);
  if (parsed.errors.length) {
    throw new AppError('calendar_import_failed', undefined, { issues: parsed.errors.map((e) => ({ row: e.line, column: null, message: e.message })) });
  }
  if (!parsed.exceptions.length && !parsed.coveredYears.length) throw new AppError('calendar_import_failed', '文件中没有任何日期');
  const source = fileName ? `导入：${fileName}` : '导入';
  await inTransaction(deps.db, async (trx) => {
    await upsertCalendar(trx, actor.tenantId, parsed.exceptions, parsed.coveredYears, source);
    await recountWorkdayDeadlines(trx, deps, actor.tenantId);
    await recordTrace(trx, deps.clock, actor, {
      action: 'calendar.import',
      entityType: 'calendar',
      entityId: parsed.coveredYears.join(',') || 'days',
      after: { days: parsed.exceptions.length, years: parsed.coveredYears, fileName },
    });
  });
  invalidateCalendar(deps.db, actor.tenantId);
  return { days: parsed.exceptions.length, years: parsed.coveredYears };
}

/** For the admin banner: this and next year's notices, years that open deadlines fall in, provisional deadlines. */
export async function calendarCoverage(deps: Deps, actor: Actor): Promise<CalendarCoverageView> {
  requirePermission(actor, 'org.read');
  const coveredYears = (await listYears(deps.db, actor.tenantId)).map((y) => y.year);
  const currentYear = Number(shanghaiDate(deps.clock.now()).slice(0, 4));
  const { rows } = await sql<{ year: number; n: number }>`
    select extract(year from deadline)::integer as year, count(*)::integer as n from matters
    where tenant_id = ${actor.tenantId} and ${unfinishedMatter(null)}
      and deadline >= ${`${currentYear}-01-01`}::date
    group by 1 order by 1`.execute(deps.db);
  const wanted = new Set([currentYear, currentYear + 1, ...rows.map((r) => r.year)]);
  const missingYears = [...wanted].filter((y) => !coveredYears.includes(y) && (y <= currentYear + 1 || rows.some((r) => r.year === y))).sort((a, b) => a - b);
  const provisionalMatters = rows.filter((r) => !coveredYears.includes(r.year)).reduce((n, r) => n + r.n, 0);
  return { coveredYears, currentYear, nextYearCovered: coveredYears.includes(currentYear + 1), missingYears, provisionalMatters };
}
