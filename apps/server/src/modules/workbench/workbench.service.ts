import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { shanghaiDate, WORKBENCH_SECTION_LABELS, WORKBENCH_SECTIONS, type Workbench, type WorkbenchItem, type WorkbenchSectionKey } from '@duban/shared';
import type { DB } from '../../db/schema';
import { requirePermission, type Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { reportDueSql } from '../matters/ledger.todo';
import { overdueMatter } from '../matters/matter-status.sql';
import { matterScopeSql } from '../matters/matter.scope';

const TOP = 5;

// Every section is a select over `matters as m` (plus its own joins) yielding the item columns.
type ItemRow = { id: number; number: string; title: string; deadline: string; status: WorkbenchItem['status']; colour: WorkbenchItem['colour']; note: string | null; ref_id: number | null; at: Date | null };
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each section joins different tables; only the selected columns matter
type Section = SelectQueryBuilder<any, any, ItemRow>;

const cols = ['m.id', 'm.number', 'm.title', 'm.deadline', 'm.status', 'm.colour'] as const;

function sections(db: Kysely<DB>, actor: Actor, now: Date): Partial<Record<WorkbenchSectionKey, { q: Section; order: 'asc' | 'desc' }>> {
  const t = actor.tenantId;
  const out: Partial<Record<WorkbenchSectionKey, { q: Section; order: 'asc' | 'desc' }>> = {};
  const unitId = actor.unitId;
  if (unitId !== null && actor.permissions.has('matter.handle')) {
    const mine = db.selectFrom('matter_units as mu').innerJoin('matters as m', 'm.id', 'mu.matter_id').where('mu.tenant_id', '=', t).where('mu.unit_id', '=', unitId);
    if (actor.permissions.has('matter.sign')) out.to_sign = {
      q: mine.where('mu.status', '=', 'pending').where('m.status', 'in', ['assigned', 'in_progress']).select(cols).select([sql<string | null>`null`.as('note'), sql<number | null>`null`.as('ref_id'), 'mu.assigned_at as at']),
      order: 'asc',
    };
    // A report is due once the cadence has passed since the last one, or since signing (the ledger's todo=to_report agrees).
    out.to_report = {
      q: mine
        .where('mu.status', '=', 'signed')
        .where('m.status', '=', 'in_progress')
        .where('m.report_cadence', '!=', 'none')
        .where(reportDueSql(now))
        .select(cols)
        .select([sql<string | null>`null`.as('note'), sql<number | null>`null`.as('ref_id'), 'mu.last_report_at as at']),
      order: 'asc',
    };
  }
  if (actor.permissions.has('matter.manage')) {
    out.to_review_completion = {
      q: db
        .selectFrom('matters as m')
        .where('m.tenant_id', '=', t)
        .where('m.status', '=', 'completion_requested')
        .select(cols)
        .select([sql<string | null>`null`.as('note'), sql<number | null>`null`.as('ref_id'), 'm.completion_requested_at as at']),
      order: 'asc',
    };
    out.to_approve_extension = {
      q: db
        .selectFrom('extension_requests as e')
        .innerJoin('matters as m', 'm.id', 'e.matter_id')
        .leftJoin('units as u', 'u.id', 'e.unit_id')
        .where('e.tenant_id', '=', t)
        .where('e.status', '=', 'pending')
        .select(cols)
        .select([sql<string | null>`coalesce(u.name, '') || ' 申请延期至 ' || to_char(e.requested_deadline, 'YYYY-MM-DD')`.as('note'), 'e.id as ref_id', 'e.created_at as at']),
      order: 'asc',
    };
  }
  if (actor.personId !== null) {
    out.notices_to_acknowledge = {
      q: db
        .selectFrom('notice_recipients as r')
        .innerJoin('notices as n', 'n.id', 'r.notice_id')
        .innerJoin('matters as m', 'm.id', 'n.matter_id')
        .where('r.tenant_id', '=', t)
        .where('r.person_id', '=', actor.personId)
        .where('r.acknowledged_at', 'is', null)
        .where('n.closed_at', 'is', null)
        .select(cols)
        .select([sql<string | null>`n.number || ' ' || n.title`.as('note'), 'n.id as ref_id', 'n.issued_at as at']),
      order: 'asc',
    };
  }
  let overdue = db.selectFrom('matters as m').where('m.tenant_id', '=', t).where(overdueMatter(shanghaiDate(now)));
  const scope = matterScopeSql(actor);
  if (scope) overdue = overdue.where(scope);
  out.overdue = { q: overdue.select(cols).select([sql<string | null>`null`.as('note'), sql<number | null>`null`.as('ref_id'), sql<Date | null>`null`.as('at')]), order: 'asc' };
  return out;
}

/** 工作台: what waits for the signed-in person, per role, with counts and the most pressing items. */
export async function workbench(deps: Deps, actor: Actor): Promise<Workbench> {
  requirePermission(actor, 'matter.read');
  const now = deps.clock.now();
  const entries = Object.entries(sections(deps.db, actor, now)).flatMap(([k, v]) => (v ? [[k, v] as const] : []));
  const results = await Promise.all(
    entries.map(async ([key, { q, order }]) => {
      const [items, count] = await Promise.all([
        q.orderBy('m.deadline', order).orderBy('m.id').limit(TOP).execute(),
        q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
      ]);
      return { key, items, count: Number(count.n) };
    }),
  );
  return {
    sections: results.flatMap(({ key, items, count }) => {
      const k = WORKBENCH_SECTIONS.find((x) => x === key);
      if (!k) return [];
      return [
        {
          key: k,
          label: WORKBENCH_SECTION_LABELS[k],
          count,
          items: items.map((r) => ({ matterId: r.id, number: r.number, title: r.title, deadline: r.deadline, status: r.status, colour: r.colour, note: r.note, refId: r.ref_id, at: r.at ? new Date(r.at).toISOString() : null })),
        },
      ];
    }),
  };
}
