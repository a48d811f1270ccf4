import type { Kysely, Transaction } from 'kysely';
import { createCalendar, type CalendarException, type WorkCalendar } from '@duban/shared';
import type { DB } from '../../db/schema';

type Conn = Kysely<DB> | Transaction<DB>;

export function listDays(db: Conn, tenantId: number) {
  return db.selectFrom('calendar_days').select(['date', 'kind', 'name']).where('tenant_id', '=', tenantId).orderBy('date').execute();
}

export function listYears(db: Conn, tenantId: number) {
  return db.selectFrom('calendar_years').select(['year', 'source', 'updated_at']).where('tenant_id', '=', tenantId).orderBy('year').execute();
}

/** A working-day calendar from the tenant's calendar rows (its exceptions and the years they cover). */
export function calendarFromRows(days: readonly CalendarException[], years: readonly { year: number }[]): WorkCalendar {
  return createCalendar({ exceptions: days, coveredYears: years.map((y) => y.year) });
}

/**
 * The tenant's working-day calendar, read through `conn` (pass the transaction when inside one: the embedded
 * engine has a single connection, which the transaction holds). Uncached; tenantCalendar caches it for a minute.
 */
export async function calendarFor(conn: Conn, tenantId: number): Promise<WorkCalendar> {
  const [days, years] = await Promise.all([listDays(conn, tenantId), listYears(conn, tenantId)]);
  return calendarFromRows(days, years);
}

/** Adds exceptions (a date keeps one row per kind) and marks years as covered. */
export async function upsertCalendar(db: Conn, tenantId: number, exceptions: readonly CalendarException[], years: readonly number[], source: string | null) {
  for (let i = 0; i < exceptions.length; i += 500) {
    await db
      .insertInto('calendar_days')
      .values(exceptions.slice(i, i + 500).map((e) => ({ tenant_id: tenantId, date: e.date, kind: e.kind, name: e.name })))
      .onConflict((oc) => oc.columns(['tenant_id', 'date', 'kind']).doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })))
      .execute();
  }
  if (years.length) {
    await db
      .insertInto('calendar_years')
      .values(years.map((year) => ({ tenant_id: tenantId, year, source })))
      .onConflict((oc) => oc.columns(['tenant_id', 'year']).doUpdateSet({ source, updated_at: new Date() }))
      .execute();
  }
}
