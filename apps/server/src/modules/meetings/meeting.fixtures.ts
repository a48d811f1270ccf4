import type { seedTenant } from '../../../test/fixtures';
import type { TestRuntime } from '../../../test/runtime';

type Tenant = Awaited<ReturnType<typeof seedTenant>>;

/**
 * A joint meeting of the test tenant written straight into the tables, with one open decision for `unitId`
 * (the street office by default), as a unit's people meet it. Returns the meeting and decision ids.
 */
export async function insertMeeting(rt: TestRuntime, t: Tenant, opts: { unitId?: number; kind?: 'joint' | 'supervision'; deadline?: string } = {}): Promise<{ meetingId: number; decisionId: number }> {
  const unitId = opts.unitId ?? t.units.street;
  const m = await rt.db
    .insertInto('meetings')
    .values({ tenant_id: t.tenantId, kind: opts.kind ?? 'joint', title: '测试联席会议', held_on: '2026-11-18', convenor_unit_id: t.units.office, minutes: '纪要' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await rt.db.insertInto('meeting_units').values({ meeting_id: m.id, tenant_id: t.tenantId, unit_id: unitId, present: true }).execute();
  const d = await rt.db
    .insertInto('meeting_decisions')
    .values({ meeting_id: m.id, tenant_id: t.tenantId, seq: 1, text: '落实测试议定事项', unit_id: unitId, deadline: opts.deadline ?? '2026-12-10' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { meetingId: m.id, decisionId: d.id };
}

/** An open grid problem of the test tenant (with its category), as the grid flow would have left it; returns its id. */
export async function insertProblem(rt: TestRuntime, t: Tenant, opts: { ticket?: string; closed?: boolean } = {}): Promise<number> {
  const code = `E${Math.random().toString(36).slice(2, 8)}`;
  const cat = await rt.db.insertInto('grid_categories').values({ tenant_id: t.tenantId, kind: 'event', code, name: '道路积水' }).returning('id').executeTakeFirstOrThrow();
  const at = new Date('2026-11-10T02:00:00Z');
  const p = await rt.db
    .insertInto('grid_problems')
    .values({
      tenant_id: t.tenantId,
      ticket: opts.ticket ?? `WG${code}`,
      source: 'grid',
      category_id: cat.id,
      urgency: 'normal',
      title: '大学路与航海路交叉口雨后积水',
      status: opts.closed ? 'closed' : 'dispatched',
      hold_level: 'district',
      hold_unit_id: t.units.housing,
      hold_since: at,
      dispatched_unit_id: t.units.housing,
      reported_at: at,
      closed_at: opts.closed ? at : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(p.id);
}
