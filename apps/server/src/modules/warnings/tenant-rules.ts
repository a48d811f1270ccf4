import { createHash } from 'node:crypto';
import {
  mergeThresholds,
  readTenantWarningSettings,
  type RepeatIntervals,
  type WarningThresholds,
  type WorkCalendar,
} from '@duban/shared';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { calendarFromRows, listDays, listYears } from '../calendar/calendar.repository';

/** Everything a tenant's colours and reminders are decided by, read once per sweep. */
export type TenantRules = {
  tenantId: number;
  cal: WorkCalendar;
  repeat: RepeatIntervals;
  thresholdsFor(categoryId: number | null): WarningThresholds;
  /** Changes whenever the calendar or a threshold changes: the sweep then reclassifies the tenant. */
  hash: string;
};

export async function loadTenantRules(db: Kysely<DB> | Transaction<DB>, tenantId: number, settings: Record<string, unknown>): Promise<TenantRules> {
  const [days, years, categories] = await Promise.all([
    listDays(db, tenantId),
    listYears(db, tenantId),
    db.selectFrom('categories').select(['id', 'thresholds']).where('tenant_id', '=', tenantId).orderBy('id').execute(),
  ]);
  const cal = calendarFromRows(days, years);
  const { thresholds, repeat } = readTenantWarningSettings(settings);
  // A bad stored value must not stop the sweep: that level falls back to the one above.
  const safeMerge = (tenantLevel: unknown, categoryLevel: unknown): WarningThresholds => {
    try {
      return mergeThresholds(tenantLevel ?? null, categoryLevel ?? null);
    } catch {
      return mergeThresholds(tenantLevel ?? null, null);
    }
  };
  const base = safeMerge(thresholds, null);
  const byCategory = new Map<number, WarningThresholds>();
  for (const c of categories) if (c.thresholds) byCategory.set(c.id, safeMerge(thresholds, c.thresholds));
  const hash = createHash('sha256')
    .update(JSON.stringify({ days: days.map((d) => [d.date, d.kind]), years: years.map((y) => y.year), base, repeat, cats: [...byCategory] }))
    .digest('hex');
  return { tenantId, cal, repeat, hash, thresholdsFor: (id) => (id === null ? base : byCategory.get(id) ?? base) };
}
