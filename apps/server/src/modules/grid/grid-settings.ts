import { parseWorkPeriods, readGridSettings, workClock, type GridSettings, type WorkClock } from '@duban/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { tenantCalendar } from '../calendar/calendar.service';
import { perDb } from './grid-cache';

const TTL_MS = 60_000;
const caches = perDb<number, { at: number; settings: GridSettings }>();

/** The tenant's grid settings with defaults, cached for a minute per process (an edit here drops it at once). */
export async function gridSettingsOf(db: Kysely<DB>, tenantId: number, now = Date.now()): Promise<GridSettings> {
  const cache = caches(db);
  const hit = cache.get(tenantId);
  if (hit && now - hit.at < TTL_MS) return hit.settings;
  const row = await db.selectFrom('grid_settings').select('settings').where('tenant_id', '=', tenantId).executeTakeFirst();
  const settings = readGridSettings(row?.settings);
  cache.set(tenantId, { at: now, settings });
  return settings;
}

/** Forgets the cached settings after an edit. */
export function invalidateGridSettings(db: Kysely<DB>, tenantId: number): void {
  caches(db).delete(tenantId);
}

/** The tenant's working clock: its working-day calendar and the day's working periods. */
export async function gridWorkClock(db: Kysely<DB>, tenantId: number): Promise<WorkClock> {
  const [cal, settings] = await Promise.all([tenantCalendar(db, tenantId), gridSettingsOf(db, tenantId)]);
  const parsed = parseWorkPeriods(settings.workPeriods);
  // Stored settings were validated; an unreadable value keeps the defaults rather than stopping every clock.
  return workClock(cal, 'periods' in parsed ? parsed.periods : [{ start: 510, end: 720 }, { start: 870, end: 1080 }]);
}
