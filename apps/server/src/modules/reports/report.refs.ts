import { daysBetween, isOverdue, shanghaiDate, type ReportMatter } from '@duban/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';

/** The columns a report shows of a matter it cites, with its lead unit's and leader's names. */
export function matterRefs(db: Kysely<DB>, tenantId: number) {
  return db
    .selectFrom('matters as m')
    .innerJoin('units as u', 'u.id', 'm.lead_unit_id')
    .leftJoin('people as p', 'p.id', 'm.lead_leader_id')
    .where('m.tenant_id', '=', tenantId)
    .select(['m.id', 'm.number', 'm.title', 'm.status', 'm.colour', 'm.progress', 'm.deadline', 'm.created_at', 'm.closed_at', 'u.name as unit_name', 'p.name as leader_name']);
}
export type RefRow = Awaited<ReturnType<ReturnType<typeof matterRefs>['execute']>>[number];

/** A cited matter as the report lists it, its days overdue counted at `asOf` (the report's last day). */
export function toRef(r: RefRow, asOf: string, tags: string[] = []): ReportMatter {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    unitName: r.unit_name,
    leaderName: r.leader_name,
    status: r.status,
    colour: r.colour,
    progress: Number(r.progress),
    deadline: r.deadline,
    createdOn: shanghaiDate(r.created_at),
    closedOn: r.closed_at ? shanghaiDate(r.closed_at) : null,
    daysOverdue: isOverdue(r, asOf) ? daysBetween(r.deadline, asOf) : null,
    tags,
  };
}
