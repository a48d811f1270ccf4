import { shanghaiDate, type DateRange, type ReportDecision, type ReportMeetings } from '@duban/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { instantsOf } from '../cockpit/cockpit.scope';

/**
 * The 督查周报's 会议议定事项 section for a period: meetings held in it by kind, and every decision made in it,
 * carried out in it, or open past its deadline at its end (as the matters' 逾期 list counts: open now).
 */
export async function meetingFigures(db: Kysely<DB>, tenantId: number, range: DateRange): Promise<ReportMeetings> {
  const { start, end } = instantsOf(range);
  const held = await db
    .selectFrom('meetings')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('tenant_id', '=', tenantId)
    .where('held_on', '>=', range.from)
    .where('held_on', '<=', range.to)
    .groupBy('kind')
    .execute();
  const rows = await db
    .selectFrom('meeting_decisions as d')
    .innerJoin('meetings as mt', 'mt.id', 'd.meeting_id')
    .innerJoin('units as u', 'u.id', 'd.unit_id')
    .leftJoin('matters as m', 'm.id', 'd.matter_id')
    .select(['mt.title', 'mt.kind', 'mt.held_on', 'd.text', 'd.deadline', 'd.status', 'd.done_at', 'u.name as unit_name', 'm.number as matter_number'])
    .where('d.tenant_id', '=', tenantId)
    .where((eb) =>
      eb.or([
        eb.and([eb('mt.held_on', '>=', range.from), eb('mt.held_on', '<=', range.to)]),
        eb.and([eb('d.done_at', '>=', start), eb('d.done_at', '<', end)]),
        eb.and([eb('d.status', '=', 'open'), eb('d.deadline', '<', range.to), eb('mt.held_on', '<=', range.to)]),
      ]),
    )
    .orderBy('mt.held_on')
    .orderBy('mt.id')
    .orderBy('d.seq')
    .execute();
  const decisions: ReportDecision[] = rows.map((r) => {
    const doneOn = r.done_at ? shanghaiDate(r.done_at) : null;
    const tags = [
      ...(r.held_on >= range.from && r.held_on <= range.to ? ['本期议定'] : []),
      ...(doneOn && doneOn >= range.from && doneOn <= range.to ? ['本期落实'] : []),
      ...(r.status === 'open' && r.deadline < range.to ? ['逾期未落实'] : []),
    ];
    return { meetingTitle: r.title, meetingKind: r.kind, heldOn: r.held_on, content: r.text, unitName: r.unit_name, deadline: r.deadline, status: r.status, doneOn, matterNumber: r.matter_number, tags };
  });
  const count = (tag: string) => decisions.filter((d) => d.tags.includes(tag)).length;
  const kind = (k: string) => Number(held.find((h) => h.kind === k)?.n ?? 0);
  return { joint: kind('joint'), supervision: kind('supervision'), decided: count('本期议定'), done: count('本期落实'), overdue: count('逾期未落实'), decisions };
}
