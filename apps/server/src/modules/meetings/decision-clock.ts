import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { Deps } from '../../lib/deps';
import { tenantCalendar } from '../calendar/calendar.service';
import { thresholdsFor } from '../matters/matter-colour';
import type { DecisionClock } from './meeting.presenter';

/** The time, calendar and due-soon setting (the tenant's 临期工作日数, as for matters) that colour decisions. */
export async function decisionClock(deps: Pick<Deps, 'clock'> & { db: Kysely<DB> }, tenantId: number): Promise<DecisionClock> {
  const cal = await tenantCalendar(deps.db, tenantId);
  const tenant = await deps.db.selectFrom('tenants').select('settings').where('id', '=', tenantId).executeTakeFirst();
  return { now: deps.clock.now(), cal, dueSoonWorkdays: thresholdsFor(tenant?.settings, null).dueSoonWorkdays };
}
