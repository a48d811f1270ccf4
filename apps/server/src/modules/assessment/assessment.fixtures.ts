import { insertMatter } from '../../../test/files-fixtures';
import type { seedTenant } from '../../../test/fixtures';
import type { TestRuntime } from '../../../test/runtime';
import { systemActor } from '../../lib/actor';
import { recordTrace } from '../trace/trace.service';

/**
 * Two closed matters of the test tenant with outcomes that score: one 3 working days late with an own red
 * turn and a return to the street office, one on time rated 5 stars; the street's head, its handler and the
 * lead leader get archive ranks.
 */
export async function seedOutcomes(r: TestRuntime, tenant: Awaited<ReturnType<typeof seedTenant>>): Promise<{ late: number; onTime: number }> {
  const lateId = await insertMatter(r, tenant, { deadline: '2026-11-20', status: 'closed' });
  const onTime = await insertMatter(r, tenant, { deadline: '2026-12-10', status: 'closed' });
  // No report cadence: missed reports are tested on their own (assessment-items.test.ts).
  await r.db.updateTable('matters').set({ closed_at: new Date('2026-11-25T02:00:00Z'), report_cadence: 'none' }).where('id', '=', lateId).execute();
  await r.db.updateTable('matters').set({ closed_at: new Date('2026-12-01T02:00:00Z'), difficulty: 1.5, report_cadence: 'none' }).where('id', '=', onTime).execute();
  await r.db
    .insertInto('colour_history')
    .values({ tenant_id: tenant.tenantId, matter_id: lateId, from_colour: 'yellow', to_colour: 'red', reasons: JSON.stringify([{ code: 'overdue', colour: 'red', text: '已逾期' }]), at: new Date('2026-11-23T00:00:00Z') })
    .execute();
  await r.db
    .insertInto('completion_requests')
    .values({ tenant_id: tenant.tenantId, matter_id: lateId, unit_id: tenant.units.street, requested_by: null, evidence: '材料', status: 'returned', decided_by: null, decided_at: new Date('2026-11-24T03:00:00Z'), decision_note: '材料不全' })
    .execute();
  await r.db.transaction().execute((trx) => recordTrace(trx, r.clock, systemActor(tenant.tenantId), { action: 'matter.rate', entityType: 'matter', entityId: onTime, after: { rating: 5 } }));
  await r.db.updateTable('people').set({ rank: 'section_principal' }).where('id', 'in', [tenant.people.head, tenant.people.handler]).execute();
  await r.db.updateTable('people').set({ rank: 'county_principal' }).where('id', '=', tenant.people.leader).execute();
  return { late: lateId, onTime };
}

