import { officialCoveredYears, officialExceptions, type WorkCalendar } from '@duban/shared';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { calendarFor, upsertCalendar } from './calendar.repository';

const TTL_MS = 60_000;
const cache = new WeakMap<Kysely<DB>, Map<number, { at: number; cal: WorkCalendar }>>();

/**
 * The tenant's working-day calendar (statutory holidays, 调休 make-up days, local closures), cached
 * for a minute per process; an edit in this process drops the cache at once.
 */
export async function tenantCalendar(db: Kysely<DB>, tenantId: number, now = Date.now()): Promise<WorkCalendar> {
  let perDb = cache.get(db);
  if (!perDb) {
    perDb = new Map();
    cache.set(db, perDb);
  }
  const hit = perDb.get(tenantId);
  if (hit && now - hit.at < TTL_MS) return hit.cal;
  const cal = await calendarFor(db, tenantId);
  perDb.set(tenantId, { at: now, cal });
  return cal;
}

/** Forgets the cached calendar after an edit. */
export function invalidateCalendar(db: Kysely<DB>, tenantId: number): void {
  cache.get(db)?.delete(tenantId);
}

/** Gives a new tenant the official national arrangements (seeded for 2025 and 2026). */
export async function seedOfficialCalendar(trx: Transaction<DB> | Kysely<DB>, tenantId: number): Promise<void> {
  await upsertCalendar(trx, tenantId, officialExceptions(), officialCoveredYears(), '国务院办公厅节假日安排通知');
}
