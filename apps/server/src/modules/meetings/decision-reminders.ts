import { addDays, dayNumber, decisionReminderDue, decisionReminderText, isWorkday, shanghaiDate } from '@duban/shared';
import { inTransaction, type Deps } from '../../lib/deps';
import { tenantCalendar } from '../calendar/calendar.service';
import { liaisonsOf, officePeople } from '../matters/matter.repository';
import { enqueue } from '../outbox/outbox.service';

// T-3 working days is at most this many calendar days away, even across the National Day week.
const LOOKAHEAD_DAYS = 21;

/**
 * Reminds the units of their open meeting decisions (those not tracked as matters: the sweep reminds
 * those): T-3 and T-1 working days before the deadline, then every working day past it (the office too).
 * Written to the outbox under keys that make each reminder once only, so running often is harmless.
 */
export async function remindDecisions(deps: Deps): Promise<{ reminders: number }> {
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  const rows = await deps.db
    .selectFrom('meeting_decisions as d')
    .innerJoin('meetings as mt', 'mt.id', 'd.meeting_id')
    .innerJoin('units as u', 'u.id', 'd.unit_id')
    .select(['d.id', 'd.tenant_id', 'd.meeting_id', 'd.unit_id', 'd.text', 'd.deadline', 'mt.title', 'mt.held_on', 'u.name as unit_name'])
    .where('d.status', '=', 'open')
    .where('d.matter_id', 'is', null)
    .where('d.deadline', '<=', addDays(today, LOOKAHEAD_DAYS))
    .orderBy('d.tenant_id')
    .orderBy('d.id')
    .execute();
  let reminders = 0;
  for (const tenantId of [...new Set(rows.map((r) => r.tenant_id))]) {
    const cal = await tenantCalendar(deps.db, tenantId);
    const workday = isWorkday(cal, today);
    const owed = rows.flatMap((r) => {
      if (r.tenant_id !== tenantId) return [];
      const due = decisionReminderDue(cal, dayNumber(today), r.deadline, workday);
      return due ? [{ r, due }] : [];
    });
    if (!owed.length) continue;
    await inTransaction(deps.db, async (trx) => {
      const office = await officePeople(trx, tenantId);
      for (const { r, due } of owed) {
        const text = decisionReminderText(due.kind, due.days, { meetingTitle: r.title, heldOn: r.held_on, unitName: r.unit_name, text: r.text, deadline: r.deadline });
        const liaisons = await liaisonsOf(trx, tenantId, [r.unit_id]);
        const id = await enqueue(trx, {
          tenantId,
          kind: due.kind === 'overdue' ? 'meeting.decision_overdue' : 'meeting.decision_due',
          eventKey: due.kind === 'overdue' ? `meeting.decision_overdue:${r.id}:${today}` : `meeting.decision_due:${r.id}:${due.kind}:${r.deadline}`,
          ...text,
          link: `/meetings/${r.meeting_id}`,
          payload: { meetingId: r.meeting_id, decisionId: r.id, deadline: r.deadline },
          personIds: due.kind === 'overdue' ? [...liaisons, ...office] : liaisons,
          at: now,
        });
        if (id !== null) reminders += 1;
      }
    });
  }
  return { reminders };
}
