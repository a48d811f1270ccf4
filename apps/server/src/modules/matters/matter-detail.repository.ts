import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { executePrepared } from '../../db/prepared';
import type { DB } from '../../db/schema';
import type { Actor } from '../../lib/actor';
import { childCountOfM, coUnitNamesOfM } from './ledger.query';
import { openChildNumbersOfM, pendingExtensionUnitsOfM, scopedMatter } from './matter.access';

/**
 * A matter page in one statement: the matter in the actor's scope (undefined when not: the caller
 * answers 404) with every part as a JSON array from an indexed subquery by matter id. One round trip
 * instead of a dozen, so a busy pool does not queue a page behind itself. In the arrays, timestamps
 * arrive as ISO strings and numerics as numbers.
 */
export async function matterPage(db: Kysely<DB>, actor: Actor, matterId: number) {
  // Prepared on PostgreSQL: the statement takes longer to plan than to run.
  const { rows } = await executePrepared(db, matterPageQuery(db, actor, matterId).compile());
  return rows[0];
}

/** The statement of matterPage, unexecuted (for EXPLAIN). */
export function matterPageQuery(db: Kysely<DB>, actor: Actor, matterId: number) {
  return scopedMatter(db, actor, matterId)
    .innerJoin('units as lu', 'lu.id', 'm.lead_unit_id')
    .leftJoin('people as ll', 'll.id', 'm.lead_leader_id')
    .leftJoin('categories as c', 'c.id', 'm.category_id')
    .leftJoin('matters as p', 'p.id', 'm.parent_id')
    .innerJoin('tenants as t', 't.id', 'm.tenant_id')
    .selectAll('m')
    .select(['lu.name as lead_unit_name', 'll.name as lead_leader_name', 'c.name as category_name', 'c.thresholds as category_thresholds', 't.settings as tenant_settings'])
    .select(['p.number as parent_number', 'p.title as parent_title', 'p.deadline as parent_deadline'])
    .select([coUnitNamesOfM.as('co_unit_names'), childCountOfM.as('child_count'), openChildNumbersOfM.as('open_child_numbers'), pendingExtensionUnitsOfM.as('pending_extension_units')])
    .select((eb) => [
      jsonArrayFrom(eb.selectFrom('matter_units as mu').innerJoin('units as u', 'u.id', 'mu.unit_id').selectAll('mu').select('u.name as unit_name').whereRef('mu.matter_id', '=', 'm.id').orderBy('mu.id')).as('units'),
      jsonArrayFrom(
        eb.selectFrom('matter_handlers as h').innerJoin('people as hp', 'hp.id', 'h.person_id').select(['h.unit_id', 'h.person_id', 'hp.name']).whereRef('h.matter_id', '=', 'm.id').orderBy('h.assigned_at'),
      ).as('handlers'),
      jsonArrayFrom(eb.selectFrom('milestones as ms').selectAll('ms').whereRef('ms.matter_id', '=', 'm.id').orderBy('ms.due_date').orderBy('ms.id')).as('milestones'),
      jsonArrayFrom(
        eb
          .selectFrom('progress_reports as r')
          .innerJoin('units as ru', 'ru.id', 'r.unit_id')
          .selectAll('r')
          .select('ru.name as unit_name')
          .whereRef('r.matter_id', '=', 'm.id')
          .orderBy('r.created_at', 'desc')
          .orderBy('r.id', 'desc')
          .limit(500),
      ).as('reports'),
      jsonArrayFrom(eb.selectFrom('attachments as a').selectAll('a').whereRef('a.matter_id', '=', 'm.id').orderBy('a.id')).as('attachments'),
      jsonArrayFrom(
        eb
          .selectFrom('extension_requests as e')
          .leftJoin('units as eu', 'eu.id', 'e.unit_id')
          .leftJoin('accounts as era', 'era.id', 'e.requested_by')
          .leftJoin('accounts as eda', 'eda.id', 'e.decided_by')
          .selectAll('e')
          .select(['eu.name as unit_name', 'era.display_name as requested_name', 'eda.display_name as decided_name'])
          .whereRef('e.matter_id', '=', 'm.id')
          .orderBy('e.id', 'desc'),
      ).as('extensions'),
      jsonArrayFrom(
        eb
          .selectFrom('completion_requests as cr')
          .leftJoin('units as cu', 'cu.id', 'cr.unit_id')
          .leftJoin('accounts as cra', 'cra.id', 'cr.requested_by')
          .leftJoin('accounts as cda', 'cda.id', 'cr.decided_by')
          .selectAll('cr')
          .select(['cu.name as unit_name', 'cra.display_name as requested_name', 'cda.display_name as decided_name'])
          .whereRef('cr.matter_id', '=', 'm.id')
          .orderBy('cr.id', 'desc'),
      ).as('completions'),
      jsonArrayFrom(
        eb.selectFrom('urges as g').leftJoin('accounts as ga', 'ga.id', 'g.urged_by').selectAll('g').select('ga.display_name as urged_name').whereRef('g.matter_id', '=', 'm.id').orderBy('g.id', 'desc'),
      ).as('urges'),
      jsonArrayFrom(
        eb
          .selectFrom('notices as n')
          .leftJoin('accounts as na', 'na.id', 'n.issued_by')
          .selectAll('n')
          .select('na.display_name as issued_name')
          .select((eb2) =>
            eb2
              .selectFrom('notice_recipients as nr')
              .innerJoin('people as np', 'np.id', 'nr.person_id')
              .leftJoin('units as nu', 'nu.id', 'np.unit_id')
              .select(
                sql<{ personId: number; name: string; unitName: string | null; roleLabel: string | null; acknowledgedAt: string | null }[]>`coalesce(json_agg(json_build_object('personId', nr.person_id, 'name', np.name, 'unitName', nu.name, 'roleLabel', nr.role_label, 'acknowledgedAt', nr.acknowledged_at) order by np.id), '[]')`.as(
                  'list',
                ),
              )
              .whereRef('nr.notice_id', '=', 'n.id')
              .as('recipients'),
          )
          .select(
            // 书面报送: the recipients' units and when each first replied.
            sql<{ unitId: number; unitName: string; repliedAt: string | null }[]>`(
              select coalesce(json_agg(json_build_object('unitId', ru.id, 'unitName', ru.name, 'repliedAt',
                (select min(rp.submitted_at) from notice_replies rp where rp.notice_id = n.id and rp.unit_id = ru.id)) order by ru.id), '[]')
              from units ru
              where ru.id in (select rp2.unit_id from notice_recipients rr join people rp2 on rp2.id = rr.person_id where rr.notice_id = n.id))`.as('reply_units'),
          )
          .select(
            sql<{ id: number; unitId: number; unitName: string; body: string; submittedBy: string | null; submittedAt: string }[]>`(
              select coalesce(json_agg(json_build_object('id', rp.id, 'unitId', rp.unit_id, 'unitName', ru.name, 'body', rp.body, 'submittedBy', ra.display_name, 'submittedAt', rp.submitted_at) order by rp.submitted_at, rp.id), '[]')
              from notice_replies rp join units ru on ru.id = rp.unit_id left join accounts ra on ra.id = rp.submitted_by
              where rp.notice_id = n.id)`.as('replies'),
          )
          .whereRef('n.matter_id', '=', 'm.id')
          .orderBy('n.id', 'desc'),
      ).as('notices'),
      jsonArrayFrom(
        eb
          .selectFrom('inspections as i')
          .selectAll('i')
          .select((eb2) =>
            eb2
              .selectFrom('inspection_inspectors as ii')
              .innerJoin('people as ip', 'ip.id', 'ii.person_id')
              .select(sql<string[]>`coalesce(array_agg(ip.name order by ip.id), '{}')`.as('names'))
              .whereRef('ii.inspection_id', '=', 'i.id')
              .as('inspector_names'),
          )
          .whereRef('i.matter_id', '=', 'm.id')
          .orderBy('i.inspected_at', 'desc'),
      ).as('inspections'),
    ]);
}
