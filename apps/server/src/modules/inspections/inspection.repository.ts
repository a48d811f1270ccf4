import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';

type Conn = Kysely<DB> | Transaction<DB>;

export function listInspections(db: Conn, tenantId: number, where: { matterId?: number; campaignId?: number; ids?: number[] }) {
  let q = db
    .selectFrom('inspections as i')
    .leftJoin('inspection_campaigns as c', 'c.id', 'i.campaign_id')
    .leftJoin('accounts as a', 'a.id', 'i.recorded_by')
    .leftJoin('people as p', 'p.id', 'a.person_id')
    .select([
      'i.id',
      'i.matter_id',
      'i.inspected_at',
      'i.location',
      'i.lat',
      'i.lng',
      'i.accuracy',
      'i.finding',
      'i.unannounced',
      'i.notes',
      'i.campaign_id',
      'i.created_at',
      'c.name as campaign_name',
      sql<string | null>`coalesce(p.name, a.display_name)`.as('recorded_by_name'),
      'i.returned_completion',
    ])
    .where('i.tenant_id', '=', tenantId);
  if (where.matterId !== undefined) q = q.where('i.matter_id', '=', where.matterId);
  if (where.campaignId !== undefined) q = q.where('i.campaign_id', '=', where.campaignId);
  if (where.ids) q = q.where('i.id', 'in', where.ids);
  return q.orderBy('i.inspected_at', 'desc').orderBy('i.id', 'desc').execute();
}

export function inspectorsOf(db: Conn, ids: readonly number[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .selectFrom('inspection_inspectors as ii')
    .innerJoin('people as p', 'p.id', 'ii.person_id')
    .select(['ii.inspection_id', 'p.name'])
    .where('ii.inspection_id', 'in', [...ids])
    .orderBy('p.id')
    .execute();
}

/** Who answers for a matter on the ground: the liaisons of its units and its handlers. */
export async function matterResponsibles(db: Conn, tenantId: number, matterId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('people as p')
    .select('p.id')
    .where('p.tenant_id', '=', tenantId)
    .where('p.active', '=', true)
    .where((eb) =>
      eb.or([
        eb.and([eb('p.is_liaison', '=', true), eb('p.unit_id', 'in', eb.selectFrom('matter_units').select('unit_id').where('matter_id', '=', matterId))]),
        eb('p.id', 'in', eb.selectFrom('matter_handlers').select('person_id').where('matter_id', '=', matterId)),
      ]),
    )
    .execute();
  return rows.map((r) => r.id);
}

export function latestReport(db: Conn, matterId: number) {
  return db.selectFrom('progress_reports').select(['id', 'unit_id']).where('matter_id', '=', matterId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}
