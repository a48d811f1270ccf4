import { MATTER_UNFINISHED_STATUSES, recountDeadlines } from '@duban/shared';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { systemActor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { enqueue } from '../outbox/outbox.service';
import { recordTrace } from '../trace/trace.service';
import { calendarFor } from './calendar.repository';

/**
 * After a calendar change, inside its transaction: recounts every open matter's "N 个工作日"
 * deadline from its start date through the new calendar (recountDeadlines), stores the new date and
 * 暂定 flag, tells the matter's units and handlers when the date moved, and traces each move as a
 * system change. Deadlines an approved extension set are dates, not counts, and are left alone.
 */
export async function recountWorkdayDeadlines(trx: Transaction<DB>, deps: Deps, tenantId: number): Promise<number> {
  const cal = await calendarFor(trx, tenantId);
  const rows = await trx
    .selectFrom('matters as m')
    .select(['m.id', 'm.number', 'm.title', 'm.start_date', 'm.deadline', 'm.original_deadline', 'm.deadline_workdays', 'm.deadline_provisional', 'm.status'])
    .where('m.tenant_id', '=', tenantId)
    .where('m.deadline_workdays', 'is not', null)
    .where('m.status', 'in', MATTER_UNFINISHED_STATUSES)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('extension_requests as e').select('e.id').whereRef('e.matter_id', '=', 'm.id').where('e.status', '=', 'approved'))))
    .execute();
  const changes = recountDeadlines(cal, rows.map((r) => ({ id: r.id, startDate: r.start_date, deadline: r.deadline, deadlineWorkdays: r.deadline_workdays, provisional: r.deadline_provisional })));
  if (!changes.length) return 0;
  const now = deps.clock.now();
  const actor = systemActor(tenantId, '系统（工作日历变更）');
  for (const c of changes) {
    const m = rows.find((r) => r.id === c.id);
    if (!m) continue;
    await trx
      .updateTable('matters')
      .set({
        deadline: c.to,
        deadline_provisional: c.provisional,
        // The first deadline on record was this miscount too (no extension moved it): correct it with it.
        ...(m.original_deadline === m.deadline || m.status === 'registered' ? { original_deadline: c.to } : {}),
        updated_at: now,
      })
      .where('id', '=', c.id)
      .execute();
    if (c.from === c.to) continue;
    const people = await trx
      .selectFrom('people as p')
      .select('p.id')
      .where('p.tenant_id', '=', tenantId)
      .where('p.active', '=', true)
      .where((eb) =>
        eb.or([
          eb('p.id', 'in', eb.selectFrom('matter_handlers').select('person_id').where('matter_id', '=', c.id)),
          eb.and([eb('p.is_liaison', '=', true), eb('p.unit_id', 'in', eb.selectFrom('matter_units').select('unit_id').where('matter_id', '=', c.id))]),
        ]),
      )
      .execute();
    // Before 交办 nobody is on the matter yet: the office sees the new date when it assigns.
    if (m.status !== 'registered') {
      await enqueue(trx, {
        tenantId,
        kind: 'matter.deadline_recounted',
        eventKey: `deadline-recount:${c.id}:${c.to}`,
        matterId: c.id,
        title: `【时限调整】${m.number} ${m.title}`,
        body: `工作日历已更新，“${m.title}”的时限按 ${m.deadline_workdays} 个工作日重新计算，由 ${c.from} 调整为 ${c.to}${c.provisional ? '（暂定）' : ''}。`,
        link: `/matters/${c.id}`,
        personIds: people.map((p) => p.id),
        at: now,
      });
    }
  }
  for (const c of changes) {
    if (c.from === c.to) continue;
    const m = rows.find((r) => r.id === c.id);
    await recordTrace(trx, deps.clock, actor, {
      action: 'matter.deadline_recount',
      entityType: 'matter',
      entityId: c.id,
      before: { deadline: c.from },
      after: { deadline: c.to, provisional: c.provisional, deadlineWorkdays: m?.deadline_workdays ?? null },
    });
  }
  return changes.length;
}
