import {
  addWorkdays,
  extensionPendingText,
  noticeReplyText,
  noticeUnacknowledgedText,
  shanghaiDate,
  shanghaiInstant,
  shanghaiMinuteOfDay,
  workdaysBetween,
} from '@duban/shared';
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { DB } from '../../db/schema';
import type { OutboxEntry } from '../outbox/outbox.service';
import { notYetOwed } from './sweep.repository';
import type { TenantRules } from './tenant-rules';

/**
 * The row's reminder (tenant q.tenant_id, this event key) is not in the outbox yet. A scalar subquery, one index probe
 * per row, not `not exists`: that became an anti join that read and hashed the whole outbox (229,000 rows at
 * 1,000,000 matters, 0.5 s) on every sweep to check 17,000 notices.
 */
const notOwed = (eventKey: RawBuilder<string>) => sql<SqlBool>`(select 1 from outbox o where o.tenant_id = q.tenant_id and o.event_key = ${eventKey} limit 1) is null`;

/** One working day after `issued`, at the same time of day: when a notice or request counts as waiting. */
function oneWorkdayAfter(rules: TenantRules, issued: Date): Date {
  return shanghaiInstant(addWorkdays(rules.cal, shanghaiDate(issued), 1), shanghaiMinuteOfDay(issued));
}

/**
 * Reminders not tied to a matter's colour: a 督查通知单 not acknowledged a working day after it was
 * issued (to those who have not), an extension request waiting a working day for approval (to 督查办).
 * A notice's written reply (书面报送) missing from a unit it was sent to: from the working day before its
 * 回复期限 (to that unit's recipients) and again once the date has passed (to them and to 督查办).
 * Each is owed once (its event key); rows already owed are left out in SQL.
 */
