import { sql, type Kysely, type Transaction } from 'kysely';
import type { LedgerQuery } from '@duban/shared';
import type { DB } from '../../db/schema';
import type { Actor } from '../../lib/actor';
import { ledgerWhere } from '../matters/ledger.query';

type Conn = Kysely<DB> | Transaction<DB>;

/**
 * One keyset batch of the export: the next `size` matters after `afterId` (by id) among exactly
 * those the ledger shows for `q` in the actor's scope, with every name the sheet needs joined on.
 * Keyset, not offset: each batch costs the same however deep into 100,000 rows it is.
 */
export function exportBatch(db: Conn, actor: Actor, q: LedgerQuery, now: Date, afterId: number, size: number) {
  const page = ledgerWhere(db, actor, q, now).selectAll('m').where('m.id', '>', afterId).orderBy('m.id').limit(size);
  return db
    .selectFrom(page.as('m'))
    .innerJoin('units as lu', 'lu.id', 'm.lead_unit_id')
    .leftJoin('people as ll', 'll.id', 'm.lead_leader_id')
    .leftJoin('categories as c', 'c.id', 'm.category_id')
    .leftJoin('matters as pm', 'pm.id', 'm.parent_id')
    // Only what the sheet shows: decoding 60 columns × 100,000 rows would cost more than the query.
    .select([
      'm.id',
      'm.number',
      'm.title',
      'm.content',
      'm.source',
      'm.source_doc',
      'm.start_date',
      'm.deadline',
      'm.original_deadline',
      'm.deadline_workdays',
      'm.report_cadence',
      'm.priority',
      'm.difficulty',
      'm.workload',
      'm.weight',
      'm.investment_plan',
      'm.investment_done',
      'm.status',
      'm.progress',
      'm.colour',
      'm.assigned_at',
      'm.last_report_at',
      'm.closed_at',
      'm.rating',
      'm.created_at',
    ])
    .select(['lu.name as lead_unit_name', 'll.name as lead_leader_name', 'c.name as category_name', 'pm.number as parent_number'])
    .select((eb) => [
      eb
        .selectFrom('matter_units as mu')
        .innerJoin('units as u', 'u.id', 'mu.unit_id')
        .select(sql<string[]>`coalesce(array_agg(u.name order by mu.id), '{}')`.as('n'))
        .whereRef('mu.matter_id', '=', 'm.id')
        .where('mu.role', '=', 'co')
        .as('co_unit_names'),
      eb
        .selectFrom('matter_handlers as mh')
        .innerJoin('people as p', 'p.id', 'mh.person_id')
        .select(sql<string[]>`coalesce(array_agg(p.name order by p.id), '{}')`.as('n'))
        .whereRef('mh.matter_id', '=', 'm.id')
        .as('handler_names'),
      eb
        .selectFrom('milestones as ms')
        .select(
          sql<string>`coalesce(string_agg(ms.due_date::text || ' ' || (ms.planned_progress::float8)::text || '%' || case when ms.description <> '' then ' ' || ms.description else '' end, '；' order by ms.due_date), '')`.as('t'),
        )
        .whereRef('ms.matter_id', '=', 'm.id')
        .as('milestones_text'),
    ])
    .orderBy('m.id');
}

export type ExportRow = Awaited<ReturnType<ReturnType<typeof exportBatch>['execute']>>[number];