export async function pendingOfficeReminders(
  db: Kysely<DB>,
  at: Date,
  rules: ReadonlyMap<number, TenantRules>,
  officeOf: (tenantId: number) => Promise<number[]>,
): Promise<OutboxEntry[]> {
  const dayAgo = new Date(at.getTime() - 86_400_000);
  // Every sweep asks about every open notice, and nearly all were answered by an earlier one (their key is in
  // the outbox): the matter's title and the unit's name are looked up only for the few rows left, not joined
  // first (a join planned a sequential scan of all matters and of the outbox for every steady sweep).
  const out: OutboxEntry[] = [];
  const notices = await sql<{ id: number; tenant_id: number; matter_id: number; number: string; title: string; reply_by: string | null; issued_at: Date; matter_title: string; people: number[] }>`
    select q.*, (select m.title from matters m where m.id = q.matter_id) as matter_title
    from (
      select n.id, n.tenant_id, n.matter_id, n.number, n.title, n.reply_by, n.issued_at, array_agg(nr.person_id order by nr.person_id) as people
      from notices n
        join notice_recipients nr on nr.notice_id = n.id and nr.acknowledged_at is null
      where n.issued_at <= ${dayAgo} and n.closed_at is null
      group by n.id
    ) q
    where ${notOwed(sql`'notice-unack:' || q.id`)}
    order by q.id`.execute(db);
  for (const n of notices.rows) {
    const r = rules.get(n.tenant_id);
    if (!r || at < oneWorkdayAfter(r, n.issued_at)) continue;
    const text = noticeUnacknowledgedText({ number: n.number, title: n.title, matterTitle: n.matter_title, replyBy: n.reply_by });
    out.push({ tenantId: n.tenant_id, kind: 'notice.unacknowledged', eventKey: `notice-unack:${n.id}`, matterId: n.matter_id, ...text, link: `/matters/${n.matter_id}`, personIds: n.people.map(Number), at });
  }

  // 书面报送 owed by a recipient unit: reminded from the working day before the date, and once it has passed.
  const today = shanghaiDate(at);
  const replies = await sql<{ id: number; tenant_id: number; matter_id: number; number: string; title: string; reply_by: string; matter_title: string; unit_id: number; unit_name: string; people: number[] }>`
    select q.id, q.tenant_id, q.matter_id, q.number, q.title, to_char(q.reply_by, 'YYYY-MM-DD') as reply_by, q.unit_id, q.people,
      (select m.title from matters m where m.id = q.matter_id) as matter_title, (select u.name from units u where u.id = q.unit_id) as unit_name
    from (
      select n.id, n.tenant_id, n.matter_id, n.number, n.title, n.reply_by, p.unit_id, array_agg(nr.person_id order by nr.person_id) as people
      from notices n
        join notice_recipients nr on nr.notice_id = n.id
        join people p on p.id = nr.person_id
      where n.reply_by is not null and n.closed_at is null and n.reply_by <= ${today}::date + 14
        and not exists (select 1 from notice_replies rp where rp.notice_id = n.id and rp.unit_id = p.unit_id)
      group by n.id, p.unit_id
    ) q
    where ${notOwed(sql`'notice-reply-overdue:' || q.id || ':' || q.unit_id`)}
    order by q.id, q.unit_id`.execute(db);
  const due: OutboxEntry[] = [];
  for (const n of replies.rows) {
    const r = rules.get(n.tenant_id);
    if (!r) continue;
    const text = { number: n.number, title: n.title, matterTitle: n.matter_title, unitName: n.unit_name, replyBy: n.reply_by };
    const base = { tenantId: n.tenant_id, matterId: n.matter_id, link: `/matters/${n.matter_id}`, at };
    if (today > n.reply_by) {
      const office = await officeOf(n.tenant_id);
      out.push({ ...base, kind: 'notice.reply_overdue', eventKey: `notice-reply-overdue:${n.id}:${n.unit_id}`, ...noticeReplyText('overdue', text), personIds: [...n.people.map(Number), ...office] });
    } else if (today >= addWorkdays(r.cal, n.reply_by, -1)) {
      due.push({ ...base, kind: 'notice.reply_due', eventKey: `notice-reply-due:${n.id}:${n.unit_id}`, ...noticeReplyText('due', text), personIds: n.people.map(Number) });
    }
  }
  // The reply-due reminders not owed yet, in one query (not one per notice and unit).
  out.push(...(await notYetOwed(db, due)));

  const extensions = await sql<{ id: number; tenant_id: number; matter_id: number; matter_title: string; unit_name: string | null; previous_deadline: string; requested_deadline: string; created_at: Date }>`
    select e.id, e.tenant_id, e.matter_id, m.title as matter_title, coalesce(u.name, lu.name) as unit_name,
      e.previous_deadline, e.requested_deadline, e.created_at
    from extension_requests e
      join matters m on m.id = e.matter_id
      join units lu on lu.id = m.lead_unit_id
      left join units u on u.id = e.unit_id
    where e.status = 'pending' and e.created_at <= ${dayAgo}
      and not exists (select 1 from outbox o where o.tenant_id = e.tenant_id and o.event_key = 'extension-pending:' || e.id)
    order by e.id`.execute(db);
  for (const e of extensions.rows) {
    const r = rules.get(e.tenant_id);
    if (!r || at < oneWorkdayAfter(r, e.created_at)) continue;
    const waiting = Math.max(1, workdaysBetween(r.cal, shanghaiDate(e.created_at), shanghaiDate(at)));
    const text = extensionPendingText({
      matterTitle: e.matter_title,
      unitName: e.unit_name ?? '',
      previousDeadline: e.previous_deadline,
      requestedDeadline: e.requested_deadline,
      waitingWorkdays: waiting,
    });
    out.push({ tenantId: e.tenant_id, kind: 'extension.pending', eventKey: `extension-pending:${e.id}`, matterId: e.matter_id, ...text, link: `/matters/${e.matter_id}`, personIds: await officeOf(e.tenant_id), at });
  }
  return out;
}
